/**
 * An in-memory archive source for component tests, and a scheduler that never yields, so the
 * whole archive is loaded and indexed as soon as the test awaits.
 */
import type {
  ArchiveSnapshot,
  ArchiveSource,
  Scheduler,
} from '../../../components/hooks/use-archive';
import { archiveSignature } from '../../../utils/search/changes';

/** The source, plus what a test does to it: change the archive and tell the watchers. */
export interface FakeArchiveSource extends ArchiveSource {
  replace(snapshot: ArchiveSnapshot): void;
  /** Calls every watcher, as a focus event or a broadcast would. */
  notify(): void;
}

/** A source over `snapshot`; `loadFirst` gives the first `limit` summaries as stored. */
export function fakeArchiveSource(snapshot: ArchiveSnapshot): FakeArchiveSource {
  let current = snapshot;
  const watchers = new Set<() => void>();
  return {
    loadFirst: async (limit) => ({ ...current, summaries: current.summaries.slice(0, limit) }),
    loadAll: async () => current,
    signature: async () =>
      archiveSignature(current.packs, current.organisations.length, current.summaries.length) +
      current.summaries.map((s) => s.title).join('|'),
    watch(onMaybeChanged) {
      watchers.add(onMaybeChanged);
      return () => watchers.delete(onMaybeChanged);
    },
    replace(next) {
      current = next;
    },
    notify() {
      for (const watcher of watchers) watcher();
    },
  };
}

/** Never yields inside a slice and resolves every wait at once. */
export const immediateScheduler: Scheduler = {
  now: () => 0,
  yield: () => Promise.resolve(),
  idle: () => Promise.resolve(),
};
