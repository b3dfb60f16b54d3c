/**
 * Names of the performance marks and measures the popup records, read by `bench/archive.ts`
 * (and visible in the browser's performance panel). Times are from the page's navigation start.
 */

/** The archive tab can be used: the search box is enabled and the first rows are on screen. */
export const MARK_INTERACTIVE = 'backstory:interactive';
/** Every summary of the archive is loaded (filters and the newest-first list are complete). */
export const MARK_ARCHIVE_LOADED = 'backstory:archive-loaded';
/** Every loaded summary is in the search index. */
export const MARK_INDEX_READY = 'backstory:index-ready';
/**
 * One query: from the input event to its results being in the DOM. `detail` holds
 * `{ query, results }`.
 */
export const MEASURE_QUERY = 'backstory:query';

/** Records a mark where the Performance API exists (it does in every extension page). */
export function mark(name: string): void {
  globalThis.performance?.mark?.(name);
}

/** Records one query's time from `start` (a `performance.now()` reading) to now. */
export function measureQuery(start: number, detail: { query: string; results: number }): void {
  try {
    globalThis.performance?.measure?.(MEASURE_QUERY, { start, end: performance.now(), detail });
  } catch {
    // An engine without User Timing Level 3 options: the figure is only for the benchmark.
  }
}
