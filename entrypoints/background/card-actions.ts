/**
 * What the background does for the hover card beyond reading the archive: open the archive at an
 * organisation in a new tab, and pass the "next mention" shortcut on to the page.
 */
import { archiveLinkPath } from '../../utils/search/deep-link';
import type { BackgroundMessage } from '../../utils/messaging';

import { NEXT_MENTION_COMMAND } from '../../utils/card/next-mention';

export { NEXT_MENTION_COMMAND };

/** The part of the `tabs` and `runtime` APIs these actions use; tests pass fakes. */
export interface CardActionsBrowser {
  runtime: { getURL(path: string): string };
  tabs: {
    create(properties: { url: string; openerTabId?: number }): Promise<unknown>;
    query(query: { active: true; currentWindow: true }): Promise<{ id?: number }[]>;
    sendMessage(
      tabId: number,
      message: BackgroundMessage,
      options: { frameId: number },
    ): Promise<unknown>;
  };
}

/**
 * One archive tab per page per this many ms: a double click opens one tab, and a page whose
 * content script was subverted cannot flood the browser with tabs.
 */
export const OPEN_ARCHIVE_INTERVAL_MS = 1_000;

/** Creates the actions over `api` (the real `browser` in the background). */
export function createCardActions(api: CardActionsBrowser, now: () => number = Date.now) {
  const lastOpened = new Map<number, number>();
  return {
    /**
     * Opens the popup's archive view, filtered to `orgKey`, in a new tab next to the page that
     * asked. `orgKey` was validated by the protocol, and the URL is always the extension's own.
     */
    async openArchive(orgKey: string, openerTabId: number | undefined): Promise<{ opened: true }> {
      if (openerTabId === undefined) throw new Error('the archive is opened from tabs only');
      const last = lastOpened.get(openerTabId);
      if (last !== undefined && now() - last < OPEN_ARCHIVE_INTERVAL_MS) {
        throw new Error('the archive was opened from this tab a moment ago');
      }
      lastOpened.set(openerTabId, now());
      const url = api.runtime.getURL(archiveLinkPath(orgKey));
      await api.tabs.create({ url, openerTabId });
      return { opened: true };
    },

    /**
     * Handles a `commands.onCommand` event: the "next mention" shortcut goes to the top frame of
     * the active tab. A tab without the content script (a browser page) rejects it: ignored.
     */
    async onCommand(command: string): Promise<void> {
      if (command !== NEXT_MENTION_COMMAND) return;
      const [tab] = await api.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined) return;
      const message: BackgroundMessage = { type: 'background:next-mention', payload: {} };
      await api.tabs.sendMessage(tab.id, message, { frameId: 0 }).catch(() => undefined);
    },
  };
}

/** The background's card actions; see {@link createCardActions}. */
export type CardActions = ReturnType<typeof createCardActions>;
