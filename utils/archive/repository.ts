/**
 * Reading and switching the archive, and the user's own notes: everything the background, popup
 * and options page ask of the database, over an injected connection. Bulk changes live in
 * `import.ts`; this module holds the small, frequent ones.
 */
import type { IDBPDatabase } from 'idb';
import * as v from 'valibot';
import {
  NOTES_PACK_ID,
  globalKey,
  type Alias,
  type Organisation,
  type Pack,
  type Summary,
} from '../packs/model';
import { SummarySchema } from '../packs/schema';
import { formatPath, type ValidationResult } from '../packs/validate';
import { toStoredSummary, toSummary, type ArchiveSchema, type MetaRecord } from './schema';

/** What the matcher needs of one organisation. */
export interface MatcherSourceOrganisation {
  key: string;
  name: string;
  aliases: Alias[];
}

/** Where the next page of `listSummaries` starts; opaque to callers, safe to send in messages. */
export interface SummaryPageCursor {
  sortDate: string;
  key: string;
}

/** One page of summaries, newest first; `next` is present only when more summaries follow. */
export interface SummaryPage {
  items: Summary[];
  next?: SummaryPageCursor;
}

/** Which summaries to list or count. */
export interface SummaryFilter {
  packId?: string;
  /** Only summaries mentioning this organisation (`packId/orgId`). */
  organisationKey?: string;
  /** Leave out summaries of switched-off packs (the default, as everywhere the user reads). */
  enabledOnly?: boolean;
}

/** The archive, as the rest of the extension sees it. */
export interface ArchiveRepository {
  listPacks(): Promise<Pack[]>;
  getPack(packId: string): Promise<Pack | undefined>;
  /** Returns false when there is no such pack. */
  setPackEnabled(packId: string, enabled: boolean): Promise<boolean>;
  /** Removes a pack with its organisations and summaries; false when there is no such pack. */
  deletePack(packId: string): Promise<boolean>;
  listOrganisations(options?: { packId?: string }): Promise<Organisation[]>;
  getOrganisation(key: string): Promise<Organisation | undefined>;
  /** Returns false when there is no such organisation. */
  setOrganisationEnabled(key: string, enabled: boolean): Promise<boolean>;
  /** Newest first, from enabled packs only. */
  getSummariesForOrganisation(orgKey: string, options?: { limit?: number }): Promise<Summary[]>;
  countSummaries(filter?: SummaryFilter): Promise<number>;
  /** Newest first, `limit` (default 50) at a time; pass the previous page's `next` as `after`. */
  listSummaries(
    options?: SummaryFilter & { limit?: number; after?: SummaryPageCursor },
  ): Promise<SummaryPage>;
  /** Enabled organisations of enabled packs, sorted by key. */
  getEnabledMatcherSource(): Promise<MatcherSourceOrganisation[]>;
  getMeta<K extends MetaRecord['key']>(
    key: K,
  ): Promise<Extract<MetaRecord, { key: K }> | undefined>;
  createNotesPackIfMissing(options?: { now?: Date }): Promise<Pack>;
  /**
   * Validates and stores a note (creating the notes pack if needed). A note without an id gets a
   * new one; with an existing id it replaces that note, keeping its `archivedAt` unless given.
   */
  putNote(input: unknown, options?: { now?: Date }): Promise<ValidationResult<Summary>>;
  /** Returns false when there is no such note. */
  deleteNote(id: string): Promise<boolean>;
}

const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_CARD_LIMIT = 20;

/** Creates the repository over an open archive database (see `openArchiveDb`). */
export function createArchiveRepository(db: IDBPDatabase<ArchiveSchema>): ArchiveRepository {
  /** Decides from the key alone, so counts never load summary texts. */
  function keyFilter(filter: SummaryFilter, packs: Pack[]): (key: string) => boolean {
    const { packId, enabledOnly = true } = filter;
    const enabled = enabledPackIds(packs);
    return (key) => {
      const pack = packIdOfKey(key);
      return (packId === undefined || pack === packId) && (!enabledOnly || enabled.has(pack));
    };
  }

  return {
    listPacks: () => db.getAll('packs'),

    getPack: (packId) => db.get('packs', packId),

    async setPackEnabled(packId, enabled) {
      const tx = db.transaction('packs', 'readwrite');
      const pack = await tx.store.get(packId);
      // Awaiting the write together with `done` gives both a handler if the write fails.
      await Promise.all([pack && tx.store.put({ ...pack, enabled }), tx.done]);
      return pack !== undefined;
    },

    async deletePack(packId) {
      const tx = db.transaction(['packs', 'organisations', 'summaries'], 'readwrite');
      const packs = tx.objectStore('packs');
      const organisations = tx.objectStore('organisations');
      const summaries = tx.objectStore('summaries');
      const [pack, orgKeys, summaryKeys] = await Promise.all([
        packs.get(packId),
        organisations.index('by-pack').getAllKeys(packId),
        summaries.index('by-pack').getAllKeys(packId),
      ]);
      await Promise.all([
        ...(pack
          ? [
              packs.delete(packId),
              ...orgKeys.map((key) => organisations.delete(key)),
              ...summaryKeys.map((key) => summaries.delete(key)),
            ]
          : []),
        tx.done,
      ]);
      return pack !== undefined;
    },

    listOrganisations: ({ packId } = {}) =>
      packId === undefined
        ? db.getAll('organisations')
        : db.getAllFromIndex('organisations', 'by-pack', packId),

    getOrganisation: (key) => db.get('organisations', key),

    async setOrganisationEnabled(key, enabled) {
      const tx = db.transaction('organisations', 'readwrite');
      const organisation = await tx.store.get(key);
      await Promise.all([organisation && tx.store.put({ ...organisation, enabled }), tx.done]);
      return organisation !== undefined;
    },

    async getSummariesForOrganisation(orgKey, { limit = DEFAULT_CARD_LIMIT } = {}) {
      const tx = db.transaction(['packs', 'summaries'], 'readonly');
      const enabled = enabledPackIds(await tx.objectStore('packs').getAll());
      const index = tx.objectStore('summaries').index('by-organisation-date');
      const found: Summary[] = [];
      // [orgKey] sorts before every [orgKey, date] and [orgKey, []] after them (arrays > strings).
      const range = IDBKeyRange.bound([orgKey], [orgKey, []]);
      let cursor = await index.openCursor(range, 'prev');
      while (cursor && found.length < limit) {
        if (enabled.has(cursor.value.packId)) found.push(toSummary(cursor.value));
        cursor = await cursor.continue();
      }
      await tx.done;
      return found;
    },

    async countSummaries(filter = {}) {
      const tx = db.transaction(['packs', 'summaries'], 'readonly');
      const summaries = tx.objectStore('summaries');
      const accept = keyFilter(filter, await tx.objectStore('packs').getAll());
      let count: number;
      if (filter.organisationKey !== undefined) {
        const keys = await summaries.index('by-organisation').getAllKeys(filter.organisationKey);
        count = keys.filter(accept).length;
      } else if (filter.packId !== undefined) {
        // A key of the pack stands for the whole pack: the filter looks at the pack part only.
        count = accept(globalKey(filter.packId, ''))
          ? await summaries.index('by-pack').count(filter.packId)
          : 0;
      } else {
        const keys = await summaries.getAllKeys();
        count = keys.filter(accept).length;
      }
      await tx.done;
      return count;
    },

    async listSummaries({ limit = DEFAULT_PAGE_SIZE, after, ...filter } = {}) {
      const tx = db.transaction(['packs', 'summaries'], 'readonly');
      const accept = keyFilter(filter, await tx.objectStore('packs').getAll());
      const { organisationKey } = filter;
      const index = tx.objectStore('summaries').index('by-date');
      const range = after ? IDBKeyRange.upperBound([after.sortDate, after.key], true) : undefined;
      const items: Summary[] = [];
      let last: SummaryPageCursor | undefined;
      let more = false;
      let cursor = await index.openCursor(range, 'prev');
      for (; cursor; cursor = await cursor.continue()) {
        const row = cursor.value;
        if (!accept(row.key)) continue;
        if (organisationKey !== undefined && !row.organisationIds.includes(organisationKey)) {
          continue;
        }
        // Reading one summary past the page tells whether there is a next page at all.
        if (items.length >= limit) {
          more = true;
          break;
        }
        items.push(toSummary(row));
        last = { sortDate: row.sortDate, key: row.key };
      }
      await tx.done;
      return more && last ? { items, next: last } : { items };
    },

    async getEnabledMatcherSource() {
      const tx = db.transaction(['packs', 'organisations'], 'readonly');
      const [packs, organisations] = await Promise.all([
        tx.objectStore('packs').getAll(),
        tx.objectStore('organisations').getAll(),
      ]);
      await tx.done;
      const enabled = enabledPackIds(packs);
      return organisations
        .filter((org) => org.enabled && enabled.has(org.packId))
        .map(({ key, name, aliases }) => ({ key, name, aliases }));
    },

    getMeta: async <K extends MetaRecord['key']>(key: K) =>
      (await db.get('meta', key)) as Extract<MetaRecord, { key: K }> | undefined,

    async createNotesPackIfMissing({ now = new Date() } = {}) {
      const tx = db.transaction('packs', 'readwrite');
      let pack = await tx.store.get(NOTES_PACK_ID);
      if (!pack) {
        pack = notesPack(now);
        await Promise.all([tx.store.put(pack), tx.done]);
      } else {
        await tx.done;
      }
      return pack;
    },

    async putNote(input, { now = new Date() } = {}) {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        return { ok: false, issues: [{ path: '', message: 'must be an object' }] };
      }
      const given = input as Record<string, unknown>;
      // A note is checked by the same schema as a pack's summaries, once its defaults are filled.
      const parsed = v.safeParse(SummarySchema, {
        ...given,
        id: given.id ?? crypto.randomUUID(),
        archivedAt: given.archivedAt ?? now.toISOString(),
      });
      if (!parsed.success) {
        return {
          ok: false,
          issues: parsed.issues.map((issue) => ({
            path: formatPath(issue.path),
            message: issue.message,
          })),
        };
      }
      const { id, ...fields } = parsed.output;
      // The notes pack has no organisations of its own: every reference must name its pack.
      const unqualified = fields.organisationIds.flatMap((orgKey, i) =>
        orgKey.includes('/')
          ? []
          : [{ path: `organisationIds[${i}]`, message: 'must be "pack-id/organisation-id"' }],
      );
      if (unqualified.length > 0) return { ok: false, issues: unqualified };
      const key = globalKey(NOTES_PACK_ID, id);
      const tx = db.transaction(['packs', 'organisations', 'summaries'], 'readwrite');
      const [pack, existing, orgKeys] = await Promise.all([
        tx.objectStore('packs').get(NOTES_PACK_ID),
        tx.objectStore('summaries').get(key),
        Promise.all(fields.organisationIds.map((k) => tx.objectStore('organisations').getKey(k))),
      ]);
      const missing = fields.organisationIds.flatMap((orgKey, i) =>
        orgKeys[i] === undefined
          ? [{ path: `organisationIds[${i}]`, message: `"${orgKey}" is not in the archive` }]
          : [],
      );
      if (missing.length > 0) {
        tx.abort();
        await tx.done.catch(() => undefined);
        return { ok: false, issues: missing };
      }
      const note: Summary = {
        ...fields,
        key,
        id,
        packId: NOTES_PACK_ID,
        archivedAt:
          given.archivedAt === undefined && existing ? existing.archivedAt : fields.archivedAt,
      };
      await Promise.all([
        tx.objectStore('summaries').put(toStoredSummary(note)),
        tx.objectStore('packs').put({ ...(pack ?? notesPack(now)), updatedAt: now.toISOString() }),
        tx.done,
      ]);
      return { ok: true, value: note };
    },

    async deleteNote(id) {
      const tx = db.transaction('summaries', 'readwrite');
      const key = globalKey(NOTES_PACK_ID, id);
      const existing = await tx.store.getKey(key);
      await Promise.all([existing !== undefined && tx.store.delete(key), tx.done]);
      return existing !== undefined;
    },
  };
}

function enabledPackIds(packs: Pack[]): Set<string> {
  return new Set(packs.filter((pack) => pack.enabled).map((pack) => pack.id));
}

/** The pack id part of a global key; pack ids never contain "/". */
export function packIdOfKey(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? key : key.slice(0, slash);
}

/** The user's notes pack as first created. Its visible name comes from the UI's messages. */
export function notesPack(now: Date): Pack {
  return {
    id: NOTES_PACK_ID,
    name: 'My notes',
    version: '1',
    publisher: 'You',
    description: 'Notes you wrote yourself. They stay in this browser.',
    updatedAt: now.toISOString(),
    enabled: true,
    origin: 'notes',
  };
}
