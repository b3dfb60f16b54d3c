/**
 * Timers bound to an `AbortSignal` that leave nothing behind once they have run.
 *
 * WXT's `ctx.setTimeout`, `ctx.requestAnimationFrame` and `ctx.requestIdleCallback` (0.21, and
 * the same in wxt-dev/wxt's main branch) each add an `abort` listener to the context's signal
 * that is removed only when the signal aborts, never when the timer runs or is cleared. The
 * content script schedules a timer per report, per idle slice and per pointer frame, so on a
 * page left open it kept one listener (and its closure) per call for the page's whole life:
 * `npm run bench:soak` counted ~230 more every minute on a scrolling feed.
 *
 * These timers share one `abort` listener and forget each timer when it runs or is cancelled,
 * so what they hold is bounded by what is pending. Handles are their own numbers (never a
 * browser handle), valid only with the same timers' cancel functions.
 */

/** The browser's timer functions, as far as these timers use them. */
export interface TimerEnvironment {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  requestAnimationFrame(callback: (time: number) => void): unknown;
  cancelAnimationFrame(handle: unknown): void;
  requestIdleCallback(
    callback: (deadline: IdleDeadline) => void,
    options?: IdleRequestOptions,
  ): unknown;
  cancelIdleCallback(handle: unknown): void;
}

/** Timers that stop with a signal; see the module comment. */
export interface SignalTimers {
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(handle: unknown): void;
  requestAnimationFrame(callback: (time: number) => void): number;
  cancelAnimationFrame(handle: unknown): void;
  requestIdleCallback(
    callback: (deadline: IdleDeadline) => void,
    options?: IdleRequestOptions,
  ): number;
  cancelIdleCallback(handle: unknown): void;
  /** Timers scheduled that have neither run nor been cancelled. */
  readonly pending: number;
}

/** Options for {@link createSignalTimers}. */
export interface SignalTimersOptions {
  /**
   * Checked just before a callback runs; false skips it. The content script passes
   * `() => ctx.isValid`, which also notices an extension that went away (and aborts the signal).
   */
  isActive?: () => boolean;
  /** Where the real timers come from; the global scope's, read when a timer is set. */
  environment?: () => TimerEnvironment;
}

/**
 * Creates timers that are cancelled when `signal` aborts. Once it has aborted, setting a timer
 * does nothing and returns 0, a handle no timer has.
 */
export function createSignalTimers(
  signal: AbortSignal,
  {
    isActive = () => !signal.aborted,
    environment = () => globalThis as unknown as TimerEnvironment,
  }: SignalTimersOptions = {},
): SignalTimers {
  /** Pending timers: our handle → how to cancel the real one. */
  const pending = new Map<number, () => void>();
  let lastHandle = 0;

  signal.addEventListener(
    'abort',
    () => {
      for (const cancel of pending.values()) cancel();
      pending.clear();
    },
    { once: true },
  );

  /** Starts a real timer through `start`, whose callback runs `run` unless cancelled meanwhile. */
  function schedule<A extends unknown[]>(
    start: (fire: (...args: A) => void) => unknown,
    stop: (real: unknown) => void,
    run: (...args: A) => void,
  ): number {
    if (signal.aborted) return 0;
    const handle = ++lastHandle;
    const real = start((...args: A) => {
      if (!pending.delete(handle)) return;
      if (isActive()) run(...args);
    });
    pending.set(handle, () => stop(real));
    return handle;
  }

  function cancel(handle: unknown) {
    if (typeof handle !== 'number') return;
    const stop = pending.get(handle);
    if (!stop) return;
    pending.delete(handle);
    stop();
  }

  return {
    setTimeout(callback, ms) {
      const env = environment();
      return schedule(
        (fire) => env.setTimeout(fire, ms),
        (real) => env.clearTimeout(real),
        callback,
      );
    },
    clearTimeout: cancel,
    requestAnimationFrame(callback) {
      const env = environment();
      return schedule(
        (fire: (time: number) => void) => env.requestAnimationFrame(fire),
        (real) => env.cancelAnimationFrame(real),
        callback,
      );
    },
    cancelAnimationFrame: cancel,
    requestIdleCallback(callback, options) {
      const env = environment();
      return schedule(
        (fire: (deadline: IdleDeadline) => void) => env.requestIdleCallback(fire, options),
        (real) => env.cancelIdleCallback(real),
        callback,
      );
    },
    cancelIdleCallback: cancel,
    get pending() {
      return pending.size;
    },
  };
}
