/**
 * Drawing mentions with the CSS Custom Highlight API: ranges registered in `CSS.highlights` under
 * the names style.css styles (`backstory-bg-1` …), so the page's DOM is never touched.
 *
 * Ranges are `StaticRange`s. A live `Range` follows DOM edits by itself, but the browser then
 * updates every live range on every mutation the page makes: with 1,000 live ranges registered,
 * 20,000 insert/remove pairs by the page took 2.7× as long in Chromium 156 (142 → 384 ms) and
 * 4× in Firefox 153 (65 → 277 ms); with 1,000 static ranges, no measurable change. The price is
 * that a static range goes stale when its text is edited or removed, so the scanner redraws the
 * ranges of every run it sees change (see scanner.ts); until it does (the next slice), the
 * browser skips or misplaces the stale range, which is harmless.
 *
 * **Only ranges near the viewport are registered.** Every registered range costs the browser
 * work on every frame in which the page changes anything at all: Chromium 156 rebuilds its
 * highlight markers from every registered range after any DOM change. Measured on a page of
 * 10,000 paragraphs appending one element per frame: 3.6 ms a frame with no ranges, 11.8 with
 * 2,000, 33 with 20,000 and 131 with 100,000 (`bench/scan` measures it as "page's own updates").
 * So each range to draw is kept, and registered only while its block (the element holding its
 * text) is within a viewport's height (and width) of the viewport, as an IntersectionObserver
 * reports.
 * Observing costs far less than registering (10,000 observed elements: ~7 ms a frame of page
 * changes against ~130 ms for their 100,000 ranges), and the margin means a reader scrolling
 * meets ranges already drawn. A range whose element has no box of its own (`display: contents`,
 * e.g. a `<slot>`) is always registered; one in hidden content (`display: none`) is not, until
 * it shows.
 *
 * Ranges are kept per owner (a text run), so a run's redraw touches only its own ranges: one
 * `Highlight` per registry name, updated with add/delete rather than rebuilt.
 *
 * Erasing is batched: erased ranges are only taken out of the registry by `flush()`, which the
 * scanner calls once per slice. Firefox 153 deletes a range from a *registered* highlight in time
 * proportional to the highlight's size (~3 ms each at 100,000 ranges, against ~0.5 µs in Chromium
 * 156), so a page that dropped half of 100,000 mentions at once blocked Firefox for over a minute
 * of one-by-one deletes. A flush with many deletes for one highlight takes the highlight out of the
 * registry, deletes, and puts it back: Firefox then rebuilds its painting state once (~0.8 s at
 * 100,000 ranges, about the cost of 256 single deletes); Chromium pays nearly nothing either way.
 * With only the ranges near the viewport registered, highlights stay small and both are cheap.
 */

/** The part of a `Highlight` used here (a set of ranges). */
export interface HighlightLike {
  add(range: AbstractRange): unknown;
  delete(range: AbstractRange): boolean;
  readonly size: number;
}

/** Tells which watched elements are near the viewport; see {@link HighlightEnvironment}. */
export interface NearnessObserver {
  observe(element: Element): void;
  unobserve(element: Element): void;
  disconnect(): void;
}

/** A change reported by a {@link NearnessObserver}: `element` came near the viewport, or left. */
export interface NearnessChange {
  element: Element;
  near: boolean;
}

/** Where highlights are registered and how ranges are made; the browser's by default. */
export interface HighlightEnvironment {
  registry: { set(name: string, highlight: HighlightLike): unknown; delete(name: string): boolean };
  createHighlight(): HighlightLike;
  createRange(init: StaticRangeInit): AbstractRange;
  /**
   * Watches elements and reports (asynchronously, as an IntersectionObserver does, first for
   * each element once observed) whether they are near the viewport. Without it every range is
   * registered at once.
   */
  createNearnessObserver?(onChange: (changes: readonly NearnessChange[]) => void): NearnessObserver;
}

/** One range to draw: the registry name (style and colour) and its boundary points. */
export interface RangeToDraw {
  name: string;
  init: StaticRangeInit;
  /**
   * The element whose nearness to the viewport decides when the range is registered: the block
   * that holds it, so a paragraph with three linked mentions is one element to watch. By default
   * the element that holds the range's start.
   */
  anchor?: Element;
}

/**
 * Deletes queued for one highlight at which a flush takes it out of the registry to delete them
 * (see the module comment); measured in Firefox 153, where that costs about as much as 256 deletes
 * from the registered highlight, whatever its size.
 */
export const BULK_DELETE_COUNT = 256;

/**
 * How far around the viewport ranges are registered: a viewport's height above and below (and
 * its width on either side), in the syntax of IntersectionObserver's `rootMargin`.
 */
export const NEAR_MARGIN = '100%';

/** The least time (ms) between two looks at one element's nearness; see below. */
export const NEAR_DELAY_MS = 100;

/** Owns Backstory's entries in the highlight registry; see the module comment. */
export interface Highlighter {
  /** Replaces the ranges drawn for `owner` (an empty list erases them); see {@link flush}. */
  draw(owner: object, ranges: readonly RangeToDraw[]): void;
  /** Erases the ranges drawn for `owner`; see {@link flush}. */
  erase(owner: object): void;
  /**
   * Takes the ranges erased since the last flush out of the registry. Until then they stay
   * registered (and painted), so call it before giving the page back its main thread.
   */
  flush(): void;
  /** Erases everything and unregisters every highlight this highlighter registered. */
  clear(): void;
  /** How many ranges are drawn in all, near the viewport or not. */
  readonly size: number;
  /** How many of them are registered now (near the viewport). */
  readonly registeredSize: number;
}

/** The browser's registry and constructors; read when called, so importing needs no DOM. */
export function browserHighlightEnvironment(): HighlightEnvironment {
  return {
    // The registry's own type wants a `Highlight`; ours only ever passes the ones made below.
    registry: CSS.highlights as unknown as HighlightEnvironment['registry'],
    createHighlight: () => new Highlight(),
    createRange: (init) => new StaticRange(init),
    createNearnessObserver(onChange) {
      // The margin widens the viewport only. Inside a scrolling box of the page, a range is
      // registered when it scrolls into the box's view, a frame after it shows. (`scrollMargin`
      // would widen those boxes too, but Chromium 156 and Firefox 153 also apply it to the
      // viewport, each differently: 2.5× and 2× the rootMargin's reach, measured.)
      // `delay` (Chromium; Firefox has no such option and ignores it) lets the browser look at
      // each element at most every 100 ms: with 10,000 elements watched, the observer's own cost
      // on frames where the page changes fell from ~7.7 to ~3 ms (Chromium 156). The margin is
      // there so a range comes near long before it shows, and 100 ms is well inside it.
      return new IntersectionObserver((entries) => onChange(entries.map(nearnessOf)), {
        rootMargin: NEAR_MARGIN,
        delay: NEAR_DELAY_MS,
      } as IntersectionObserverInit);
    },
  };
}

/**
 * An IntersectionObserver entry as a {@link NearnessChange}. An element without a box of its own
 * never intersects: for `display: contents` its text still shows, so it counts as near; for
 * `display: none` (or an element that left the page) nothing shows. Only elements with an empty
 * rectangle are asked for their style.
 */
function nearnessOf(entry: IntersectionObserverEntry): NearnessChange {
  const element = entry.target;
  if (entry.isIntersecting) return { element, near: true };
  const { width, height } = entry.boundingClientRect;
  const boxless =
    width === 0 &&
    height === 0 &&
    element.isConnected &&
    getComputedStyle(element).display === 'contents';
  return { element, near: boxless };
}

/** A drawn range, registered or waiting for its element to come near the viewport. */
interface Entry {
  name: string;
  init: StaticRangeInit;
  /** Made when first registered: most ranges of a long page are never near the viewport. */
  range: AbstractRange | null;
  /** The element whose nearness decides; null for a range always registered. */
  element: Element | null;
  registered: boolean;
  /** Erased: left out of its element's list at the next filtering. */
  gone: boolean;
}

/** The element that holds a range's start: its parent element, or the host of its shadow root. */
function elementOf(init: StaticRangeInit): Element | null {
  const node = init.startContainer;
  if (node.nodeType === Node.ELEMENT_NODE) return node as Element;
  const parent = node.parentElement;
  if (parent) return parent;
  const root = node.parentNode;
  return root && 'host' in root ? (root as ShadowRoot).host : null;
}

/** Creates a highlighter over `environment`. */
export function createHighlighter(
  environment: HighlightEnvironment = browserHighlightEnvironment(),
): Highlighter {
  const { registry } = environment;
  const highlights = new Map<string, HighlightLike>();
  const drawn = new Map<object, Entry[]>();
  /**
   * Entries by the element that decides them, for the elements being observed. Arrays, not Sets:
   * most elements hold one mention, and a Set per element was ~150 bytes on a long page.
   */
  const byElement = new Map<Element, Entry[]>();
  /**
   * Whether each observed element was last reported near the viewport; absent until its first
   * report. An element left without ranges stays observed until it is reported far (or found
   * far already): text that names someone every other frame (a ticker) would otherwise be
   * observed afresh each frame, and a fresh observation is reported only after the next frame.
   */
  const nearness = new Map<Element, boolean>();
  /**
   * Elements near the viewport when the highlighter was last cleared, not reported on since.
   * A redraw after a clear (new settings, a new matcher) registers their ranges at once instead
   * of a frame later, so the highlights on screen do not flicker; the new observer's first
   * report corrects it if need be.
   */
  const wasNear = new WeakSet<Element>();
  /** Erased ranges still registered, by registry name; see `flush`. */
  const erased = new Map<string, Set<AbstractRange>>();
  /** Elements whose last range was erased, maybe to stop watching; see `release`. */
  const emptied: Element[] = [];
  let observer: NearnessObserver | null = null;
  let size = 0;
  let registeredSize = 0;

  function register(entry: Entry) {
    if (entry.registered) return;
    entry.registered = true;
    registeredSize++;
    if (!entry.range) entry.range = environment.createRange(entry.init);
    // Erased and registered again before a flush (the element left and came back): keep it.
    if (erased.get(entry.name)?.delete(entry.range)) return;
    let highlight = highlights.get(entry.name);
    if (!highlight) {
      highlight = environment.createHighlight();
      highlights.set(entry.name, highlight);
      registry.set(entry.name, highlight);
    }
    highlight.add(entry.range);
  }

  function unregister(entry: Entry) {
    if (!entry.registered || !entry.range) return;
    entry.registered = false;
    registeredSize--;
    const queue = erased.get(entry.name);
    if (queue) queue.add(entry.range);
    else erased.set(entry.name, new Set([entry.range]));
  }

  function onNearness(changes: readonly NearnessChange[]) {
    for (const { element, near } of changes) {
      const entries = byElement.get(element);
      // No longer observed: a change reported before it was unobserved.
      if (!entries) continue;
      wasNear.delete(element);
      nearness.set(element, near);
      if (entries.length === 0 && !near) {
        stopWatching(element);
        continue;
      }
      for (const entry of entries) {
        if (near) register(entry);
        else unregister(entry);
      }
    }
    flush();
  }

  function stopWatching(element: Element) {
    byElement.delete(element);
    nearness.delete(element);
    observer?.unobserve(element);
  }

  function watch(entry: Entry, element: Element) {
    observer ??= environment.createNearnessObserver?.(onNearness) ?? null;
    if (!observer) {
      entry.element = null;
      register(entry);
      return;
    }
    const entries = byElement.get(element);
    if (entries) entries.push(entry);
    else {
      // A literal holds one entry; `[]` and a push would reserve room for 17.
      byElement.set(element, [entry]);
      observer.observe(element);
    }
    if (nearness.get(element) ?? wasNear.has(element)) register(entry);
  }

  function removeRanges(owner: object) {
    const old = drawn.get(owner);
    if (!old) return;
    drawn.delete(owner);
    // Each element's list is filtered once, not searched per entry: one element may hold
    // thousands of one run's mentions (a long <pre>, a log line by line in one element).
    const touched = new Set<Element>();
    for (const entry of old) {
      unregister(entry);
      size--;
      entry.gone = true;
      if (entry.element) touched.add(entry.element);
    }
    for (const element of touched) {
      const entries = byElement.get(element);
      if (!entries) continue;
      const kept = entries.filter((entry) => !entry.gone);
      byElement.set(element, kept);
      if (kept.length === 0) emptied.push(element);
    }
  }

  /**
   * Stops watching the elements left without ranges that are known to be far from the viewport
   * (see `nearness`). Called after a redraw has added its new ranges.
   */
  function release() {
    for (const element of emptied) {
      if (byElement.get(element)?.length === 0 && nearness.get(element) === false) {
        stopWatching(element);
      }
    }
    emptied.length = 0;
  }

  function flush() {
    for (const [name, ranges] of erased) {
      const highlight = highlights.get(name);
      if (!highlight || ranges.size === 0) continue;
      if (highlight.size === ranges.size) {
        // An empty highlight is unregistered: the registry shows only what is drawn.
        highlights.delete(name);
        registry.delete(name);
      } else if (ranges.size >= BULK_DELETE_COUNT) {
        registry.delete(name);
        for (const range of ranges) highlight.delete(range);
        registry.set(name, highlight);
      } else {
        for (const range of ranges) highlight.delete(range);
      }
    }
    erased.clear();
  }

  return {
    draw(owner, ranges) {
      removeRanges(owner);
      if (ranges.length > 0) {
        const entries: Entry[] = ranges.map(({ name, init, anchor }) => ({
          name,
          init,
          range: null,
          element: anchor ?? elementOf(init),
          registered: false,
          gone: false,
        }));
        for (const entry of entries) {
          size++;
          if (entry.element) watch(entry, entry.element);
          else register(entry);
        }
        drawn.set(owner, entries);
      }
      // After the new ranges are watched: an element that keeps some stays watched and near.
      release();
    },
    erase(owner) {
      removeRanges(owner);
      release();
    },
    flush,
    clear() {
      for (const name of highlights.keys()) registry.delete(name);
      highlights.clear();
      drawn.clear();
      erased.clear();
      byElement.clear();
      for (const [element, near] of nearness) if (near) wasNear.add(element);
      nearness.clear();
      emptied.length = 0;
      observer?.disconnect();
      observer = null;
      size = 0;
      registeredSize = 0;
    },
    get size() {
      return size;
    },
    get registeredSize() {
      return registeredSize;
    },
  };
}
