/**
 * Taking the content script's listeners off the extension's own events when WXT's `ctx` is
 * invalidated (the extension was updated, reloaded or disabled under the page).
 *
 * By then Chromium has cut the orphaned script off from the extension: every `runtime.*` or
 * `storage.*` call, even `removeListener`, throws "Extension context invalidated." from inside
 * `ctx`'s abort handler, which the page's console shows as an uncaught error. The events are
 * gone with the extension anyway, so nothing is left to remove and the error is dropped.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** Runs `remove` when `ctx` is invalidated; an extension API that refuses is fine by then. */
export function removeOnInvalidated(ctx: ContentScriptContext, remove: () => void): void {
  ctx.onInvalidated(() => {
    try {
      remove();
    } catch {
      // The extension context is gone, and its listeners with it.
    }
  });
}
