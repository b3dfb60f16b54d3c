import { render } from 'preact';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import '../../assets/styles/tokens.css';
import './style.css';
import type { OptionsServices } from '../../components/options';
import { backupFileName, createBackup } from '../../utils/archive/backup';
import { openArchiveDb } from '../../utils/archive/db';
import { exportFileName, exportPack } from '../../utils/archive/export';
import { createArchiveRepository } from '../../utils/archive/repository';
import { estimateStorage, requestPersistence } from '../../utils/archive/storage';
import { NEXT_MENTION_COMMAND } from '../../utils/card/next-mention';
import { sendRequest } from '../../utils/messaging';
import { NOTES_PACK_ID } from '../../utils/packs/model';
import { watchArchiveChanges } from '../../utils/search/changes';
import { getSettingsStore, watchSettings } from '../../utils/settings/storage';
import { App } from './App';

/** Notes listed at once; more than anyone writes by hand. */
const NOTES_LIMIT = 10_000;

async function main() {
  const locale = i18n.t('@@ui_locale').replace('_', '-');
  document.documentElement.lang = locale;
  document.documentElement.dir = i18n.t('@@bidi_dir');
  document.title = i18n.t('options.title');

  // Reads go straight to the database (this page is at the extension's origin); every write goes
  // through the background, which checks it and tells open tabs.
  const db = await openArchiveDb({ onVersionChange: () => location.reload() });
  const repository = createArchiveRepository(db);
  const store = getSettingsStore();
  // Extension pages are the only contexts where persist() exists (workers do not have it).
  void requestPersistence(navigator.storage);

  const services: OptionsServices = {
    async loadArchive() {
      const [packs, organisations, notes] = await Promise.all([
        repository.listPacks(),
        repository.listOrganisations(),
        repository.listSummaries({ packId: NOTES_PACK_ID, enabledOnly: false, limit: NOTES_LIMIT }),
      ]);
      const counts = await Promise.all(
        packs.map((pack) => repository.countSummaries({ packId: pack.id, enabledOnly: false })),
      );
      return {
        packs,
        organisations,
        notes: notes.items,
        summaryCounts: Object.fromEntries(packs.map((pack, i) => [pack.id, counts[i] ?? 0])),
      };
    },
    watchArchive: (onMaybeChanged) =>
      watchArchiveChanges({ document, BroadcastChannel }, onMaybeChanged),
    loadSettings: () => store.load(),
    watchSettings: (callback) => watchSettings(callback, store),
    request: (type, payload) =>
      sendRequest((message) => browser.runtime.sendMessage(message), type, payload),
    async exportPack(packId) {
      const file = await exportPack(db, packId);
      return (
        file && { fileName: exportFileName(packId), text: `${JSON.stringify(file, null, 2)}\n` }
      );
    },
    async createBackup() {
      const backup = await createBackup(db, (await store.load()).settings);
      return { fileName: backupFileName(), text: JSON.stringify(backup) };
    },
    async storageInfo() {
      const manager = navigator.storage;
      const [estimate, persisted] = await Promise.all([
        estimateStorage(manager),
        manager?.persisted?.().catch(() => false),
      ]);
      return {
        ...estimate,
        persistence: persisted === undefined ? 'unsupported' : persisted ? 'granted' : 'denied',
      };
    },
    requestPersistence: () => requestPersistence(navigator.storage),
    async nextMentionShortcut() {
      const commands = await browser.commands.getAll();
      return commands.find((command) => command.name === NEXT_MENTION_COMMAND)?.shortcut ?? '';
    },
    async openShortcutSettings() {
      // Firefox (137+) opens its add-on shortcut settings itself; Chromium has a page for them.
      const commands = browser.commands as { openShortcutSettings?: () => Promise<void> };
      if (typeof commands.openShortcutSettings === 'function') {
        await commands.openShortcutSettings();
        return;
      }
      await browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
    },
    download({ fileName, text }) {
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      // Long enough for the browser to start the download from the blob.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    locale,
  };

  const root = document.getElementById('app');
  if (root) render(<App services={services} />, root);
}

void main();
