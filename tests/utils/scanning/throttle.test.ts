import { describe, expect, it } from 'vitest';
import { createThrottle } from '../../../utils/scanning/throttle';

/** Timers on a fake clock: `tick(ms)` moves time and fires what is due. */
function fakeTimers() {
  let clock = 0;
  let next = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  return {
    timers: {
      now: () => clock,
      setTimeout: (callback: () => void, ms: number) => {
        const id = next++;
        pending.set(id, { at: clock + ms, callback });
        return id;
      },
      clearTimeout: (id: unknown) => {
        pending.delete(id as number);
      },
    },
    tick(ms: number) {
      clock += ms;
      for (const [id, timer] of [...pending]) {
        if (timer.at <= clock) {
          pending.delete(id);
          timer.callback();
        }
      }
    },
    pending: () => pending.size,
  };
}

describe('createThrottle', () => {
  it('runs at once, then at most once per interval for any number of requests', () => {
    const { timers, tick } = fakeTimers();
    const runs: number[] = [];
    const throttle = createThrottle(() => runs.push(timers.now()), 500, timers);
    throttle.request();
    expect(runs).toEqual([0]);
    tick(100);
    throttle.request();
    throttle.request();
    tick(100);
    throttle.request();
    expect(runs).toEqual([0]);
    tick(300);
    expect(runs).toEqual([0, 500]);
    tick(1000);
    expect(runs).toEqual([0, 500]);
  });

  it('flushes now, dropping the scheduled run, and cancels', () => {
    const { timers, tick, pending } = fakeTimers();
    const runs: number[] = [];
    const throttle = createThrottle(() => runs.push(timers.now()), 500, timers);
    throttle.request();
    tick(10);
    throttle.request();
    expect(pending()).toBe(1);
    throttle.flush();
    expect(runs).toEqual([0, 10]);
    expect(pending()).toBe(0);
    tick(10);
    throttle.request();
    throttle.cancel();
    tick(1000);
    expect(runs).toEqual([0, 10]);
  });
});
