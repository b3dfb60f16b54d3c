/**
 * What the options page's components need from the extension: reads from the archive and storage,
 * typed requests to the background for every write, and file downloads. `entrypoints/options/
 * main.tsx` wires the real ones; component tests pass fakes.
 */
import type { PersistenceState } from '../../utils/archive/storage';
import type { StoredOrganisation } from '../../utils/archive/schema';
import type { MessagePayload, MessageType, ReplyTypes } from '../../utils/messaging';
import type { Pack, Summary } from '../../utils/packs/model';
import type { Settings } from '../../utils/settings/model';
import type { LoadedSettings } from '../../utils/settings/storage';

/** The archive as the options page shows it. */
export interface ArchiveSnapshot {
  packs: Pack[];
  organisations: StoredOrganisation[];
  /** The user's notes, newest first. */
  notes: Summary[];
  /** Summaries per pack id, switched-off packs included. */
  summaryCounts: Record<string, number>;
}

/** How much the archive takes, and whether the browser promised to keep it. */
export interface StorageInfo {
  usage?: number;
  quota?: number;
  persistence: PersistenceState;
}

/** A file for the user to save. */
export interface DownloadFile {
  fileName: string;
  text: string;
}

/** Sends one typed request to the background and resolves to its reply. */
export type RequestFn = <T extends MessageType>(
  type: T,
  payload: MessagePayload<T>,
) => Promise<ReplyTypes[T]>;

/** Everything the options page asks of the extension. */
export interface OptionsServices {
  loadArchive(): Promise<ArchiveSnapshot>;
  /**
   * Calls back whenever the archive may have changed elsewhere (the popup, another options tab,
   * the background installing the bundled pack); returns the unwatch.
   */
  watchArchive(onMaybeChanged: () => void): () => void;
  loadSettings(): Promise<LoadedSettings>;
  /** Calls back with the new settings after every change, from any context; returns the unwatch. */
  watchSettings(callback: (settings: Settings) => void): () => void;
  request: RequestFn;
  /** The pack as a file, or undefined when it is gone. */
  exportPack(packId: string): Promise<DownloadFile | undefined>;
  /** Everything as a backup file. */
  createBackup(): Promise<DownloadFile>;
  storageInfo(): Promise<StorageInfo>;
  /** Asks the browser again to keep the archive. */
  requestPersistence(): Promise<PersistenceState>;
  /** The keys of the "next mention" shortcut as the browser shows them; '' when none is set. */
  nextMentionShortcut(): Promise<string>;
  /** Opens the browser's own shortcut settings, where the keys are changed. */
  openShortcutSettings(): Promise<void>;
  /** Offers `file` to the user as a download. */
  download(file: DownloadFile): void;
  /** The UI's locale, for dates and numbers. */
  locale: string;
}
