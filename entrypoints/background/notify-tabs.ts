/** Notices from the background to the content scripts of every open tab. */
import { browser } from 'wxt/browser';
import type { BackgroundMessage } from '../../utils/messaging';

/**
 * Sends `message` to every frame of every tab. Tabs without our content script (browser pages,
 * stores, tabs opened before installation) reject the message; that is expected and ignored.
 */
export async function notifyTabs(message: BackgroundMessage): Promise<void> {
  const tabs = await browser.tabs.query({}).catch(() => []);
  await Promise.all(
    tabs.map((tab) =>
      tab.id === undefined
        ? undefined
        : browser.tabs.sendMessage(tab.id, message).catch(() => undefined),
    ),
  );
}
