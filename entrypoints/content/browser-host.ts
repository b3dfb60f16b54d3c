/**
 * The browser side of the slice loop (utils/scanning/slices.ts): how the content script gives
 * the main thread back to the page between slices, bound to WXT's context so nothing fires
 * after the extension is disabled or updated.
 *
 * Urgent slices continue after `scheduler.yield()`: the page's input and rendering go first, then
 * our continuation runs ahead of other queued tasks, so the viewport is highlighted promptly.
 * Idle slices wait for `requestIdleCallback` and take at most the time the browser says it has.
 * Both exist in content scripts of Chromium 156 and Firefox 153 (checked in both); where either
 * is missing (older or other browsers), a zero-delay timeout stands in.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { SLICE_BUDGET_MS, type SliceHost, type Urgency } from '../../utils/scanning/slices';
import { createSignalTimers } from '../../utils/signal-timers';

/** Longest wait for an idle period before an idle slice runs anyway (ms). */
const IDLE_TIMEOUT_MS = 500;

interface Scheduler {
  yield?: () => Promise<void>;
}

/** A slice host over the page's timers, cancelled with `ctx`. */
export function createBrowserSliceHost(ctx: ContentScriptContext): SliceHost {
  // Not ctx.setTimeout / ctx.requestIdleCallback: they keep a listener per call for the page's
  // life, one per idle slice here (see utils/signal-timers.ts).
  const timers = createSignalTimers(ctx.signal, { isActive: () => ctx.isValid });
  const timeout = () =>
    new Promise<number>((resolve) => timers.setTimeout(() => resolve(SLICE_BUDGET_MS), 0));

  function yieldSoon(): Promise<number> {
    const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
    if (typeof scheduler?.yield !== 'function') return timeout();
    try {
      return scheduler.yield().then(
        () => SLICE_BUDGET_MS,
        () => timeout(),
      );
    } catch {
      return timeout();
    }
  }

  function waitFor(urgency: Urgency): Promise<number> {
    if (urgency === 'idle' && typeof requestIdleCallback === 'function') {
      return new Promise((resolve) => {
        timers.requestIdleCallback(
          (deadline) => resolve(deadline.didTimeout ? SLICE_BUDGET_MS : deadline.timeRemaining()),
          { timeout: IDLE_TIMEOUT_MS },
        );
      });
    }
    return yieldSoon();
  }

  return {
    now: () => performance.now(),
    // `ctx.isInvalid` asks the extension runtime whether this script's extension is still there
    // (disabled or updated under the page, it is not) and, if not, aborts `ctx`: the loop then
    // stops and the scanner erases its highlights. Asked once before each slice, not at each
    // change the page makes: the answer is a call through the extension API, and a feed
    // changes every frame.
    wait: (urgency) => waitFor(urgency).then((offered) => (ctx.isInvalid ? 0 : offered)),
  };
}
