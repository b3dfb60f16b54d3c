import { describe, expect, it } from 'vitest';
import {
  type SliceHost,
  type SliceWork,
  type Urgency,
  createSliceLoop,
} from '../../../utils/scanning/slices';

/** A fake clock where each unit of work takes `unitMs`; records every wait. */
function fakeHost(offered = 8) {
  let clock = 0;
  const waits: Urgency[] = [];
  const host: SliceHost = {
    now: () => clock,
    wait: async (urgency) => {
      waits.push(urgency);
      return offered;
    },
  };
  return { host, waits, advance: (ms: number) => (clock += ms) };
}

/** Work made of named units; each step takes `unitMs` on the fake clock. */
function queue(
  units: [name: string, urgency: Urgency][],
  advance: (ms: number) => void,
  unitMs = 3,
) {
  const done: string[] = [];
  const slices: string[][] = [];
  let slice: string[] = [];
  const work: SliceWork = {
    next: () => units[0]?.[1] ?? null,
    step: () => {
      const unit = units.shift();
      if (unit) {
        done.push(unit[0]);
        slice.push(unit[0]);
      }
      advance(unitMs);
    },
    afterSlice: () => {
      slices.push(slice);
      slice = [];
    },
  };
  return { work, done, slices, units };
}

/** Lets the loop's promise chain run to the end. */
async function drain() {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

describe('createSliceLoop', () => {
  it('ends each slice when its time is up (8 ms budget, 3 ms units: 3 per slice)', async () => {
    const { host, advance } = fakeHost();
    const { work, slices } = queue(
      Array.from({ length: 7 }, (_, i) => [`u${i}`, 'soon'] as [string, Urgency]),
      advance,
    );
    const loop = createSliceLoop(work, host);
    loop.kick();
    expect(loop.running).toBe(true);
    await drain();
    expect(slices).toEqual([['u0', 'u1', 'u2'], ['u3', 'u4', 'u5'], ['u6']]);
    expect(loop.running).toBe(false);
  });

  it('runs at least one unit per slice, even when a unit overruns the budget', async () => {
    const { host, advance } = fakeHost();
    const { work, slices } = queue(
      [
        ['big', 'soon'],
        ['next', 'soon'],
      ],
      advance,
      20,
    );
    createSliceLoop(work, host).kick();
    await drain();
    expect(slices).toEqual([['big'], ['next']]);
  });

  it('waits for an idle period before idle work, and takes no more than it offers', async () => {
    const { host, waits, advance } = fakeHost(4);
    const { work, slices } = queue(
      [
        ['a', 'soon'],
        ['b', 'soon'],
        ['c', 'idle'],
        ['d', 'idle'],
        ['e', 'idle'],
      ],
      advance,
      2,
    );
    createSliceLoop(work, host).kick();
    await drain();
    // An urgent slice stops where idle work begins; an idle slice ends after the offered 4 ms.
    expect(slices).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(waits).toEqual(['soon', 'idle', 'idle']);
  });

  it('does nothing while paused, and picks up where it was when kicked', async () => {
    const { host, advance } = fakeHost();
    let paused = true;
    const { work, done } = queue(
      [
        ['a', 'soon'],
        ['b', 'soon'],
      ],
      advance,
    );
    const loop = createSliceLoop(work, host, { isPaused: () => paused });
    loop.kick();
    await drain();
    expect(done).toEqual([]);
    expect(loop.running).toBe(false);
    paused = false;
    loop.kick();
    await drain();
    expect(done).toEqual(['a', 'b']);
  });

  it('stops for good when its signal aborts', async () => {
    const { host, advance } = fakeHost();
    const controller = new AbortController();
    const { work, done } = queue(
      Array.from({ length: 10 }, (_, i) => [`u${i}`, 'soon'] as [string, Urgency]),
      advance,
    );
    const loop = createSliceLoop(work, host, { signal: controller.signal });
    loop.kick();
    controller.abort();
    await drain();
    expect(done).toEqual([]);
    loop.kick();
    await drain();
    expect(done).toEqual([]);
  });

  it('starts again for work queued after it stopped', async () => {
    const { host, advance } = fakeHost();
    const { work, done, units } = queue([['a', 'soon']], advance);
    const loop = createSliceLoop(work, host);
    loop.kick();
    await drain();
    units.push(['b', 'idle']);
    loop.kick();
    await drain();
    expect(done).toEqual(['a', 'b']);
  });
});
