import { describe, expect, it } from 'vitest';
import { pickNextMention } from '../../../utils/card/next-mention';

/** Mentions as numbers: reading order is numeric order; `hidden` ones are not rendered. */
function pick(
  items: number[],
  current: number | undefined,
  { viewportTop = 0, hidden = [] as number[] } = {},
) {
  return pickNextMention(items, current, {
    compare: (a, b) => a - b,
    isShown: (item) => !hidden.includes(item),
    isNotAboveViewport: (item) => item >= viewportTop,
  });
}

describe('pickNextMention', () => {
  it.each([
    { items: [], current: undefined, expected: undefined, why: 'no mentions' },
    { items: [10, 20, 30], current: 10, expected: 20, why: 'the next one' },
    { items: [10, 20, 30], current: 30, expected: 10, why: 'wraps round' },
    { items: [10, 20, 30], current: 15, expected: 20, why: 'current one gone: next after it' },
    { items: [10, 20, 30], current: 35, expected: 10, why: 'current past the end: wraps' },
    { items: [10], current: 10, expected: 10, why: 'the only one again' },
  ])('$why', ({ items, current, expected }) => {
    expect(pick(items, current)).toBe(expected);
  });

  it('starts where the reader is: the first mention not above the viewport', () => {
    expect(pick([10, 20, 30], undefined, { viewportTop: 15 })).toBe(20);
    expect(pick([10, 20, 30], undefined, { viewportTop: 50 })).toBe(10);
  });

  it('skips mentions that are not rendered, wrapping if it must', () => {
    expect(pick([10, 20, 30], 10, { hidden: [20] })).toBe(30);
    expect(pick([10, 20, 30], 20, { hidden: [30] })).toBe(10);
    expect(pick([10, 20, 30], 10, { hidden: [10, 20, 30] })).toBeUndefined();
  });
});
