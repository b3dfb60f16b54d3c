/**
 * A throttle for the content script's reports: a page that changes all the time (a live ticker,
 * an infinite list) must not send a message per change. Timers are injected for tests.
 */

/** The timer functions the throttle uses (the content script passes signal-bound ones). */
export interface ThrottleTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A throttled action; see {@link createThrottle}. */
export interface Throttle {
  /** Runs the action now if the interval has passed, else once when it has. */
  request(): void;
  /** Runs the action now (dropping a scheduled run), e.g. for the first report. */
  flush(): void;
  /** Drops a scheduled run. */
  cancel(): void;
}

/** Runs `action` at most once per `intervalMs`; requests in between collapse into one run. */
export function createThrottle(
  action: () => void,
  intervalMs: number,
  timers: ThrottleTimers,
): Throttle {
  let last = -Infinity;
  let scheduled: unknown;
  let pending = false;

  const fire = () => {
    pending = false;
    scheduled = undefined;
    last = timers.now();
    action();
  };

  const cancel = () => {
    if (pending) timers.clearTimeout(scheduled);
    pending = false;
    scheduled = undefined;
  };

  return {
    request() {
      if (pending) return;
      const wait = last + intervalMs - timers.now();
      if (wait <= 0) {
        fire();
        return;
      }
      pending = true;
      scheduled = timers.setTimeout(fire, wait);
    },
    flush() {
      cancel();
      fire();
    },
    cancel,
  };
}
