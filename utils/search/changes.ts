/**
 * How an open popup notices that the archive changed (a pack imported, switched or removed, a
 * note written or deleted) without reading it all again.
 *
 * IndexedDB has no change events, so the popup compares a cheap signature of the archive when it
 * regains focus and every few seconds while visible, and also listens on a BroadcastChannel that
 * any extension context may post to after writing (`new BroadcastChannel(ARCHIVE_CHANGED_CHANNEL)
 * .postMessage('changed')`), which makes the update immediate. Only when the signature differs is
 * the archive re-read and the search index updated by diff (see `archive-search.ts`).
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
