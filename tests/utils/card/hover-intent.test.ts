import { describe, expect, it } from 'vitest';
import { createHoverIntent, type PointerPlace } from '../../../utils/card/hover-intent';

/** A fake clock: timers run when `advance` passes their time. */
function fakeClock() {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    timers: {
      setTimeout(run: () => void, ms: number) {
        const id = next++;
        timers.set(id, { at: now + ms, run });
        return id;
      },
      clearTimeout(id: unknown) {
        timers.delete(id as number);
      },
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers]
          .filter(([, t]) => t.at <= until)
          .sort(([, a], [, b]) => a.at - b.at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = until;
    },
    get pending() {
      return timers.size;
    },
  };
}

const DWELL = 200;
const GRACE = 300;

function setup(dwellMs = DWELL) {
  const clock = fakeClock();
  const log: string[] = [];
  const intent = createHoverIntent<string>({
    dwellMs: () => dwellMs,
    graceMs: GRACE,
    same: (a, b) => a === b,
    timers: clock.timers,
    onDwellStart: (m) => log.push(`dwell ${m}`),
    onOpen: (m) => log.push(`open ${m}`),
    onClose: () => log.push('close'),
  });
  const at = (place: string) => {
    const where: PointerPlace<string> =
      place === 'card'
        ? { kind: 'card' }
        : place === '-'
          ? { kind: 'elsewhere' }
          : { kind: 'mention', mention: place };
    intent.point(where);
  };
  return { clock, log, intent, at };
}

describe('hover intent', () => {
  it('opens a mention’s card once the pointer has rested on it for the dwell', () => {
    const { clock, log, intent, at } = setup();
    at('a');
    clock.advance(DWELL - 1);
    expect(log).toEqual(['dwell a']);
    at('a'); // moving within the same mention does not restart the dwell
    clock.advance(1);
    expect(log).toEqual(['dwell a', 'open a']);
    expect(intent.open).toBe('a');
  });

  it('opens nothing for a pointer that passes over a mention', () => {
    const { clock, log, at } = setup();
    at('a');
    clock.advance(DWELL / 2);
    at('-');
    clock.advance(DWELL * 5);
    expect(log).toEqual(['dwell a']);
    expect(clock.pending).toBe(0);
  });

  it('keeps the card while the pointer crosses to it within the grace period, and stays', () => {
    const { clock, log, intent, at } = setup();
    at('a');
    clock.advance(DWELL);
    at('-');
    clock.advance(GRACE - 1);
    at('card');
    clock.advance(GRACE * 10);
    expect(log).toEqual(['dwell a', 'open a']);
    expect(intent.open).toBe('a');
  });

  it('closes after the grace period once the pointer has left the card and its mention', () => {
    const { clock, log, intent, at } = setup();
    at('a');
    clock.advance(DWELL);
    at('card');
    at('-');
    clock.advance(GRACE - 1);
    expect(log).toEqual(['dwell a', 'open a']);
    at('-'); // more movement outside does not restart the grace period
    clock.advance(1);
    expect(log).toEqual(['dwell a', 'open a', 'close']);
    expect(intent.open).toBeUndefined();
  });

  it('switches to another mention’s card after its dwell, without closing in between', () => {
    const { clock, log, at } = setup();
    at('a');
    clock.advance(DWELL);
    at('b');
    clock.advance(DWELL);
    expect(log).toEqual(['dwell a', 'open a', 'dwell b', 'open b']);
  });

  it('closes the old card when the grace period ends before the new dwell does', () => {
    const { clock, log, at } = setup(500);
    at('a');
    clock.advance(500);
    at('b');
    clock.advance(GRACE);
    expect(log).toEqual(['dwell a', 'open a', 'dwell b', 'close']);
    clock.advance(500 - GRACE);
    expect(log.at(-1)).toBe('open b');
  });

  it('reads the dwell each time, so a changed setting applies at once; 0 opens at once', () => {
    let dwell = 200;
    const clock = fakeClock();
    const opened: string[] = [];
    const intent = createHoverIntent<string>({
      dwellMs: () => dwell,
      graceMs: GRACE,
      same: (a, b) => a === b,
      timers: clock.timers,
      onOpen: (m) => opened.push(m),
      onClose: () => undefined,
    });
    dwell = 0;
    intent.point({ kind: 'mention', mention: 'a' });
    expect(opened).toEqual(['a']);
  });

  it('keeps a keyboard card wherever the pointer is, until the pointer has been over it', () => {
    const { clock, log, intent, at } = setup();
    intent.opened('a', { byKeyboard: true });
    at('-');
    clock.advance(GRACE * 10);
    expect(log).toEqual([]);
    expect(intent.open).toBe('a');
    at('card');
    at('-');
    clock.advance(GRACE);
    expect(log).toEqual(['close']);
  });

  it('forgets the card and every timer when it is closed from outside', () => {
    const { clock, log, intent, at } = setup();
    at('a');
    clock.advance(DWELL);
    at('b');
    at('-');
    intent.closed();
    expect(intent.open).toBeUndefined();
    expect(intent.pending).toBeUndefined();
    expect(clock.pending).toBe(0);
    expect(log).toEqual(['dwell a', 'open a', 'dwell b']);
  });

  it('cancels every timer when disposed', () => {
    const { clock, intent, at } = setup();
    at('a');
    intent.dispose();
    expect(clock.pending).toBe(0);
  });
});
