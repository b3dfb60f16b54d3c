/**
 * Code that runs inside the benchmark pages (main world). Each function here is serialised with
 * `Function.prototype.toString` and sent to the page, so it must not use anything from outside its
 * own body: no imports, no helpers, only its argument.
 */

/** What the probe has seen so far (times in ms since navigation start, `performance.timeOrigin`). */
export interface ProbeState {
  /** When `CSS.highlights` first held anything. */
  firstHighlightAt: number | null;
  /** When a registered range first had a box intersecting the viewport. */
  firstInViewportAt: number | null;
  stopped: boolean;
}

/** An engine injected into the page: runs once and says what it found. */
export interface InjectedEngine {
  run(): Promise<{ count: number; ms: number }> | { count: number; ms: number };
}

/** The live-feed page's hook (see `generateFeedPage`). */
export interface FeedHook {
  run(durationMs: number): Promise<FeedResult>;
}

/** What one live-feed run did, as the page measured it. */
export interface FeedResult {
  frames: number;
  nodesPerFrame: number;
  /** Mention sentences appended. */
  mentionsAppended: number;
  /** ms spent in each frame's own callback: build, append, scroll to the end (a forced layout). */
  own: number[];
  /** ms between consecutive frames. */
  intervals: number[];
}

declare global {
  interface Window {
    __benchProbe?: ProbeState;
    __benchEngine?: InjectedEngine;
    __benchFeed?: FeedHook;
  }
}

/**
 * Init script: records the time to the first highlight in the viewport. (Long tasks come from
 * traces: the Long Tasks API leaves out tasks that only render, e.g. a style recalculation.) Until
 * anything is registered it only checks `CSS.highlights.size` on a 20 ms timer (no frames forced);
 * then it checks newly registered ranges once per animation frame, where layout is due anyway.
 */
export function installProbe(): void {
  if (window !== window.top) return;
  // Where the document's tasks begin, for the traces (see `tasksAfterMark`).
  performance.mark('bench:document');
  const state: ProbeState = {
    firstHighlightAt: null,
    firstInViewportAt: null,
    stopped: false,
  };
  window.__benchProbe = state;
  const checked = new WeakSet<AbstractRange>();
  const inViewport = (range: AbstractRange) => {
    const live = document.createRange();
    try {
      live.setStart(range.startContainer, range.startOffset);
      live.setEnd(range.endContainer, range.endOffset);
    } catch {
      return false; // A range whose nodes changed under it: not drawn.
    }
    const box = live.getBoundingClientRect();
    return (
      box.width > 0 &&
      box.height > 0 &&
      box.bottom > 0 &&
      box.right > 0 &&
      box.top < innerHeight &&
      box.left < innerWidth
    );
  };
  const onFrame = () => {
    if (state.stopped) return;
    let budget = 200; // Boxes of ranges far below the fold cost little, but not nothing.
    for (const [, highlight] of CSS.highlights) {
      for (const range of highlight) {
        if (checked.has(range)) continue;
        checked.add(range);
        if (inViewport(range)) {
          state.firstInViewportAt = performance.now();
          return;
        }
        if (--budget === 0) break;
      }
      if (budget === 0) break;
    }
    requestAnimationFrame(onFrame);
  };
  const onTimer = () => {
    if (state.stopped) return;
    if (CSS.highlights.size > 0) {
      state.firstHighlightAt = performance.now();
      requestAnimationFrame(onFrame);
      return;
    }
    setTimeout(onTimer, 20);
  };
  setTimeout(onTimer, 0);
}

/** How many ranges `CSS.highlights` holds in all, and in how many entries. */
export function countHighlights(): { ranges: number; entries: number } {
  let ranges = 0;
  for (const [, highlight] of CSS.highlights) ranges += highlight.size;
  return { ranges, entries: CSS.highlights.size };
}

/**
 * The floor: a bare TreeWalker over every text node under the body and one RegExp `exec` loop,
 * counting matches. No DOM writes, no run building, no ranges.
 */
export function installFloorEngine(regexp: { source: string; flags: string }): void {
  window.__benchEngine = {
    run() {
      const start = performance.now();
      const pattern = new RegExp(regexp.source, regexp.flags);
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let count = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = (node as Text).data;
        pattern.lastIndex = 0;
        while (pattern.exec(text)) count++;
      }
      return { count, ms: performance.now() - start };
    },
  };
}

/** mark.js 8 `markRegExp` over the body with the same RegExp (its fastest mode: per text node). */
export function installMarkEngine(regexp: { source: string; flags: string }): void {
  type MarkInstance = {
    markRegExp(pattern: RegExp, options: { done(total: number): void }): void;
  };
  const Mark = (window as unknown as { Mark: new (context: Element) => MarkInstance }).Mark;
  window.__benchEngine = {
    run() {
      return new Promise((resolve) => {
        const start = performance.now();
        new Mark(document.body).markRegExp(new RegExp(regexp.source, regexp.flags), {
          done: (count) => resolve({ count, ms: performance.now() - start }),
        });
      });
    },
  };
}

/** Navigation milestones of the page, in ms since navigation start. */
export function pageMilestones(): { firstContentfulPaint: number | null; load: number | null } {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const navigation = performance.getEntriesByType('navigation')[0] as
    PerformanceNavigationTiming | undefined;
  return {
    firstContentfulPaint: paint ? paint.startTime : null,
    load: navigation && navigation.loadEventEnd > 0 ? navigation.loadEventEnd : null,
  };
}

/**
 * Makes `count` elements and drops them at once: short-lived objects in Blink's heap, where the
 * page's DOM lives, as any script that builds a little DOM makes. See `runOutPageCollection`.
 */
export function makeDroppedElements(count: number): void {
  for (let i = 0; i < count; i++) document.createElement('span').textContent = 'x';
}
