// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { FLASH_HIGHLIGHT, FLASH_MS, createFlasher } from '../../entrypoints/content/card/flash';
import { fakeHighlights } from './fakes';

/** Timers that run only when told to. */
function manualTimers() {
  const due = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout(callback: () => void, ms: number) {
      expect(ms).toBe(FLASH_MS);
      due.set(next, callback);
      return next++;
    },
    clearTimeout: (id: unknown) => void due.delete(id as number),
    runAll() {
      for (const [id, callback] of [...due]) {
        due.delete(id);
        callback();
      }
    },
    get size() {
      return due.size;
    },
  };
}

describe('the keyboard jump’s flash', () => {
  function setup() {
    document.body.innerHTML = '<p>The PMOI and the MKO.</p>';
    const text = document.querySelector('p')?.firstChild as Text;
    const highlights = fakeHighlights();
    const timers = manualTimers();
    const controller = new AbortController();
    const flasher = createFlasher(highlights.environment, timers, controller.signal);
    const range = (start: number, end: number) => ({
      startContainer: text,
      startOffset: start,
      endContainer: text,
      endOffset: end,
    });
    return { highlights, timers, controller, flasher, range };
  }

  it('draws one range under backstory-flash, and takes it away after a moment', () => {
    const { highlights, timers, flasher, range } = setup();
    flasher.flash(range(4, 8));
    expect(highlights.drawn()).toEqual([[FLASH_HIGHLIGHT, 'PMOI']]);
    timers.runAll();
    expect(highlights.registry.has(FLASH_HIGHLIGHT)).toBe(false);
  });

  it('moves to the next mention at once, with one timer', () => {
    const { highlights, timers, flasher, range } = setup();
    flasher.flash(range(4, 8));
    flasher.flash(range(17, 20));
    expect(highlights.drawn()).toEqual([[FLASH_HIGHLIGHT, 'MKO']]);
    expect(timers.size).toBe(1);
  });

  it('leaves nothing behind when the content script goes away', () => {
    const { highlights, timers, controller, flasher, range } = setup();
    flasher.flash(range(4, 8));
    controller.abort();
    expect(highlights.registry.size).toBe(0);
    expect(timers.size).toBe(0);
    flasher.flash(range(4, 8));
    expect(highlights.registry.size).toBe(0);
  });
});
