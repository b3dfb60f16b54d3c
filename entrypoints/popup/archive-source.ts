/**
 * The popup's archive source: IndexedDB at the extension's origin, read directly (extension pages
 * may), and the signals that tell an open popup the archive may have changed.
 */
import type { IDBPDatabase } from 'idb';
import type { ArchiveSnapshot, ArchiveSource } from '../../components/hooks/use-archive';
import { openArchiveDb } from '../../utils/archive/db';
import { createArchiveRepository } from '../../utils/archive/repository';
import { toSummary, type ArchiveSchema } from '../../utils/archive/schema';
import type { Summary } from '../../utils/packs/model';
import {
  ARCHIVE_RECHECK_INTERVAL,
  archiveSignature,
  watchArchiveChanges,
} from '../../utils/search/changes';

/** Summaries per read: each read's results arrive as one task, so input can run between them. */
const CHUNK = 1_000;

/** Creates the source; the database opens at once and reopens after a version change. */
export function createArchiveSource(env: { document: Document }): ArchiveSource {
  let connection: Promise<IDBPDatabase<ArchiveSchema>> | undefined;
  const db = () => {
    connection ??= openArchiveDb({
      onVersionChange: () => {
        connection = undefined;
      },
    }).catch((error: unknown) => {
      connection = undefined;
      throw error;
    });
    return connection;
  };

  // Opening takes a few milliseconds: start now, while the popup's scripts render.
  void db().catch(() => undefined);

  return {
    async loadFirst(limit) {
      const repository = createArchiveRepository(await db());
      const [packs, organisations, page] = await Promise.all([
        repository.listPacks(),
        repository.listOrganisations(),
        repository.listSummaries({ limit }),
      ]);
      return { packs, organisations, summaries: page.items };
    },

    async loadAll(): Promise<ArchiveSnapshot> {
      // One read-only transaction, so every chunk sees the same archive. The repository pages
      // with a cursor (one event per summary); here each chunk is one getAll.
      const tx = (await db()).transaction(['packs', 'organisations', 'summaries'], 'readonly');
      const [packs, organisations] = await Promise.all([
        tx.objectStore('packs').getAll(),
        tx.objectStore('organisations').getAll(),
      ]);
      const enabled = new Set(packs.filter((pack) => pack.enabled).map((pack) => pack.id));
      const store = tx.objectStore('summaries');
      const summaries: Summary[] = [];
      let after: string | undefined;
      for (;;) {
        const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
        const chunk = await store.getAll(range, CHUNK);
        for (const stored of chunk) {
          if (enabled.has(stored.packId)) summaries.push(toSummary(stored));
        }
        const last = chunk.at(-1);
        if (chunk.length < CHUNK || !last) break;
        after = last.key;
      }
      await tx.done;
      return { packs, organisations, summaries };
    },

    async signature() {
      const tx = (await db()).transaction(['packs', 'organisations', 'summaries'], 'readonly');
      const [packs, organisationCount, summaryCount] = await Promise.all([
        tx.objectStore('packs').getAll(),
        tx.objectStore('organisations').count(),
        tx.objectStore('summaries').count(),
      ]);
      await tx.done;
      return archiveSignature(packs, organisationCount, summaryCount);
    },

    watch(onMaybeChanged) {
      return watchArchiveChanges(
        {
          document: env.document,
          BroadcastChannel: typeof BroadcastChannel === 'function' ? BroadcastChannel : undefined,
        },
        onMaybeChanged,
        { focus: true, recheckEvery: ARCHIVE_RECHECK_INTERVAL },
      );
    },
  };
}
