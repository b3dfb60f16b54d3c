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
 */

/** The part of a `Highlight` used here (a set of ranges). */
export interface HighlightLike {
  add(range: AbstractRange): unknown;
  delete(range: AbstractRange): boolean;
  readonly size: number;
}

/** Where highlights are registered and how ranges are made; the browser's by default. */
export interface HighlightEnvironment {
  registry: { set(name: string, highlight: HighlightLike): unknown; delete(name: string): boolean };
  createHighlight(): HighlightLike;
  createRange(init: StaticRangeInit): AbstractRange;
}

/** One range to draw: the registry name (style and colour) and its boundary points. */
export interface RangeToDraw {
  name: string;
  init: StaticRangeInit;
}

/**
 * Deletes queued for one highlight at which a flush takes it out of the registry to delete them
 * (see the module comment); measured in Firefox 153, where that costs about as much as 256 deletes
 * from the registered highlight, whatever its size.
 */
export const BULK_DELETE_COUNT = 256;

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
  /** How many ranges are drawn in all. */
  readonly size: number;
}

/** The browser's registry and constructors; read when called, so importing needs no DOM. */
export function browserHighlightEnvironment(): HighlightEnvironment {
  return {
    // The registry's own type wants a `Highlight`; ours only ever passes the ones made below.
    registry: CSS.highlights as unknown as HighlightEnvironment['registry'],
    createHighlight: () => new Highlight(),
    createRange: (init) => new StaticRange(init),
  };
}

/** Creates a highlighter over `environment`. */
export function createHighlighter(
  environment: HighlightEnvironment = browserHighlightEnvironment(),
): Highlighter {
  const { registry } = environment;
  const highlights = new Map<string, HighlightLike>();
  const drawn = new Map<object, { name: string; range: AbstractRange }[]>();
  /** Erased ranges still registered, by registry name; see `flush`. */
  const erased = new Map<string, AbstractRange[]>();
  let size = 0;

  function removeRanges(owner: object) {
    const old = drawn.get(owner);
    if (!old) return;
    drawn.delete(owner);
    for (const { name, range } of old) {
      const queue = erased.get(name);
      if (queue) queue.push(range);
      else erased.set(name, [range]);
      size--;
    }
  }

  return {
    draw(owner, ranges) {
      removeRanges(owner);
      if (ranges.length === 0) return;
      const entries = ranges.map(({ name, init }) => ({
        name,
        range: environment.createRange(init),
      }));
      for (const { name, range } of entries) {
        let highlight = highlights.get(name);
        if (!highlight) {
          highlight = environment.createHighlight();
          highlights.set(name, highlight);
          registry.set(name, highlight);
        }
        highlight.add(range);
        size++;
      }
      drawn.set(owner, entries);
    },
    erase: removeRanges,
    flush() {
      for (const [name, ranges] of erased) {
        const highlight = highlights.get(name);
        if (!highlight) continue;
        if (highlight.size === ranges.length) {
          // An empty highlight is unregistered: the registry shows only what is drawn.
          highlights.delete(name);
          registry.delete(name);
        } else if (ranges.length >= BULK_DELETE_COUNT) {
          registry.delete(name);
          for (const range of ranges) highlight.delete(range);
          registry.set(name, highlight);
        } else {
          for (const range of ranges) highlight.delete(range);
        }
      }
      erased.clear();
    },
    clear() {
      for (const name of highlights.keys()) registry.delete(name);
      highlights.clear();
      drawn.clear();
      erased.clear();
      size = 0;
    },
    get size() {
      return size;
    },
  };
}
