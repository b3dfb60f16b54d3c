/**
 * Backups: the whole state in one file (every pack with the user's switches and alias edits, the
 * notes, the settings) and its restore, which puts back exactly that state in one transaction.
 *
 * Each pack travels as a pack file (`exportPack`), so a backup is checked by the same pack schema
 * as any import, with the same limits against hostile files; what a pack file cannot say (the
 * pack's switch, where it came from, the pack's own aliases beside the user's edits) sits next to
 * it. The settings pass the settings validator: a bad setting falls back to its default and is
 * reported, while a bad pack refuses the whole backup and nothing changes.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import * as v from 'valibot';
import { NOTES_PACK_ID, type Alias, type Pack } from '../packs/model';
import { PACK_FORMAT, PACK_LIMITS, isPackDate, type PackFile } from '../packs/schema';
import {
  findStructuralIssues,
  formatIssue,
  formatPath,
  utf8ByteLength,
  validatePack,
  type ValidationIssue,
} from '../packs/validate';
import { SETTINGS_VERSION, migrateSettings } from '../settings/migrations';
import type { Settings } from '../settings/model';
import { cleanSettings, type SettingsIssue } from '../settings/schema';
import { AliasListSchema } from './organisations';
import { exportPack } from './export';
import { classifyWriteFailure, packFileRecords, transactionError } from './import';
import { ARCHIVE_STORES, type ArchiveSchema, type MetaRecord } from './schema';

/** The backup file format; a newer version is refused with a message saying so. */
export const BACKUP_FORMAT = 'backstory-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Limits of a backup file, checked before anything else. */
export const BACKUP_LIMITS = {
  /**
   * Largest backup read, in UTF-8 bytes. Below Chrome's 64 MiB limit on one extension message,
   * since the options page hands the file's text to the background.
   */
  fileBytes: 48 * 1024 * 1024,
  packs: 500,
  /** A pack file nests 8 levels; a backup puts it 2 levels down. */
  depth: PACK_LIMITS.depth + 2,
} as const;

const MAX_ISSUES = 100;

/** One pack in a backup. */
export interface BackupPack {
  /** The user's switch for the whole pack. */
  enabled: boolean;
  origin: Pack['origin'];
  /** The pack's content, as `exportPack` writes it (organisations carry their switches). */
  file: PackFile;
  /** For organisations whose aliases the user edited: the pack's own aliases, by organisation id. */
  packAliases?: Record<string, Alias[]>;
}

/** A backup file, version 1. */
export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  formatVersion: typeof BACKUP_FORMAT_VERSION;
  createdAt: string;
  /** The settings' storage version (see utils/settings/migrations.ts) when the backup was made. */
  settingsVersion: number;
  settings: Settings;
  /** The record of the installed bundled archive, so a removed one stays removed after restore. */
  bundled?: Omit<Extract<MetaRecord, { key: 'bundled' }>, 'key'>;
  packs: BackupPack[];
}

/** Why a backup was not restored; in every case nothing was changed. */
export type BackupError =
  | { kind: 'invalid'; message: string; issues: ValidationIssue[] }
  | { kind: 'newer'; message: string }
  | { kind: 'quota'; message: string }
  | { kind: 'database'; message: string };

/** A backup that passed every check, with what its settings needed to be usable. */
export interface CheckedBackup {
  backup: BackupFile;
  /** The backup's settings after migration and cleaning. */
  settings: Settings;
  /** Settings that were invalid in the backup and fall back to their defaults. */
  settingsReset: SettingsIssue[];
}

/** The outcome of reading a backup. */
export type BackupCheck = ({ ok: true } & CheckedBackup) | { ok: false; error: BackupError };

/** What a backup holds, for the options page to show before the user restores it. */
export interface BackupPreview {
  createdAt: string;
  packs: {
    id: string;
    name: string;
    origin: Pack['origin'];
    enabled: boolean;
    organisations: number;
    summaries: number;
  }[];
  settingsReset: SettingsIssue[];
}

/** What the options page hears about a backup: its contents, or why it cannot be restored. */
export type BackupCheckResult =
  { ok: true; preview: BackupPreview } | { ok: false; error: BackupError };

/** What a restore did: the backup's contents, or why nothing changed. */
export type RestoreBackupResult = BackupCheckResult;

/** Reads the whole archive and `settings` into a backup. */
export async function createBackup(
  db: IDBPDatabase<ArchiveSchema>,
  settings: Settings,
  { now = new Date() }: { now?: Date } = {},
): Promise<BackupFile> {
  const tx = db.transaction(['packs', 'organisations', 'meta'], 'readonly');
  const [packs, organisations, bundled] = await Promise.all([
    tx.objectStore('packs').getAll(),
    tx.objectStore('organisations').getAll(),
    tx.objectStore('meta').get('bundled'),
  ]);
  await tx.done;
  packs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const entries: BackupPack[] = [];
  for (const pack of packs) {
    // One pack at a time, through the exporter that single-pack exports use: a pack written
    // while the backup runs (rare: the user is looking at the backup button) is either before
    // or after, never half.
    const file = await exportPack(db, pack.id);
    if (!file) continue;
    const edited = organisations.filter((org) => org.packId === pack.id && org.packAliases);
    const entry: BackupPack = { enabled: pack.enabled, origin: pack.origin, file };
    if (edited.length > 0) {
      entry.packAliases = Object.fromEntries(edited.map((org) => [org.id, org.packAliases ?? []]));
    }
    entries.push(entry);
  }
  const backup: BackupFile = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: now.toISOString(),
    settingsVersion: SETTINGS_VERSION,
    settings,
    packs: entries,
  };
  if (bundled) {
    const { packId, version, installedAt } = bundled;
    backup.bundled = { packId, version, installedAt };
  }
  return backup;
}

/** A file name for a backup, e.g. `backstory-backup-2024-05-31.json`. */
export function backupFileName(now: Date = new Date()): string {
  return `backstory-backup-${now.toISOString().slice(0, 10)}.json`;
}

const lowercaseId = v.pipe(
  v.string('must be a string'),
  v.maxLength(PACK_LIMITS.idLength, 'is too long'),
  v.regex(/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/, 'must be a lowercase id'),
);

const BackupEnvelopeSchema = v.strictObject(
  {
    format: v.literal(BACKUP_FORMAT, `must be "${BACKUP_FORMAT}"`),
    formatVersion: v.literal(
      BACKUP_FORMAT_VERSION,
      `must be ${BACKUP_FORMAT_VERSION} (this version of Backstory reads backup format ${BACKUP_FORMAT_VERSION})`,
    ),
    createdAt: v.pipe(
      v.string('must be a string'),
      v.maxLength(40, 'is too long'),
      v.check(isPackDate, 'must be a date such as 2024-05-31T12:00:00Z'),
    ),
    settingsVersion: v.pipe(
      v.number('must be a number'),
      v.integer('must be a whole number'),
      v.minValue(1, 'must be at least 1'),
    ),
    // Cleaned by the settings validator, which resets bad fields instead of refusing.
    settings: v.unknown(),
    bundled: v.optional(
      v.strictObject(
        {
          packId: lowercaseId,
          version: v.pipe(v.string('must be a string'), v.maxLength(50, 'is too long')),
          installedAt: v.pipe(v.string('must be a string'), v.maxLength(40, 'is too long')),
        },
        (issue) => (issue.expected === 'never' ? 'is not a field of this format' : 'is required'),
      ),
    ),
    packs: v.pipe(
      v.array(
        v.strictObject(
          {
            enabled: v.boolean('must be true or false'),
            origin: v.picklist(
              ['bundled', 'imported', 'notes'],
              'must be bundled, imported or notes',
            ),
            // Checked by the pack validator, with its paths, below.
            file: v.unknown(),
            packAliases: v.optional(
              v.pipe(
                v.record(lowercaseId, AliasListSchema, 'must be an object'),
                v.maxEntries(PACK_LIMITS.organisations, 'has too many organisations'),
              ),
            ),
          },
          (issue) => (issue.expected === 'never' ? 'is not a field of this format' : 'is required'),
        ),
        'must be a list',
      ),
      v.maxLength(BACKUP_LIMITS.packs, `must have at most ${BACKUP_LIMITS.packs} packs`),
    ),
  },
  (issue) => (issue.expected === 'never' ? 'is not a field of this format' : 'is required'),
);

/**
 * Checks a backup (a file's text, or a parsed value) completely before anything is written: size,
 * JSON, prototype keys and nesting, the format and its version, every pack against the pack
 * schema. Never throws.
 */
export function checkBackup(input: unknown): BackupCheck {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > BACKUP_LIMITS.fileBytes || utf8ByteLength(input) > BACKUP_LIMITS.fileBytes) {
      return invalid([
        {
          path: '',
          message: `the file is larger than ${BACKUP_LIMITS.fileBytes / 1024 / 1024} MB`,
        },
      ]);
    }
    try {
      value = JSON.parse(input);
    } catch (error) {
      return invalid([
        { path: '', message: `the file is not valid JSON (${(error as Error).message})` },
      ]);
    }
  }
  const structural = findStructuralIssues(value, BACKUP_LIMITS.depth);
  if (structural.length > 0) return invalid(structural);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid([{ path: '', message: 'must be a Backstory backup object' }]);
  }
  const root = value as Record<string, unknown>;

  // The format and its version first: a newer backup gets its own message whatever else it holds.
  if (root.format !== BACKUP_FORMAT) {
    return invalid([
      {
        path: 'format',
        message:
          root.format === PACK_FORMAT
            ? 'this is a pack file, not a backup: import it with "Import a pack"'
            : `must be "${BACKUP_FORMAT}"`,
      },
    ]);
  }
  const version = root.formatVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > BACKUP_FORMAT_VERSION) {
    return newer(`backup format version ${version}`);
  }
  const settingsVersion = root.settingsVersion;
  if (
    typeof settingsVersion === 'number' &&
    Number.isInteger(settingsVersion) &&
    settingsVersion > SETTINGS_VERSION
  ) {
    return newer(`settings version ${settingsVersion}`);
  }

  const envelope = v.safeParse(BackupEnvelopeSchema, root);
  if (!envelope.success) {
    return invalid(
      envelope.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  const { packs } = envelope.output;
  const issues: ValidationIssue[] = [];
  const checkedPacks: BackupPack[] = [];
  const seen = new Set<string>();
  packs.forEach((entry, index) => {
    const at = `packs[${index}]`;
    const result = validatePack(entry.file);
    if (!result.ok) {
      for (const issue of result.issues) {
        issues.push({
          path: issue.path ? `${at}.file.${issue.path}` : `${at}.file`,
          message: issue.message,
        });
      }
      return;
    }
    const file = result.value;
    if (seen.has(file.pack.id)) {
      issues.push({ path: `${at}.file.pack.id`, message: `duplicate pack id "${file.pack.id}"` });
    }
    seen.add(file.pack.id);
    const isNotes = file.pack.id === NOTES_PACK_ID;
    if (isNotes !== (entry.origin === 'notes')) {
      issues.push({
        path: `${at}.origin`,
        message: isNotes
          ? `must be "notes" for the pack "${NOTES_PACK_ID}"`
          : `may be "notes" only for the pack "${NOTES_PACK_ID}"`,
      });
    }
    const orgIds = new Set(file.organisations.map((org) => org.id));
    for (const orgId of Object.keys(entry.packAliases ?? {})) {
      if (!orgIds.has(orgId)) {
        issues.push({
          path: `${at}.packAliases.${orgId}`,
          message: `"${orgId}" is not an organisation of this pack`,
        });
      }
    }
    checkedPacks.push({
      enabled: entry.enabled,
      origin: entry.origin,
      file,
      ...(entry.packAliases ? { packAliases: entry.packAliases } : {}),
    });
  });
  if (issues.length > 0) return invalid(issues);

  const cleaned = cleanSettings(
    migrateSettings(envelope.output.settings, envelope.output.settingsVersion),
  );
  const backup: BackupFile = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: envelope.output.createdAt,
    settingsVersion: SETTINGS_VERSION,
    settings: cleaned.settings,
    packs: checkedPacks,
  };
  if (envelope.output.bundled) backup.bundled = envelope.output.bundled;
  return { ok: true, backup, settings: cleaned.settings, settingsReset: cleaned.reset };
}

/** Summarises a checked backup for the options page. */
export function describeBackup(checked: CheckedBackup): BackupPreview {
  return {
    createdAt: checked.backup.createdAt,
    packs: checked.backup.packs.map(({ file, origin, enabled }) => ({
      id: file.pack.id,
      name: file.pack.name,
      origin,
      enabled,
      organisations: file.organisations.length,
      summaries: file.summaries.length,
    })),
    settingsReset: checked.settingsReset,
  };
}

/**
 * Replaces the whole archive with the backup's, in one transaction: every pack, organisation,
 * summary and the bundled-archive record. If anything fails, nothing changes.
 */
export async function restoreArchive(
  db: IDBPDatabase<ArchiveSchema>,
  backup: BackupFile,
): Promise<{ ok: true } | { ok: false; error: BackupError }> {
  let tx: IDBPTransaction<ArchiveSchema, typeof ARCHIVE_STORES, 'readwrite'>;
  try {
    tx = db.transaction(ARCHIVE_STORES, 'readwrite');
  } catch (error) {
    return { ok: false, error: failure(error, null) };
  }
  const requests: Promise<unknown>[] = [];
  // Every request gets a handler at once: after an abort they all reject.
  const track = (request: Promise<unknown>) => {
    request.catch(() => undefined);
    requests.push(request);
  };
  track(tx.done);
  try {
    for (const store of ARCHIVE_STORES) track(tx.objectStore(store).clear());
    if (backup.bundled) track(tx.objectStore('meta').put({ key: 'bundled', ...backup.bundled }));
    for (const entry of backup.packs) {
      const records = packFileRecords(entry.file, { origin: entry.origin, enabled: entry.enabled });
      track(tx.objectStore('packs').put(records.pack));
      for (const organisation of records.organisations) {
        const packAliases = entry.packAliases?.[organisation.id];
        track(
          tx
            .objectStore('organisations')
            .put(packAliases ? { ...organisation, packAliases } : organisation),
        );
      }
      for (const summary of records.summaries) track(tx.objectStore('summaries').put(summary));
    }
    await Promise.all(requests);
    return { ok: true };
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failing request.
    }
    await Promise.allSettled(requests);
    return { ok: false, error: failure(error, transactionError(tx)) };
  }
}

function invalid(issues: ValidationIssue[]): BackupCheck {
  const list = issues.slice(0, MAX_ISSUES);
  const [first] = list;
  const count = issues.length;
  return {
    ok: false,
    error: {
      kind: 'invalid',
      message: `The backup is not valid (${count} ${count === 1 ? 'problem' : 'problems'}${
        first ? `; first: ${formatIssue(first)}` : ''
      }). Nothing was restored.`,
      issues: list,
    },
  };
}

function newer(what: string): BackupCheck {
  return {
    ok: false,
    error: {
      kind: 'newer',
      message: `This backup was made by a newer version of Backstory (${what}); this version reads backup format ${BACKUP_FORMAT_VERSION} with settings version ${SETTINGS_VERSION}. Update Backstory, then restore it. Nothing was restored.`,
    },
  };
}

function failure(error: unknown, txError: unknown): BackupError {
  const cause = classifyWriteFailure(error, txError);
  if (cause.quota) {
    return {
      kind: 'quota',
      message:
        'There is not enough storage space for this backup, so nothing was restored. Free some disk space, then try again.',
    };
  }
  return {
    kind: 'database',
    message: `The backup could not be saved (${cause.detail}), so nothing was restored.`,
  };
}
