/** The background's answers to each request of the protocol in utils/messaging.ts. */
import type { Handlers } from '../../utils/messaging';
import type { ArchiveService } from './archive-service';
import type { CardActions } from './card-actions';
import { createOptionsService, type OptionsService } from './options-service';
import type { createTabService } from './tab-service';

/** Builds the handlers over the background's services. */
export function createHandlers({
  archive,
  tabs,
  options = createOptionsService({ archive }),
  cardActions,
}: {
  archive: ArchiveService;
  tabs: ReturnType<typeof createTabService>;
  /** The options page's writes; built over `archive` and the real settings store by default. */
  options?: OptionsService;
  /** The hover card's "Open all N in the archive"; without it the request is refused. */
  cardActions?: Pick<CardActions, 'openArchive'>;
}): Handlers {
  return {
    'content:get-matcher-source': async () => archive.getMatcherSource(),
    'content:get-aliases': async ({ revision, keys }) => archive.getAliases(revision, keys),
    'content:get-card': async ({ orgKey, limit }) => archive.getCard(orgKey, limit),
    'content:open-archive': async ({ orgKey }, sender) => {
      if (!cardActions) throw new Error('opening the archive is not available here');
      return cardActions.openArchive(orgKey, sender.tabId);
    },
    'content:report-mentions': async ({ frameUrl, documentId, report }, sender) => {
      // The report only ever describes the sender's own tab: the tab id comes from the browser.
      if (sender.tabId === undefined) throw new Error('mention reports come from tabs only');
      await tabs.record(
        { tabId: sender.tabId, frameId: sender.frameId ?? 0, frameUrl, documentId },
        report,
      );
      // The page's organisations may be hovered next: have their cards' counts ready.
      archive.warmCardTotals(report.organisations.map((organisation) => organisation.key));
      return { accepted: true };
    },
    'ui:get-tab-report': async ({ tabId }) => tabs.get(tabId),
    'ui:import-pack': async ({ text, mode }) => archive.importPackText(text, mode),
    'ui:restore-bundled': async () => archive.restoreBundled(),
    'ui:set-pack-enabled': async ({ packId, enabled }) => archive.setPackEnabled(packId, enabled),
    'ui:set-organisation-enabled': async ({ orgKey, enabled }) =>
      options.setOrganisationEnabled(orgKey, enabled),
    'ui:set-aliases': async ({ orgKey, aliases }) => options.setAliases(orgKey, aliases),
    'ui:save-organisation': async ({ organisation }) => options.saveOrganisation(organisation),
    'ui:delete-organisation': async ({ orgKey }) => options.deleteOrganisation(orgKey),
    'ui:save-note': async ({ note }) => options.saveNote(note),
    'ui:delete-note': async ({ id }) => options.deleteNote(id),
    'ui:delete-pack': async ({ packId }) => options.deletePack(packId),
    'ui:preview-import': async ({ text, mode }) => options.previewImport(text, mode),
    'ui:preview-backup': ({ text }) => options.previewBackup(text),
    'ui:restore-backup': async ({ text }) => options.restoreBackup(text),
    'ui:update-settings': async ({ patch }) => options.updateSettings(patch),
    'ui:reset-settings': async () => options.resetSettings(),
    'ui:set-site-paused': async ({ url, paused }) => options.setSitePaused(url, paused),
  };
}
