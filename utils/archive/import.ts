/**
 * Installing a pack file into the archive: validated first, then written in one transaction over
 * every store, so an import either lands whole or leaves the archive exactly as it was. The
 * user's switches (pack and organisation `enabled`) always survive, and the notes pack can never
 * be written by an import.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import {
  NOTES_PACK_ID,
  globalKey,
  type Organisation,
  type Pack,
  type Summary,
} from '../packs/model';
import type { PackFile } from '../packs/schema';
import {
  formatIssue,
  parsePackText,
  validatePack,
  type ValidationIssue,
  type ValidationResult,
} from '../packs/validate';
import { applyAliasEdits, sameAliases } from './alias-edits';
import {
  ARCHIVE_STORES,
  toStoredSummary,
  type ArchiveSchema,
  type StoredOrganisation,
  type StoredSummary,
} from './schema';

/** `replace`: the pack becomes exactly the file. `merge`: the file's records are added or updated, others kept. */
export type ImportMode = 'replace' | 'merge';

/** How an import runs. */
export interface ImportOptions {
  mode: ImportMode;
  /** Recorded on the pack; a bundled import also records the installed version in `meta`. */
  origin: 'bundled' | 'imported';
  now?: Date;
  /** Largest file text accepted, in UTF-8 bytes; defaults to `PACK_LIMITS.fileBytes`. */
  maxBytes?: number;
}

/** What an import did (or, from `previewImport`, would do) to one kind of record. */
export interface ChangeCounts {
  added: number;
  /** Present before and different now; records that would not change are `unchanged`. */
  updated: number;
  unchanged: number;
  removed: number;
}

/** What an import did to the archive, for the options page to show. */
export interface ImportSummary {
  packId: string;
  packName: string;
  pack: 'added' | 'updated' | 'unchanged';
  organisations: ChangeCounts;
  summaries: ChangeCounts;
}

/** Why an import did not happen; in every case nothing was written. */
export type ImportError =
  | { kind: 'invalid'; message: string; issues: ValidationIssue[] }
  | { kind: 'refused'; message: string }
  | { kind: 'quota'; message: string }
  | { kind: 'database'; message: string };

/** The outcome of `importPack` and `previewImport`. */
export type ImportResult = { ok: true; summary: ImportSummary } | { ok: false; error: ImportError };

/** One record an import would add, change or remove, named for people (name or title). */
export interface ChangedRecord {
  key: string;
  label: string;
}

/** Which records an import would change, by kind; each list holds at most `PREVIEW_LIST_LIMIT`. */
export interface ImportChanges {
  organisations: { added: ChangedRecord[]; updated: ChangedRecord[]; removed: ChangedRecord[] };
  summaries: { added: ChangedRecord[]; updated: ChangedRecord[]; removed: ChangedRecord[] };
}

/** The outcome of `previewImport`: the counts of `ImportResult` plus the records by name. */
export type ImportPreview =
  { ok: true; summary: ImportSummary; changes: ImportChanges } | { ok: false; error: ImportError };

/** Longest list of named changes a preview carries; the counts always give the full numbers. */
export const PREVIEW_LIST_LIMIT = 200;

type ArchiveDb = IDBPDatabase<ArchiveSchema>;

/**
 * Validates `input` (a pack file's text, or an already parsed value) and installs it. Resolves to
 * an error result rather than rejecting: invalid input, the reserved notes pack id, a full disk
 * (`kind: 'quota'`) and any other database failure all leave the archive untouched.
 */
export async function importPack(
  db: ArchiveDb,
  input: unknown,
  options: ImportOptions,
): Promise<ImportResult> {
  const { mode, origin, now = new Date(), maxBytes } = options;
  const checked = checkInput(input, maxBytes);
  if (!checked.ok) return checked;
  const file = checked.value;

  let tx: IDBPTransaction<ArchiveSchema, typeof ARCHIVE_STORES, 'readwrite'>;
  try {
    tx = db.transaction(ARCHIVE_STORES, 'readwrite');
  } catch (error) {
    // The connection was closed, e.g. because another context upgraded the database.
    return { ok: false, error: describeFailure(error, null, 'The archive could not be opened') };
  }
  const requests: Promise<unknown>[] = [];
  // Every promise gets a handler at once: after an abort they all reject, and one nobody was
  // waiting on yet would surface as an unhandled rejection.
  const track = (request: Promise<unknown>) => {
    request.catch(() => undefined);
    requests.push(request);
  };
  track(tx.done);
  try {
    const plan = planImport(file, await readExisting(tx, file.pack.id), mode, origin);
    const organisations = tx.objectStore('organisations');
    const summaries = tx.objectStore('summaries');
    for (const key of plan.deleteSummaries) track(summaries.delete(key));
    for (const key of plan.deleteOrganisations) track(organisations.delete(key));
    for (const organisation of plan.putOrganisations) track(organisations.put(organisation));
    for (const summary of plan.putSummaries) track(summaries.put(summary));
    track(tx.objectStore('packs').put(plan.pack));
    if (origin === 'bundled') {
      track(
        tx.objectStore('meta').put({
          key: 'bundled',
          packId: plan.pack.id,
          version: plan.pack.version,
          installedAt: now.toISOString(),
        }),
      );
    }
    await Promise.all(requests);
    return { ok: true, summary: plan.summary };
  } catch (error) {
    // A request that threw synchronously (e.g. DataCloneError) does not abort the transaction by
    // itself, and the requests already queued would otherwise commit.
    try {
      tx.abort();
    } catch {
      // Already aborted by the failing request, which is what we want.
    }
    await Promise.allSettled(requests);
    return {
      ok: false,
      error: describeFailure(error, transactionError(tx), 'The pack could not be saved'),
    };
  }
}

/**
 * Computes what `importPack` with the same input, mode and origin would change, without writing.
 * The counts come from the same plan the import executes, so the preview cannot disagree with it.
 */
export async function previewImport(
  db: ArchiveDb,
  input: unknown,
  mode: ImportMode,
  options: Partial<Pick<ImportOptions, 'origin' | 'maxBytes'>> = {},
): Promise<ImportResult> {
  const preview = await previewImportChanges(db, input, mode, options);
  return preview.ok ? { ok: true, summary: preview.summary } : preview;
}

/**
 * `previewImport` plus the records that would change, by name (organisations) and title
 * (summaries), for the options page to list before the user commits.
 */
export async function previewImportChanges(
  db: ArchiveDb,
  input: unknown,
  mode: ImportMode,
  { origin = 'imported', maxBytes }: Partial<Pick<ImportOptions, 'origin' | 'maxBytes'>> = {},
): Promise<ImportPreview> {
  const checked = checkInput(input, maxBytes);
  if (!checked.ok) return checked;
  const file = checked.value;
  try {
    const tx = db.transaction(ARCHIVE_STORES, 'readonly');
    const existing = await readExisting(tx, file.pack.id);
    await tx.done;
    const plan = planImport(file, existing, mode, origin);
    return { ok: true, summary: plan.summary, changes: plan.changes };
  } catch (error) {
    return { ok: false, error: describeFailure(error, null, 'The archive could not be read') };
  }
}

function checkInput(
  input: unknown,
  maxBytes: number | undefined,
): { ok: true; value: PackFile } | { ok: false; error: ImportError } {
  const result: ValidationResult<PackFile> =
    typeof input === 'string' ? parsePackText(input, maxBytes) : validatePack(input);
  if (!result.ok) {
    const [first] = result.issues;
    const count = result.issues.length;
    return {
      ok: false,
      error: {
        kind: 'invalid',
        message: `The pack is not valid (${count} ${count === 1 ? 'problem' : 'problems'}${
          first ? `; first: ${formatIssue(first)}` : ''
        }). Nothing was imported.`,
        issues: result.issues,
      },
    };
  }
  if (result.value.pack.id === NOTES_PACK_ID) {
    return {
      ok: false,
      error: {
        kind: 'refused',
        message: `The pack id "${NOTES_PACK_ID}" is reserved for your own notes, which an import never overwrites.`,
      },
    };
  }
  return result;
}

interface ExistingPack {
  pack: Pack | undefined;
  organisations: StoredOrganisation[];
  summaries: StoredSummary[];
}

async function readExisting(
  tx: IDBPTransaction<ArchiveSchema, typeof ARCHIVE_STORES, IDBTransactionMode>,
  packId: string,
): Promise<ExistingPack> {
  const [pack, organisations, summaries] = await Promise.all([
    tx.objectStore('packs').get(packId),
    tx.objectStore('organisations').index('by-pack').getAll(packId),
    tx.objectStore('summaries').index('by-pack').getAll(packId),
  ]);
  return { pack, organisations, summaries };
}

interface ImportPlan {
  summary: ImportSummary;
  changes: ImportChanges;
  pack: Pack;
  putOrganisations: StoredOrganisation[];
  deleteOrganisations: string[];
  putSummaries: StoredSummary[];
  deleteSummaries: string[];
}

/**
 * The records a pack file becomes, as a fresh install would store them: global keys, references
 * qualified, the file's defaults for the switches. Imports then apply the user's switches and
 * edits on top; a backup restore stores them as they are.
 */
export function packFileRecords(
  file: PackFile,
  state: { origin: Pack['origin']; enabled: boolean },
): { pack: Pack; organisations: StoredOrganisation[]; summaries: StoredSummary[] } {
  const packId = file.pack.id;
  return {
    pack: withoutUndefined({ ...file.pack, enabled: state.enabled, origin: state.origin }),
    organisations: file.organisations.map((org): Organisation =>
      withoutUndefined({ ...org, key: globalKey(packId, org.id), packId }),
    ),
    summaries: file.summaries.map((summary) =>
      toStoredSummary(
        withoutUndefined<Summary>({
          ...summary,
          key: globalKey(packId, summary.id),
          packId,
          organisationIds: qualifyReferences(packId, summary.organisationIds),
        }),
      ),
    ),
  };
}

/** Decides every write of an import; pure, so the preview and the import share it. */
function planImport(
  file: PackFile,
  existing: ExistingPack,
  mode: ImportMode,
  origin: ImportOptions['origin'],
): ImportPlan {
  const records = packFileRecords(file, { origin, enabled: existing.pack?.enabled ?? true });
  const pack = records.pack;

  const oldOrganisations = new Map(existing.organisations.map((org) => [org.key, org]));
  const organisations = diff(
    records.organisations.map((org) => withUserState(org, oldOrganisations.get(org.key))),
    oldOrganisations,
    mode,
  );

  const oldSummaries = new Map(existing.summaries.map((summary) => [summary.key, summary]));
  const summaries = diff(records.summaries, oldSummaries, mode);

  const named = <T extends { key: string }>(
    changes: { added: T[]; updated: T[]; remove: string[] },
    old: Map<string, T>,
    label: (record: T) => string,
  ) => {
    const list = (items: T[]) =>
      items.slice(0, PREVIEW_LIST_LIMIT).map((item) => ({ key: item.key, label: label(item) }));
    return {
      added: list(changes.added),
      updated: list(changes.updated),
      removed: list(changes.remove.flatMap((key) => old.get(key) ?? [])),
    };
  };

  return {
    summary: {
      packId: pack.id,
      packName: pack.name,
      pack: !existing.pack ? 'added' : sameValue(existing.pack, pack) ? 'unchanged' : 'updated',
      organisations: organisations.counts,
      summaries: summaries.counts,
    },
    changes: {
      organisations: named(organisations, oldOrganisations, (org) => org.name),
      summaries: named(summaries, oldSummaries, (summary) => summary.title),
    },
    pack,
    putOrganisations: organisations.put,
    deleteOrganisations: organisations.remove,
    putSummaries: summaries.put,
    deleteSummaries: summaries.remove,
  };
}

/**
 * An organisation from the file with what the user made of it before: its switch (the file's
 * `enabled` is only a default) and, if they edited its aliases, those edits applied to the file's
 * aliases.
 */
function withUserState(
  org: StoredOrganisation,
  old: StoredOrganisation | undefined,
): StoredOrganisation {
  const enabled = old?.enabled ?? org.enabled;
  if (!old?.packAliases) return { ...org, enabled };
  const aliases = applyAliasEdits(org.aliases, old.packAliases, old.aliases);
  return sameAliases(aliases, org.aliases)
    ? { ...org, enabled }
    : { ...org, enabled, aliases, packAliases: org.aliases };
}

/** Sorts the file's records into writes and the old records into removals, counting both. */
function diff<T extends { key: string }>(
  incoming: T[],
  old: Map<string, T>,
  mode: ImportMode,
): { put: T[]; added: T[]; updated: T[]; remove: string[]; counts: ChangeCounts } {
  const counts: ChangeCounts = { added: 0, updated: 0, unchanged: 0, removed: 0 };
  const put: T[] = [];
  const added: T[] = [];
  const updated: T[] = [];
  const seen = new Set<string>();
  for (const record of incoming) {
    seen.add(record.key);
    const before = old.get(record.key);
    if (!before) {
      counts.added++;
      added.push(record);
    } else if (sameValue(before, record)) {
      // Skipping unchanged records keeps re-installing the bundled pack cheap.
      counts.unchanged++;
      continue;
    } else {
      counts.updated++;
      updated.push(record);
    }
    put.push(record);
  }
  const remove = mode === 'replace' ? [...old.keys()].filter((key) => !seen.has(key)) : [];
  counts.removed = remove.length;
  return { put, added, updated, remove, counts };
}

/**
 * Turns a file's references into global keys: a bare id means this pack's organisation, a
 * qualified one (`other-pack/org`, or this pack's own id) is already global. Duplicates that
 * qualifying reveals (`org` and `this-pack/org`) are dropped.
 */
function qualifyReferences(packId: string, references: readonly string[]): string[] {
  return [...new Set(references.map((ref) => (ref.includes('/') ? ref : globalKey(packId, ref))))];
}

/** The one error that matters most to the user, as a message saying nothing was written. */
/**
 * What made a write transaction fail: a full disk (whether the request or the transaction
 * reported it), or another cause, named for the message. Shared by every all-or-nothing write.
 */
export function classifyWriteFailure(
  error: unknown,
  txError: unknown,
): { quota: true } | { quota: false; detail: string } {
  const causes = [txError, error].filter(isNamedError);
  if (causes.some((cause) => cause.name === 'QuotaExceededError')) return { quota: true };
  // An AbortError only says that the transaction ended; the cause, if known, is more useful.
  const cause = causes.find((c) => c.name !== 'AbortError') ?? causes[0];
  return { quota: false, detail: cause ? `${cause.name}: ${cause.message}` : String(error) };
}

function describeFailure(error: unknown, txError: unknown, what: string): ImportError {
  const failure = classifyWriteFailure(error, txError);
  if (failure.quota) {
    return {
      kind: 'quota',
      message:
        'There is not enough storage space for this pack, so nothing was imported. Free some disk space or remove packs you no longer need, then try again.',
    };
  }
  return {
    kind: 'database',
    message: `${what} (${failure.detail}), so nothing was imported.`,
  };
}

/** The transaction's error, or null where the engine refuses to say before it has finished. */
export function transactionError(tx: { readonly error: DOMException | null }): unknown {
  try {
    return tx.error;
  } catch {
    // Some engines throw when `error` is read before the transaction has finished.
    return null;
  }
}

function isNamedError(value: unknown): value is { name: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * Drops `undefined` properties, deeply. A parsed value may carry `key: undefined` where JSON
 * would have no key; stored records leave them out so that comparing with `sameValue` and
 * exporting give the same answer either way.
 */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = withoutUndefined(item);
  }
  return out as T;
}

/** Structural equality of stored (JSON-like) records, ignoring key order and undefined fields. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (!sameValue(left[key], right[key])) return false;
  }
  return true;
}
