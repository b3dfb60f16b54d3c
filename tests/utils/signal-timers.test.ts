import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createSignalTimers, type TimerEnvironment } from '../../utils/signal-timers';

type Kind = 'timeout' | 'frame' | 'idle';

/** The browser's timers, faked: each kind is a queue that `run(kind)` empties. */
function fakeEnvironment() {
  let next = 1;
  const queued = new Map<number, { kind: Kind; callback: (arg: never) => void; ms?: number }>();
  const add = (kind: Kind, callback: (arg: never) => void, ms?: number) => {
    const id = next++;
    queued.set(id, { kind, callback, ms });
    return id;
  };
  const remove = (id: unknown) => queued.delete(id as number);
  const environment: TimerEnvironment = {
    setTimeout: (callback, ms) => add('timeout', callback, ms),
    clearTimeout: remove,
    requestAnimationFrame: (callback) => add('frame', callback),
    cancelAnimationFrame: remove,
    requestIdleCallback: (callback) => add('idle', callback),
    cancelIdleCallback: remove,
  };
  const argumentFor: Record<Kind, unknown> = {
    timeout: undefined,
    frame: 1234.5,
    idle: { didTimeout: false, timeRemaining: () => 12 },
  };
  return {
    environment: () => environment,
    /** Runs every queued callback of `kind` (those they queue wait for the next run). */
    run(kind: Kind) {
      for (const [id, entry] of [...queued]) {
        if (entry.kind !== kind) continue;
        queued.delete(id);
        entry.callback(argumentFor[kind] as never);
      }
    },
    queued: (kind?: Kind) => [...queued.values()].filter((e) => !kind || e.kind === kind).length,
    delays: () => [...queued.values()].map((e) => e.ms),
  };
}

describe('createSignalTimers', () => {
  it('keeps one abort listener however many timers run or are cleared', () => {
    const fake = fakeEnvironment();
    const controller = new AbortController();
    const timers = createSignalTimers(controller.signal, { environment: fake.environment });
    let runs = 0;
    for (let i = 0; i < 1_000; i++) {
      timers.setTimeout(() => runs++, 10);
      timers.requestAnimationFrame(() => runs++);
      timers.requestIdleCallback(() => runs++);
      timers.clearTimeout(timers.setTimeout(() => runs++, 10));
    }
    expect(timers.pending).toBe(3_000);
    fake.run('timeout');
    fake.run('frame');
    fake.run('idle');
    expect(runs).toBe(3_000);
    expect(timers.pending).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
  });

  it('passes the real timers their delay and the callbacks their argument', () => {
    const fake = fakeEnvironment();
    const timers = createSignalTimers(new AbortController().signal, {
      environment: fake.environment,
    });
    const seen: unknown[] = [];
    timers.setTimeout(() => seen.push('timeout'), 250);
    timers.requestAnimationFrame((time) => seen.push(time));
    timers.requestIdleCallback((deadline) => seen.push(deadline.timeRemaining()));
    expect(fake.delays()).toContain(250);
    fake.run('timeout');
    fake.run('frame');
    fake.run('idle');
    expect(seen).toEqual(['timeout', 1234.5, 12]);
  });

  it.each([
    ['clearTimeout', 'timeout'],
    ['cancelAnimationFrame', 'frame'],
    ['cancelIdleCallback', 'idle'],
  ] as const)('%s cancels the real timer and forgets it', (cancel, kind) => {
    const fake = fakeEnvironment();
    const timers = createSignalTimers(new AbortController().signal, {
      environment: fake.environment,
    });
    let ran = false;
    const handle =
      kind === 'timeout'
        ? timers.setTimeout(() => (ran = true), 5)
        : kind === 'frame'
          ? timers.requestAnimationFrame(() => (ran = true))
          : timers.requestIdleCallback(() => (ran = true));
    timers[cancel](handle);
    expect(fake.queued(kind)).toBe(0);
    expect(timers.pending).toBe(0);
    fake.run(kind);
    expect(ran).toBe(false);
    // Cancelling again, or with a handle these timers never gave, does nothing.
    timers[cancel](handle);
    timers[cancel](999);
    timers[cancel](undefined);
  });

  it('cancels every pending timer when the signal aborts, and sets none after', () => {
    const fake = fakeEnvironment();
    const controller = new AbortController();
    const timers = createSignalTimers(controller.signal, { environment: fake.environment });
    let runs = 0;
    timers.setTimeout(() => runs++, 10);
    timers.requestAnimationFrame(() => runs++);
    timers.requestIdleCallback(() => runs++);
    controller.abort();
    expect(fake.queued()).toBe(0);
    expect(timers.pending).toBe(0);
    expect(timers.setTimeout(() => runs++, 0)).toBe(0);
    expect(timers.requestAnimationFrame(() => runs++)).toBe(0);
    expect(fake.queued()).toBe(0);
    expect(runs).toBe(0);
  });

  it('skips a callback when it is no longer active, and still forgets it', () => {
    const fake = fakeEnvironment();
    let active = true;
    const timers = createSignalTimers(new AbortController().signal, {
      environment: fake.environment,
      isActive: () => active,
    });
    let runs = 0;
    timers.setTimeout(() => runs++, 0);
    active = false;
    fake.run('timeout');
    expect(runs).toBe(0);
    expect(timers.pending).toBe(0);
  });

  it('lets a callback set the next timer (a loop of frames stays one pending timer)', () => {
    const fake = fakeEnvironment();
    const timers = createSignalTimers(new AbortController().signal, {
      environment: fake.environment,
    });
    let frames = 0;
    const frame = () => {
      frames++;
      if (frames < 100) timers.requestAnimationFrame(frame);
    };
    timers.requestAnimationFrame(frame);
    for (let i = 0; i < 100; i++) {
      expect(timers.pending).toBe(1);
      fake.run('frame');
    }
    expect(frames).toBe(100);
    expect(timers.pending).toBe(0);
  });
});
