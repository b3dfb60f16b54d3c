import { describe, expect, it } from 'vitest';
import { pointInRects, someRectInViewport } from '../../../utils/card/geometry';

const rect = (left: number, top: number, width: number, height: number) => ({
  left,
  top,
  right: left + width,
  bottom: top + height,
});

describe('pointInRects', () => {
  const line = [rect(100, 50, 40, 20), rect(0, 70, 30, 20)];
  it.each([
    [120, 60, 0, true, 'inside the first line box'],
    [10, 80, 0, true, 'inside the second line box'],
    [60, 60, 0, false, 'beside the text on its own line'],
    [99, 60, 0, false, 'just outside'],
    [99, 60, 1, true, 'just outside, within the slop'],
    [120, 200, 0, false, 'blank space far below'],
  ])('(%d, %d) slop %d → %s: %s', (x, y, slop, expected) => {
    expect(pointInRects(x, y, line, slop)).toBe(expected);
  });

  it('ignores empty boxes (the end of a line a range runs past)', () => {
    expect(pointInRects(5, 5, [rect(0, 0, 0, 20)], 2)).toBe(false);
  });
});

describe('someRectInViewport', () => {
  it.each([
    [[rect(10, 10, 10, 10)], true, 'on screen'],
    [[rect(10, -30, 10, 10)], false, 'above'],
    [[rect(10, 800, 10, 10)], false, 'below'],
    [[rect(-50, 10, 10, 10)], false, 'left'],
    [[rect(10, -30, 10, 10), rect(10, 5, 10, 10)], true, 'one line of two on screen'],
    [[rect(10, 10, 0, 0)], false, 'not rendered'],
    [[], false, 'no boxes'],
  ])('%j → %s (%s)', (rects, expected) => {
    expect(someRectInViewport(rects, 1280, 800)).toBe(expected);
  });
});
