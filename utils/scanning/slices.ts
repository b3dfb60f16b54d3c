/**
 * Budgeted work: the page scanner does its work in small units (one mutation record, one block of
 * text) and this loop runs them in slices that end after a few milliseconds, handing the main
 * thread back to the page in between, so no task of ours comes near the 50 ms "long task" line.
 *
 * The environment (clock, how to yield) is injected: the content script passes the browser's
 * (`scheduler.yield`, `requestIdleCallback`), tests pass a fake clock. No browser globals here.
 */

/** How soon work should run: `soon` for what the reader waits for, `idle` for the rest. */
export type Urgency = 'soon' | 'idle';

/** What the loop needs from its environment. */
export interface SliceHost {
  /** A monotonic clock in milliseconds. */
  now(): number;
  /**
   * Resolves when the page can spare a slice of the given urgency, with the time (ms) that slice
   * may take; an idle callback may offer less than the loop's budget.
   */
  wait(urgency: Urgency): Promise<number>;
}

/** The work the loop runs. */
export interface SliceWork {
  /** The urgency of the next unit of work, or null when there is none. */
  next(): Urgency | null;
  /** Runs one small unit of work. */
  step(): void;
  /** Runs after every slice (e.g. to draw highlights and ask for a report). */
  afterSlice(): void;
}

/** Options for {@link createSliceLoop}. */
export interface SliceLoopOptions {
  /**
   * Time per slice in ms. 8 ms leaves most of a 16 ms frame to the page and stays far below the
   * 50 ms long-task threshold even when one unit overruns (a unit is one block of text).
   */
  budgetMs?: number;
  /** While true no slice starts (e.g. the tab is hidden); call `kick()` when it turns false. */
  isPaused?: () => boolean;
  /** Stops the loop for good. */
  signal?: AbortSignal;
}

/** A running loop; see {@link createSliceLoop}. */
export interface SliceLoop {
  /** Starts the loop if it is not running; call after queueing work or unpausing. */
  kick(): void;
  /** True while a loop is between slices or in one. */
  readonly running: boolean;
}

/** Default slice budget in ms; see {@link SliceLoopOptions.budgetMs}. */
export const SLICE_BUDGET_MS = 8;

/**
 * Creates a loop that runs `work` in slices: it waits for the host (urgency of the next unit),
 * then runs units until the slice's time is up. An urgent slice stops when only idle work is
 * left, so idle work always waits for an idle period. At least one unit runs per slice, so work
 * always progresses.
 */
export function createSliceLoop(
  work: SliceWork,
  host: SliceHost,
  { budgetMs = SLICE_BUDGET_MS, isPaused = () => false, signal }: SliceLoopOptions = {},
): SliceLoop {
  let running = false;

  const stopped = () => signal?.aborted === true || isPaused();

  async function run() {
    for (;;) {
      // No await between this check and `running = false`: a kick() that comes after it finds
      // the loop stopped and starts a new one, so queued work is never stranded.
      const urgency = stopped() ? null : work.next();
      if (!urgency) {
        running = false;
        return;
      }
      const offered = await host.wait(urgency);
      if (stopped()) continue;
      const deadline = host.now() + Math.min(budgetMs, Math.max(offered, 0));
      for (let next: Urgency | null = urgency; next; next = work.next()) {
        if (urgency === 'soon' && next === 'idle') break;
        work.step();
        if (host.now() >= deadline || signal?.aborted) break;
      }
      work.afterSlice();
    }
  }

  return {
    kick() {
      if (running || stopped()) return;
      running = true;
      run().catch((error: unknown) => {
        running = false;
        // A bug in a unit must not kill scanning for the rest of the page's life silently.
        console.error('Backstory: scanning stopped after an error', error);
      });
    },
    get running() {
      return running;
    },
  };
}
