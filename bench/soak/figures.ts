/**
 * The soak's figures: what one tab shows at one moment, and the growth figures and verdict the
 * report computes from a run's samples. Pure: no browser, no I/O.
 */
import type { RangeCounts, TaskWatch } from './in-page';
import type { SoakPageStats } from './page';

/** One tab at one moment, the page paused and quiet, after two full garbage collections. */
export interface TabSample {
  page: SoakPageStats;
  /**
   * Backstory's ranges. Only those near the viewport are registered, so they are a part of the
   * mentions on the page, and `reported` is what must equal them.
   */
  ranges: RangeCounts;
  /** Mentions the background holds for the tab (what the badge counts); null for none. */
  reported: number | null;
  /** Long tasks and blocking frames since the previous sample. */
  tasks: TaskWatch;
  /** The renderer's V8 heap in use (bytes): the page's world and the content script's alike. */
  jsHeap: number;
  /** Blink's garbage-collected heap in use (bytes): DOM nodes, ranges, highlights, listeners. */
  blinkHeap: number;
  /** Live DOM nodes in the renderer, in the document or not (a detached node kept alive counts). */
  liveNodes: number;
  /** Event listeners registered from JavaScript, in every world. */
  listeners: number;
  /** Whether the hover card's host is on the page (created when a card first opens). */
  cardHost: boolean;
  /** How long the page took to go quiet after the pause (ms), and whether it did. */
  settleMs: number;
  settled: boolean;
}

/** Both tabs at one moment. */
export interface Sample {
  label: string;
  /** Wall time since the reader started scrolling (ms); 0 for the sample taken at load. */
  atMs: number;
  /** Time spent reading so far (ms): wall time less the measurement pauses. */
  scrollingMs: number;
  /** Times so far the reader's pointer came to rest on a highlighted mention. */
  hovers: number;
  with: TabSample;
  without: TabSample;
}

/** A figure of a sample; growth and slope are computed over these. */
export type Figure = (sample: Sample) => number;

export const figures = {
  jsHeapWith: (s) => s.with.jsHeap,
  jsHeapWithout: (s) => s.without.jsHeap,
  /** The extension's share of the JS heap: the same page with it, less without it. */
  jsHeapShare: (s) => s.with.jsHeap - s.without.jsHeap,
  blinkHeapShare: (s) => s.with.blinkHeap - s.without.blinkHeap,
  liveNodesShare: (s) => s.with.liveNodes - s.without.liveNodes,
  listenersShare: (s) => s.with.listeners - s.without.listeners,
  ranges: (s) => s.with.ranges.ranges,
  expected: (s) => s.with.page.expectedMentions,
  reported: (s) => s.with.reported ?? Number.NaN,
  reportedOverExpected: (s) => (s.with.reported ?? Number.NaN) - s.with.page.expectedMentions,
  elementsWith: (s) => s.with.page.elements,
  elementsWithout: (s) => s.without.page.elements,
} satisfies Record<string, Figure>;

/** Least-squares slope of `figure` against scrolling time, per minute; NaN under two samples. */
export function slopePerMinute(samples: readonly Sample[], figure: Figure): number {
  if (samples.length < 2) return Number.NaN;
  const xs = samples.map((s) => s.scrollingMs / 60_000);
  const ys = samples.map(figure);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] ?? 0) - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? Number.NaN : num / den;
}

/** What the verdict allows before it calls a figure growing (all typed in; see bench/README.md). */
export interface Tolerances {
  /** The extension's JS heap share, start to end and as fitted over the run (bytes). */
  jsHeapBytes: number;
  /** The extension's Blink heap share, likewise (bytes). */
  blinkHeapBytes: number;
  /** Extra live nodes with the extension, start to end (the card is closed at every sample). */
  liveNodes: number;
  /** Extra event listeners with the extension, start to end. */
  listeners: number;
}

/** One line of the verdict. */
export interface Check {
  what: string;
  flat: boolean;
  detail: string;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;
const signedKb = (bytes: number) =>
  Number.isFinite(bytes)
    ? `${bytes >= 0 ? '+' : '−'}${Math.round(Math.abs(bytes) / 1024)} KB`
    : '–';
const signed = (n: number) =>
  Number.isFinite(n) ? `${n >= 0 ? '+' : '−'}${Math.abs(Math.round(n))}` : '–';

/**
 * The checks over the measured stretch (`samples`: start to end, the load sample excluded). A
 * growth figure passes when both the end-minus-start difference and the fitted slope times the
 * stretch's length stay within the tolerance: the slope alone would miss a late jump, the
 * difference alone is at the mercy of one noisy sample.
 */
export function verdict(samples: readonly Sample[], tolerances: Tolerances): Check[] {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || samples.length < 2) {
    return [{ what: 'samples', flat: false, detail: 'fewer than two samples after warm-up' }];
  }
  const minutes = (last.scrollingMs - first.scrollingMs) / 60_000;
  const growth = (figure: Figure, tolerance: number, what: string, format: typeof mb) => {
    const difference = figure(last) - figure(first);
    const fitted = slopePerMinute(samples, figure) * minutes;
    const flat = Math.abs(difference) <= tolerance && Math.abs(fitted) <= tolerance;
    return {
      what,
      flat,
      detail:
        `${format(figure(first))} → ${format(figure(last))} (${signedKb(difference)}; fitted ` +
        `${signedKb(fitted)} over ${minutes.toFixed(1)} min; allowed ±${Math.round(tolerance / 1024)} KB)`,
    };
  };
  const countGrowth = (figure: Figure, tolerance: number, what: string) => {
    const difference = figure(last) - figure(first);
    return {
      what,
      flat: Math.abs(difference) <= tolerance,
      detail: `${figure(first)} → ${figure(last)} (${signed(difference)}; allowed ±${tolerance})`,
    };
  };
  const mismatched = samples.filter((s) => figures.reportedOverExpected(s) !== 0);
  const overDrawn = samples.filter((s) => figures.ranges(s) > figures.expected(s)).length;
  const disconnected = Math.max(...samples.map((s) => s.with.ranges.disconnected));
  const outOfBounds = Math.max(...samples.map((s) => s.with.ranges.outOfBounds));
  const unsettled = samples.filter((s) => !s.with.settled || !s.without.settled).length;
  const rangeSpread = samples.map(figures.ranges);
  return [
    growth(figures.jsHeapShare, tolerances.jsHeapBytes, "JS heap, the extension's share", mb),
    growth(
      figures.blinkHeapShare,
      tolerances.blinkHeapBytes,
      "Blink heap, the extension's share",
      mb,
    ),
    countGrowth(
      figures.liveNodesShare,
      tolerances.liveNodes,
      "live DOM nodes, the extension's share",
    ),
    countGrowth(
      figures.listenersShare,
      tolerances.listeners,
      "event listeners, the extension's share",
    ),
    {
      what: 'mentions and live highlight ranges',
      flat:
        mismatched.length === 0 &&
        overDrawn === 0 &&
        disconnected === 0 &&
        outOfBounds === 0 &&
        unsettled === 0,
      detail:
        `mentions reported equal to the mentions on the page at ${samples.length - mismatched.length} ` +
        `of ${samples.length} samples` +
        (mismatched.length > 0
          ? ` (off by ${mismatched.map((s) => signed(figures.reportedOverExpected(s))).join(', ')})`
          : '') +
        `; ${Math.min(...rangeSpread)}–${Math.max(...rangeSpread)} ranges registered (those near the ` +
        `viewport), more than the mentions on the page at ${overDrawn} samples` +
        `; disconnected at most ${disconnected}, out of bounds at most ${outOfBounds}` +
        (unsettled > 0 ? `; ${unsettled} sample(s) never went quiet` : ''),
    },
  ];
}
