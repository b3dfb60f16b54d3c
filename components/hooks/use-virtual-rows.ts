import type { RefObject } from 'preact';
import { useCallback, useLayoutEffect, useState } from 'preact/hooks';

/** Which rows to render: `start` inclusive, `end` exclusive. */
export interface RowRange {
  start: number;
  end: number;
}

/** The rows that intersect the viewport, plus `overscan` rows either side. */
export function visibleRange(options: {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  overscan: number;
}): RowRange {
  const { scrollTop, viewportHeight, rowHeight, count, overscan } = options;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + viewportHeight) / rowHeight);
  return {
    start: Math.max(0, Math.min(count - 1, first - overscan)),
    end: Math.min(count, last + overscan),
  };
}

/** The scroll position that brings row `index` fully into view, moving as little as possible. */
export function scrollTopFor(
  index: number,
  current: { scrollTop: number; viewportHeight: number; rowHeight: number },
): number {
  const top = index * current.rowHeight;
  const bottom = top + current.rowHeight;
  if (top < current.scrollTop) return top;
  if (bottom > current.scrollTop + current.viewportHeight) return bottom - current.viewportHeight;
  return current.scrollTop;
}

/** What `useVirtualRows` needs to know. */
export interface VirtualRowsOptions {
  count: number;
  /** Row height before one is measured, in CSS pixels. */
  estimatedRowHeight: number;
  /** Viewport height where layout gives none (a hidden panel, tests), in CSS pixels. */
  fallbackViewportHeight: number;
  overscan?: number;
}

/**
 * Windowing for a scrolling element of equal-height rows: follows its scroll position and size,
 * measures the first rendered row (marked `data-row`) so font-size changes keep rows aligned,
 * and returns the range to render.
 */
export function useVirtualRows(
  viewport: RefObject<HTMLElement | null>,
  { count, estimatedRowHeight, fallbackViewportHeight, overscan = 6 }: VirtualRowsOptions,
) {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(fallbackViewportHeight);
  const [rowHeight, setRowHeight] = useState(estimatedRowHeight);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    let frame = 0;
    const onScroll = () => {
      // One update per frame however many scroll events arrive.
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setScrollTop(element.scrollTop);
      });
    };
    const measure = () => setViewportHeight(element.clientHeight || fallbackViewportHeight);
    measure();
    element.addEventListener('scroll', onScroll, { passive: true });
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    observer?.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer?.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [viewport, fallbackViewportHeight]);

  useLayoutEffect(() => {
    const row = viewport.current?.querySelector<HTMLElement>('[data-row]');
    const measured = row?.offsetHeight ?? 0;
    if (measured > 0 && measured !== rowHeight) setRowHeight(measured);
  });

  /** Scrolls so row `index` is in view, and renders for the new position at once. */
  const scrollToRow = useCallback(
    (index: number) => {
      const element = viewport.current;
      if (!element) return;
      const next = scrollTopFor(index, {
        scrollTop: element.scrollTop,
        viewportHeight: element.clientHeight || fallbackViewportHeight,
        rowHeight,
      });
      if (next !== element.scrollTop) element.scrollTop = next;
      setScrollTop(next);
    },
    [viewport, rowHeight, fallbackViewportHeight],
  );

  /** Back to the first row (a new query or filter). */
  const scrollToStart = useCallback(() => {
    if (viewport.current) viewport.current.scrollTop = 0;
    setScrollTop(0);
  }, [viewport]);

  const range = visibleRange({ scrollTop, viewportHeight, rowHeight, count, overscan });
  /** The first row wholly in view (where keyboard focus lands without scrolling). */
  const firstVisible = Math.max(0, Math.min(count - 1, Math.ceil(scrollTop / rowHeight)));
  return { range, firstVisible, rowHeight, viewportHeight, scrollToRow, scrollToStart };
}
