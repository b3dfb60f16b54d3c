import { describe, expect, it } from 'vitest';
import { scrollTopFor, visibleRange } from '../../../components/hooks/use-virtual-rows';

describe('visibleRange', () => {
  const base = { viewportHeight: 300, rowHeight: 50, count: 10_000, overscan: 2 };

  it.each([
    [0, { start: 0, end: 8 }],
    [49, { start: 0, end: 9 }],
    [500, { start: 8, end: 18 }],
    [499_700, { start: 9992, end: 10_000 }],
    [-40, { start: 0, end: 8 }],
  ])('at scrollTop %i renders %j', (scrollTop, range) => {
    expect(visibleRange({ ...base, scrollTop })).toEqual(range);
  });

  it('renders nothing for no rows, and all of a short list', () => {
    expect(visibleRange({ ...base, count: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0 });
    expect(visibleRange({ ...base, count: 3, scrollTop: 0 })).toEqual({ start: 0, end: 3 });
  });

  it('stays within the list when the list shrank under the scroll position', () => {
    expect(visibleRange({ ...base, count: 5, scrollTop: 5_000 })).toEqual({ start: 4, end: 5 });
  });
});

describe('scrollTopFor', () => {
  const view = { scrollTop: 500, viewportHeight: 300, rowHeight: 50 };

  it.each([
    [12, 500, 'already in view'],
    [15, 500, 'the last row fully in view'],
    [16, 550, 'below: scrolls just enough to show it at the bottom'],
    [3, 150, 'above: scrolls to show it at the top'],
  ])('row %i → %i (%s)', (index, scrollTop) => {
    expect(scrollTopFor(index, view)).toBe(scrollTop);
  });
});
