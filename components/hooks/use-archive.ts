import { useLayoutEffect, useState } from 'preact/hooks';
import type { Organisation, Pack, Summary } from '../../utils/packs/model';
import { createArchiveSearch, type ArchiveSearch } from '../../utils/search/archive-search';
import { MARK_ARCHIVE_LOADED, MARK_INDEX_READY, mark } from '../../utils/search/perf-marks';
import { serialTask } from '../../utils/serial-task';

/** The archive as read at one moment. */
export interface ArchiveSnapshot {
  packs: Pack[];
  organisations: Organisation[];
  /** Summaries of enabled packs only. */
  summaries: Summary[];
}

/** Where the archive comes from: the popup reads IndexedDB (see `entrypoints/popup/`), tests pass a fake. */
export interface ArchiveSource {
  /** Every pack and organisation, and the newest `limit` summaries: what the first paint needs. */
  loadFirst(limit: number): Promise<ArchiveSnapshot>;
  /** Every pack and organisation, and every summary of enabled packs, in any order. */
  loadAll(): Promise<ArchiveSnapshot>;
  /** A cheap fingerprint that changes when the archive does (see `utils/search/changes.ts`). */
  signature(): Promise<string>;
  /** Calls `onMaybeChanged` whenever the archive may have changed; returns a function that stops it. */
  watch(onMaybeChanged: () => void): () => void;
}

/** How the hook spreads its work, so typing and scrolling stay smooth while it indexes. */
export interface Scheduler {
  now(): number;
  /** Resolves soon, after pending input and rendering had their turn. */
  yield(): Promise<void>;
  /** Resolves once the page is idle, after the next frame has been painted. */
  idle(): Promise<void>;
}

/** The archive as the popup's archive view sees it. */
export type ArchiveState =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  | {
      status: 'ready';
      packs: Pack[];
      organisations: Organisation[];
      search: ArchiveSearch;
      /** Changes whenever the summaries, packs or organisations do. */
      contentRevision: number;
      /** Changes whenever content or the index do: a dependency for search results. */
      revision: number;
      /** False while only the newest page of summaries is loaded. */
      complete: boolean;
      /** Summaries a text search can find so far (all of them once indexing is done). */
      indexed: number;
    };

/**
 * Summaries read before the first paint: three screens of rows. The rest follows a moment
 * later; each one read here costs a cursor step before the popup can show anything.
 */
export const FIRST_PAGE = 24;
/** Longest stretch of indexing before the hook yields to input and rendering, in ms. */
const SLICE_MS = 12;
/** How often progress is published while indexing, in ms (each publish re-runs the query). */
const PROGRESS_MS = 250;

/** Yields through `scheduler.yield()` where it exists, else a message-channel task. */
export const browserScheduler: Scheduler = {
  now: () => performance.now(),
  yield() {
    const native = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
    if (native?.yield) return native.yield();
    // A message, unlike setTimeout(0), is neither clamped to 4 ms nor throttled in background tabs.
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  },
  idle() {
    return new Promise((resolve) => {
      let waited = false;
      const whenIdle = () => {
        if (waited) return;
        waited = true;
        if (typeof requestIdleCallback === 'function') {
          requestIdleCallback(() => resolve(), { timeout: 100 });
        } else {
          setTimeout(resolve, 0);
        }
      };
      // After the next frame is out (a task after requestAnimationFrame), so the work that follows
      // cannot delay the paint of what was just rendered. Animation frames do not run in hidden
      // documents, hence the timer.
      requestAnimationFrame(() => setTimeout(whenIdle, 0));
      setTimeout(whenIdle, 100);
    });
  },
};

/**
 * Loads the archive for the popup and keeps it current: the newest page first (so the list
 * shows at once), then everything, then the search index built in slices between frames. While
 * the popup is open, `source.watch` triggers a check of the archive's signature; when it changed,
 * the archive is read again and the index updated by diff.
 */
export function useArchive(
  source: ArchiveSource,
  scheduler: Scheduler = browserScheduler,
): ArchiveState {
  const [state, setState] = useState<ArchiveState>({ status: 'loading' });

  // A layout effect, not an effect: the reads start as soon as the first render is committed
  // instead of after its frame is painted, and the database answers while that frame paints.
  useLayoutEffect(() => {
    let stopped = false;
    const search = createArchiveSearch();
    let packs: Pack[] = [];
    let organisations: Organisation[] = [];
    let complete = false;
    let contentRevision = 0;
    let revision = 0;
    let signature: string | undefined;
    let indexReadyMarked = false;

    const publish = () => {
      if (stopped) return;
      setState({
        status: 'ready',
        packs,
        organisations,
        search,
        contentRevision,
        revision: ++revision,
        complete,
        indexed: search.size - search.pending,
      });
    };

    const apply = (snapshot: ArchiveSnapshot) => {
      packs = snapshot.packs;
      organisations = snapshot.organisations;
      search.setOrganisations(organisations);
      search.setSummaries(snapshot.summaries);
      contentRevision++;
    };

    let indexing = false;
    /** Indexes everything queued, in slices; a call while it runs is covered by that run. */
    const indexAll = async (): Promise<void> => {
      if (indexing) return;
      indexing = true;
      try {
        let published = scheduler.now();
        // The queue is read afresh every slice, so summaries queued meanwhile are included.
        while (!stopped) {
          const deadline = scheduler.now() + SLICE_MS;
          if (search.indexPending(() => scheduler.now() >= deadline)) break;
          if (scheduler.now() - published >= PROGRESS_MS) {
            publish();
            published = scheduler.now();
          }
          await scheduler.yield();
        }
      } finally {
        indexing = false;
      }
      if (stopped) return;
      publish();
      if (!indexReadyMarked) {
        indexReadyMarked = true;
        mark(MARK_INDEX_READY);
      }
    };

    const fail = (error: unknown) => {
      if (!stopped) {
        setState({
          status: 'error',
          error: error instanceof Error ? error : new Error(String(error)),
        });
      }
    };

    const refresh = async (): Promise<void> => {
      const next = await source.signature();
      if (stopped || next === signature) return;
      signature = next;
      apply(await source.loadAll());
      publish();
      await indexAll();
    };
    const refreshOnce = serialTask(refresh);
    /** A change announced while the first load runs, checked as soon as it ends. */
    let missed = false;
    /** Runs one refresh at a time; a request during one runs once more after it. */
    const requestRefresh = () => {
      if (!complete) {
        missed = true;
        return;
      }
      refreshOnce().catch(() => {
        // The archive shown stays; forgetting the signature makes the next check read again.
        signature = undefined;
      });
    };

    void (async () => {
      apply(await source.loadFirst(FIRST_PAGE));
      publish();
      // Reading thousands of summaries takes a while: let the first rows paint before it.
      await scheduler.idle();
      if (stopped) return;
      // The signature is read before the whole archive is, so a write during the load is noticed
      // by the next check (at worst the archive is read once more). Counting the summaries for
      // it costs a few milliseconds the first paint does not wait for.
      signature = await source.signature();
      if (stopped) return;
      apply(await source.loadAll());
      complete = true;
      publish();
      mark(MARK_ARCHIVE_LOADED);
      // The signature tells whether that change came after the read (most often it did not).
      if (missed) requestRefresh();
      await indexAll();
    })().catch(fail);

    const unwatch = source.watch(requestRefresh);
    return () => {
      stopped = true;
      unwatch();
    };
  }, [source, scheduler]);

  return state;
}
