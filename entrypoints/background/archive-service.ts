/**
 * The background's view of the archive: one lazily opened database connection at the extension's
 * origin, the bundled pack kept installed, and the read-only answers content scripts ask for.
 */
import type { IDBPDatabase } from 'idb';
import bundledPack from '../../assets/packs/backstory-digest-mko-ncri.json';
import { openArchiveDb } from '../../utils/archive/db';
import { importPack, type ImportMode, type ImportResult } from '../../utils/archive/import';
import { createArchiveRepository } from '../../utils/archive/repository';
import type { ArchiveSchema } from '../../utils/archive/schema';
import { type KeyedSource, createKeyedSource } from '../../utils/matching/keyed-source';
import { LAZY_ABOVE_ALIASES, type MatcherOrganisation } from '../../utils/matching/matcher';
import type { CardData, ReplyTypes } from '../../utils/messaging';
import { BUNDLED_PACK_ID, type Pack } from '../../utils/packs/model';

/** How many summaries a card shows before "Open all N in the archive". */
const CARD_SUMMARY_LIMIT = 20;
/** Organisations whose card counts one page report may have counted ahead of time. */
const MAX_WARMED = 50;

/** The archive operations the background's handlers use. */
export type ArchiveService = ReturnType<typeof createArchiveService>;

/** What the service runs on; the defaults are the real ones, tests pass their own. */
export interface ArchiveServiceOptions {
  factory?: IDBFactory;
  /** The pack file shipped with this build of the extension. */
  bundled?: PackFileLike;
  /** Called after every change to what content scripts match (import, pack switch, restore). */
  onRevision?: (revision: number) => void;
  /** The clock revisions are drawn from (milliseconds); `Date.now` unless a test sets it. */
  now?: () => number;
}

/** The part of a pack file the service reads before handing it to the importer. */
type PackFileLike = { pack: { version: string } };

/** Creates the service; the database opens on first use and reopens after a version change. */
export function createArchiveService(options: ArchiveServiceOptions = {}) {
  const { factory, bundled = bundledPack, onRevision, now = Date.now } = options;
  let connection: Promise<IDBPDatabase<ArchiveSchema>> | undefined;
  // Bumped on every write, so content scripts can tell their compiled matcher is stale. Open tabs
  // outlive the background (Chromium stops an idle service worker; an event page is unloaded), and
  // a tab skips a notice whose revision equals the one it holds: a restarted background counting
  // from 1 again would, after as many writes, announce a number a tab already has, and that tab
  // would keep matching the old archive. So revisions follow the clock: a background starts above
  // the revisions of the ones before it (writes are far rarer than milliseconds), and each write
  // moves on by at least one.
  let revision = now();
  /**
   * How many summaries each organisation has, for the hover card, valid until the next write.
   * Counting 10,000 summaries of one organisation takes 35-45 ms in Chromium 156's IndexedDB
   * (reading the 20 the card shows, about 2 ms), and only a write changes the count.
   */
  const cardTotals = new Map<string, Promise<number>>();
  /** The keyed matcher source of one revision, kept for the pages that ask for its aliases. */
  let keyed: { revision: number; source: KeyedSource } | undefined;
  const keyedSource = (at: number, organisations: MatcherOrganisation[]): KeyedSource => {
    if (keyed?.revision === at) return keyed.source;
    const source = createKeyedSource(organisations);
    keyed = { revision: at, source };
    return source;
  };

  const bumpRevision = () => {
    revision = Math.max(revision + 1, now());
    cardTotals.clear();
    onRevision?.(revision);
  };

  function db(): Promise<IDBPDatabase<ArchiveSchema>> {
    connection ??= openArchiveDb({
      factory,
      onVersionChange: () => {
        connection = undefined;
      },
    }).catch((error: unknown) => {
      connection = undefined;
      throw error;
    });
    return connection;
  }

  async function repository() {
    return createArchiveRepository(await db());
  }

  function cardTotal(orgKey: string): Promise<number> {
    let total = cardTotals.get(orgKey);
    if (!total) {
      total = repository().then((repo) => repo.countSummaries({ organisationKey: orgKey }));
      cardTotals.set(orgKey, total);
      // A failed count is not kept: the next card asks again.
      total.catch(() => {
        if (cardTotals.get(orgKey) === total) cardTotals.delete(orgKey);
      });
    }
    return total;
  }

  let bundledRun: Promise<ImportResult | null> | undefined;

  return {
    /**
     * Installs or refreshes the bundled archive when its version differs from the installed one.
     * A bundled pack the user removed stays removed unless `force` (the "restore" button) is set.
     * Runs once at a time: install and start-up can both ask for it.
     */
    ensureBundled({ force = false }: { force?: boolean } = {}): Promise<ImportResult | null> {
      const run = async (): Promise<ImportResult | null> => {
        const repo = await repository();
        const [meta, installed] = await Promise.all([
          repo.getMeta('bundled'),
          repo.getPack(BUNDLED_PACK_ID),
        ]);
        const version = bundled.pack.version;
        if (!force) {
          if (installed && meta?.version === version) return null;
          if (!installed && meta) return null; // Removed by the user on purpose.
        }
        const result = await importPack(await db(), bundled, {
          mode: 'replace',
          origin: 'bundled',
        });
        if (result.ok) bumpRevision();
        return result;
      };
      const previous = bundledRun ?? Promise.resolve(null);
      bundledRun = previous.catch(() => null).then(run);
      return bundledRun;
    },

    /** Reinstalls the bundled archive even if the user removed it ("restore bundled archive"). */
    async restoreBundled(): Promise<ImportResult> {
      const result = await this.ensureBundled({ force: true });
      return result ?? { ok: false, error: { kind: 'database', message: 'nothing was restored' } };
    },

    /**
     * The enabled aliases for a page's matcher; above `LAZY_ABOVE_ALIASES` only their keys and
     * the aliases without one (a page asks for the rest with `getAliases`).
     */
    async getMatcherSource(): Promise<ReplyTypes['content:get-matcher-source']> {
      await bundledRun?.catch(() => null);
      const at = revision;
      const organisations = await (await repository()).getEnabledMatcherSource();
      const aliasCount = organisations.reduce((n, org) => n + org.aliases.length, 0);
      if (aliasCount <= LAZY_ABOVE_ALIASES) return { revision: at, organisations };
      const source = keyedSource(at, organisations);
      return {
        revision: at,
        organisations: [],
        keyed: { keys: source.keys, always: source.always },
      };
    },

    /** The aliases behind `keys` in the matcher source of `sourceRevision`, if still current. */
    async getAliases(
      sourceRevision: number,
      keys: readonly number[],
    ): Promise<ReplyTypes['content:get-aliases']> {
      if (sourceRevision !== revision) return { revision, organisations: [] };
      let source = keyed?.revision === revision ? keyed.source : undefined;
      if (!source) {
        const organisations = await (await repository()).getEnabledMatcherSource();
        if (sourceRevision !== revision) return { revision, organisations: [] };
        source = keyedSource(sourceRevision, organisations);
      }
      return { revision: sourceRevision, organisations: source.aliasesFor(keys) };
    },

    async getCard(orgKey: string, limit = CARD_SUMMARY_LIMIT): Promise<CardData | null> {
      const repo = await repository();
      const organisation = await repo.getOrganisation(orgKey);
      if (!organisation) return null;
      const [summaries, total] = await Promise.all([
        repo.getSummariesForOrganisation(orgKey, { limit }),
        cardTotal(orgKey),
      ]);
      const packIds = new Set([organisation.packId, ...summaries.map((s) => s.packId)]);
      const packs: Record<string, Pack> = {};
      for (const id of packIds) {
        const pack = await repo.getPack(id);
        if (pack) packs[id] = pack;
      }
      return { organisation, summaries, total, packs };
    },

    /**
     * Counts the summaries of organisations a page mentions before anyone hovers them, so even a
     * card opened with no dwell finds its count ready. At most `MAX_WARMED` per call.
     */
    warmCardTotals(orgKeys: readonly string[]): void {
      for (const key of orgKeys.slice(0, MAX_WARMED)) cardTotal(key).catch(() => undefined);
    },

    async importPackText(text: string, mode: ImportMode): Promise<ImportResult> {
      const result = await importPack(await db(), text, { mode, origin: 'imported' });
      if (result.ok) bumpRevision();
      return result;
    },

    async setPackEnabled(packId: string, enabled: boolean) {
      const found = await (await repository()).setPackEnabled(packId, enabled);
      if (!found) throw new Error(`there is no pack "${packId}"`);
      bumpRevision();
      return { packId, enabled };
    },

    /** The open archive database, for the options page's writes (see options-service.ts). */
    database: db,

    /**
     * Records a change made to the archive outside this service (the options page's writes):
     * bumps the revision, so open tabs learn that what they matched and showed is stale.
     */
    notifyArchiveChanged: bumpRevision,
  };
}
