/**
 * Code that runs inside the soak pages (main world), serialised with `Function.prototype.toString`:
 * nothing from outside each function's own body may be used.
 */

/** The main thread's long tasks since the last `take()` (see {@link installTaskWatch}). */
export interface TaskWatch {
  /** Tasks over 50 ms (Long Tasks API: script, style, layout; not rendering-only tasks). */
  over50: number;
  /** The longest such task (ms), 0 when none. */
  longestMs: number;
  /**
   * Long Animation Frames with blocking time (a task in them over 50 ms, rendering included):
   * how many, and the most blocking time in one.
   */
  blockingFrames: number;
  longestBlockingMs: number;
  /**
   * Of those, frames with a `chrome-extension://` script in them, and the longest such script:
   * what Chromium attributes to the extension (it may leave content scripts out; then 0).
   */
  withExtensionScript: number;
  longestExtensionScriptMs: number;
  /** The three most blocking frames, for a closer look (soak.json). */
  top: {
    startTime: number;
    duration: number;
    blockingDuration: number;
    scripts: { sourceURL: string; invoker: string; duration: number }[];
  }[];
}

/** The task watch's hook. */
export interface TaskWatchHook {
  /** Returns the figures since the last call and starts afresh. */
  take(): TaskWatch;
  /**
   * Leaves out tasks that start from now until `endIgnore()`: the benchmark's own garbage
   * collections, which would otherwise count as the next interval's long tasks.
   */
  beginIgnore(): void;
  endIgnore(): void;
}

declare global {
  interface Window {
    __soakTasks?: TaskWatchHook;
  }
}

/**
 * Init script: watches long tasks and Long Animation Frames, keeping only figures (the watch
 * itself must not grow). A frame's `duration` is left out on purpose: in headless Chromium a
 * frame whose rendering waits for the next begin-frame signal lasts ~1 s with the main thread
 * idle; `blockingDuration` counts only tasks over 50 ms.
 */
export function installTaskWatch(): void {
  if (window !== window.top) return;
  const fresh = (): TaskWatch => ({
    over50: 0,
    longestMs: 0,
    blockingFrames: 0,
    longestBlockingMs: 0,
    withExtensionScript: 0,
    longestExtensionScriptMs: 0,
    top: [],
  });
  let watch = fresh();
  // Entries arrive after their task ends, so they are checked against the windows by start time.
  let ignored: [number, number][] = [];
  let ignoringSince: number | null = null;
  const isIgnored = (start: number) =>
    (ignoringSince !== null && start >= ignoringSince) ||
    ignored.some(([from, to]) => start >= from && start <= to);
  window.__soakTasks = {
    take() {
      const taken = watch;
      watch = fresh();
      return taken;
    },
    beginIgnore() {
      ignoringSince = performance.now();
    },
    endIgnore() {
      if (ignoringSince === null) return;
      // The last few windows are enough: entries arrive within a frame or two.
      ignored = [...ignored.slice(-4), [ignoringSince, performance.now()]];
      ignoringSince = null;
    },
  };
  type Script = { sourceURL?: string; invoker?: string; duration: number };
  type Frame = PerformanceEntry & { blockingDuration?: number; scripts?: Script[] };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (isIgnored(entry.startTime)) continue;
        watch.over50++;
        watch.longestMs = Math.max(watch.longestMs, entry.duration);
      }
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Frame[]) {
        const blocking = entry.blockingDuration ?? 0;
        if (blocking <= 0 || isIgnored(entry.startTime)) continue;
        watch.blockingFrames++;
        watch.longestBlockingMs = Math.max(watch.longestBlockingMs, blocking);
        const scripts = (entry.scripts ?? []).map((s) => ({
          sourceURL: s.sourceURL ?? '',
          invoker: s.invoker ?? '',
          duration: s.duration,
        }));
        watch.top.push({
          startTime: entry.startTime,
          duration: entry.duration,
          blockingDuration: blocking,
          scripts,
        });
        watch.top = watch.top.sort((a, b) => b.blockingDuration - a.blockingDuration).slice(0, 3);
        const own = scripts.filter((s) => s.sourceURL.startsWith('chrome-extension://'));
        if (own.length > 0) {
          watch.withExtensionScript++;
          for (const s of own) {
            watch.longestExtensionScriptMs = Math.max(watch.longestExtensionScriptMs, s.duration);
          }
        }
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // An API missing: its figures stay 0.
  }
}

/** Backstory's highlight ranges on the page, as the page sees them. */
export interface RangeCounts {
  /** Entries in `CSS.highlights` whose name starts with the prefix. */
  entries: number;
  ranges: number;
  /** Ranges with an end in a node no longer in the document (drawn on nothing, kept alive). */
  disconnected: number;
  /** Ranges with an offset past the end of their node's text (text shortened under them). */
  outOfBounds: number;
}

/** Counts the ranges of every highlight named `prefix…`. */
export function countRanges(prefix: string): RangeCounts {
  const counts = { entries: 0, ranges: 0, disconnected: 0, outOfBounds: 0 };
  const length = (node: Node) =>
    node.nodeType === Node.TEXT_NODE ? (node as Text).length : node.childNodes.length;
  for (const [name, highlight] of CSS.highlights) {
    if (!name.startsWith(prefix)) continue;
    counts.entries++;
    for (const range of highlight) {
      counts.ranges++;
      if (!range.startContainer.isConnected || !range.endContainer.isConnected) {
        counts.disconnected++;
      } else if (
        range.startOffset > length(range.startContainer) ||
        range.endOffset > length(range.endContainer)
      ) {
        counts.outOfBounds++;
      }
    }
  }
  return counts;
}

/**
 * The middle of a highlighted mention well inside the viewport (a band clear of the edges), or
 * null when none is there: where the reader's pointer goes to open a hover card.
 */
export function mentionOnScreen(prefix: string): { x: number; y: number } | null {
  for (const [name, highlight] of CSS.highlights) {
    if (!name.startsWith(prefix)) continue;
    for (const range of highlight) {
      const live = document.createRange();
      try {
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
      } catch {
        continue;
      }
      const box = live.getClientRects()[0];
      if (!box || box.width < 4) continue;
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      if (y > 120 && y < innerHeight - 240 && x > 20 && x < innerWidth - 20) return { x, y };
    }
  }
  return null;
}

/** Whether the hover card's host is on the page (it is created when a card first opens). */
export function hasCardHost(): boolean {
  return document.querySelector('[data-backstory-ui]') !== null;
}
