/** The background's answers to each request of the protocol in utils/messaging.ts. */
import type { Handlers } from '../../utils/messaging';
import type { ArchiveService } from './archive-service';
import type { createTabService } from './tab-service';

/** Builds the handlers over the background's services. */
export function createHandlers({
  archive,
  tabs,
}: {
  archive: ArchiveService;
  tabs: ReturnType<typeof createTabService>;
}): Handlers {
  return {
    'content:get-matcher-source': async () => archive.getMatcherSource(),
    'content:get-card': async ({ orgKey, limit }) => archive.getCard(orgKey, limit),
    'content:report-mentions': async ({ frameUrl, documentId, report }, sender) => {
      // The report only ever describes the sender's own tab: the tab id comes from the browser.
      if (sender.tabId === undefined) throw new Error('mention reports come from tabs only');
      await tabs.record(
        { tabId: sender.tabId, frameId: sender.frameId ?? 0, frameUrl, documentId },
        report,
      );
      return { accepted: true };
    },
    'ui:get-tab-report': async ({ tabId }) => tabs.get(tabId),
    'ui:import-pack': async ({ text, mode }) => archive.importPackText(text, mode),
    'ui:restore-bundled': async () => archive.restoreBundled(),
    'ui:set-pack-enabled': async ({ packId, enabled }) => archive.setPackEnabled(packId, enabled),
  };
}
