import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createMessageRouter, type SenderInfo } from '../../utils/messaging';
import { ARCHIVE_CHANGED_CHANNEL } from '../../utils/search/changes';
import { createArchiveService } from './archive-service';
import { createCardActions } from './card-actions';
import { createHandlers } from './handlers';
import { notifyTabs } from './notify-tabs';
import { createTabService } from './tab-service';

export default defineBackground(() => {
  // Content scripts rebuild their matcher when what they match changes (import, pack switch);
  // open extension pages (the popup's search index) hear it on a channel of their own origin.
  const pages = new BroadcastChannel(ARCHIVE_CHANGED_CHANNEL);
  const archive = createArchiveService({
    onRevision: (revision) => {
      void notifyTabs({ type: 'background:archive-changed', payload: { revision } });
      pages.postMessage({ revision });
    },
  });
  const tabs = createTabService();
  tabs.listen();

  const cardActions = createCardActions(browser);
  // The "next mention" shortcut (manifest `commands`) goes to the active tab's page.
  browser.commands.onCommand.addListener((command) => void cardActions.onCommand(command));

  const route = createMessageRouter(createHandlers({ archive, tabs, cardActions }), {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
  });
  browser.runtime.onMessage.addListener((message, sender) => {
    const info: SenderInfo = {
      id: sender.id,
      url: sender.url,
      tabId: sender.tab?.id,
      frameId: sender.frameId,
    };
    return route(message, info);
  });

  // First install and every update refresh the bundled archive; the user's switches and notes stay.
  browser.runtime.onInstalled.addListener(() => void archive.ensureBundled());
  void archive.ensureBundled();
});
