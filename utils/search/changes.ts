/**
 * How an open extension page notices that the archive changed (a pack imported, switched or
 * removed, a note written or deleted) without reading it all again.
 *
 * IndexedDB has no change events. The background posts on a BroadcastChannel after every write
 * (`new BroadcastChannel(ARCHIVE_CHANGED_CHANNEL).postMessage(...)`), which makes an update
 * immediate; pages also check again when they are shown again. The popup compares a cheap
 * signature of the archive on each signal (and on focus, and every few seconds while visible) and
 * re-reads only when it differs, updating its search index by diff (see `archive-search.ts`); the
 * options page re-reads its smaller view on each signal.
 */
import type { Pack } from '../packs/model';

/** The BroadcastChannel on which writers may announce a change to the archive. */
export const ARCHIVE_CHANGED_CHANNEL = 'backstory:archive-changed';

/** How often a visible popup re-checks the signature, in milliseconds. */
export const ARCHIVE_RECHECK_INTERVAL = 5_000;

/**
 * A string that changes whenever packs are added, removed, switched or updated (imports and new
 * notes bump a pack's `updatedAt`), or the number of organisations or summaries changes (deleted
 * notes).
 */
export function archiveSignature(
  packs: readonly Pack[],
  organisationCount: number,
  summaryCount: number,
): string {
  const packParts = packs
    .map((pack) => [pack.id, pack.version, pack.updatedAt, pack.enabled ? 1 : 0].join('\u0001'))
    .sort();
  return [organisationCount, summaryCount, ...packParts].join('\u0002');
}

/** What {@link watchArchiveChanges} listens to: the page's document, and its BroadcastChannel. */
export interface ArchiveWatchEnvironment {
  document: Document;
  /** Absent where the context has none; the other signals still work. */
  BroadcastChannel?: typeof BroadcastChannel;
}

/** When {@link watchArchiveChanges} checks besides the channel and the page being shown again. */
export interface ArchiveWatchOptions {
  /** Also when the page's window gets focus (for a check that costs little, like a signature). */
  focus?: boolean;
  /** Also every this many ms while the page is visible. */
  recheckEvery?: number;
}

/**
 * Calls `onMaybeChanged` whenever the archive may have changed: a post on
 * {@link ARCHIVE_CHANGED_CHANNEL} (what the post says is not read: it only prompts a check), the
 * page shown again, and as `options` add. Returns the unwatch.
 */
export function watchArchiveChanges(
  env: ArchiveWatchEnvironment,
  onMaybeChanged: () => void,
  options: ArchiveWatchOptions = {},
): () => void {
  const { document } = env;
  const view = document.defaultView;
  const channel = env.BroadcastChannel ? new env.BroadcastChannel(ARCHIVE_CHANGED_CHANNEL) : null;
  if (channel) channel.onmessage = () => onMaybeChanged();
  const onVisible = () => {
    if (document.visibilityState === 'visible') onMaybeChanged();
  };
  document.addEventListener('visibilitychange', onVisible);
  if (options.focus) view?.addEventListener('focus', onVisible);
  const timer =
    options.recheckEvery === undefined ? undefined : setInterval(onVisible, options.recheckEvery);
  return () => {
    channel?.close();
    document.removeEventListener('visibilitychange', onVisible);
    view?.removeEventListener('focus', onVisible);
    if (timer !== undefined) clearInterval(timer);
  };
}
