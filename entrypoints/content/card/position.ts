/**
 * Keeps the card beside its mention with @floating-ui/dom: below it (above when there is more
 * room there), shifted to stay 8 px inside the viewport, never taller than the space it has, and
 * following the page as it scrolls or reflows.
 *
 * The mention is a text range, not an element, so the reference is a virtual element measured
 * from the range on every update; `inline()` picks the line the pointer is on when a mention
 * wraps over two lines. A fresh `Range` is made for each measurement rather than keeping a live
 * one, which the browser would update on every change the page makes (see highlights.ts).
 *
 * The card closes (`onGone`) when its mention cannot be pointed at any more: its text was edited
 * or removed, it was scrolled out of the viewport or out of a scrolling box, or it stopped being
 * rendered.
 */
import {
  type VirtualElement,
  autoUpdate,
  computePosition,
  flip,
  hide,
  inline,
  offset,
  shift,
  size,
} from '@floating-ui/dom';
import { someRectInViewport } from '../../../utils/card/geometry';

/** Gap between the mention and the card (px). */
const GAP = 6;
/** Space kept between the card and the viewport's edges (px). */
const EDGE_PADDING = 8;
/** The card is never squeezed below this height, even when neither side has more room (px). */
const MIN_HEIGHT = 120;

/** Where and how the card is placed. */
export interface PlacementOptions {
  /** The pointer's position when the card opened by hover: picks the line of a wrapped mention. */
  pointer?: { x: number; y: number } | undefined;
  /** The mention is gone (see the module comment); the card should close. */
  onGone(): void;
  /** The card was placed (and made visible); called after every placement. */
  onPlaced?(): void;
}

/** A `Range` over `init`, or null when its boundary points are no longer valid. */
export function rangeOf(document: Document, init: StaticRangeInit): Range | null {
  try {
    const range = document.createRange();
    range.setStart(init.startContainer, init.startOffset);
    range.setEnd(init.endContainer, init.endOffset);
    return range;
  } catch {
    return null;
  }
}

/**
 * Places `floating` beside the mention at `init` and keeps it there until the returned function
 * is called. `floating` must be `position: fixed`; it stays hidden until its first placement.
 */
export function placeBeside(
  document: Document,
  init: StaticRangeInit,
  floating: HTMLElement,
  options: PlacementOptions,
): () => void {
  const view = document.defaultView ?? window;
  const text = rangeOf(document, init)?.toString() ?? '';
  const empty = new DOMRect();
  const reference: VirtualElement = {
    getBoundingClientRect: () => rangeOf(document, init)?.getBoundingClientRect() ?? empty,
    getClientRects: () => rangeOf(document, init)?.getClientRects() ?? [],
    // What autoUpdate listens on: the scrolling boxes around the mention, and its size.
    contextElement: init.startContainer.parentElement ?? undefined,
  };
  let stopped = false;
  let gone = false;

  const goneNow = () => {
    if (gone || stopped) return;
    gone = true;
    options.onGone();
  };

  const update = () => {
    if (stopped || gone) return;
    const range = rangeOf(document, init);
    if (!range || range.toString() !== text) return goneNow();
    if (!someRectInViewport(range.getClientRects(), view.innerWidth, view.innerHeight)) {
      return goneNow();
    }
    computePosition(reference, floating, {
      strategy: 'fixed',
      placement: 'bottom-start',
      middleware: [
        offset(GAP),
        inline(options.pointer ?? {}),
        flip({ padding: EDGE_PADDING }),
        shift({ padding: EDGE_PADDING }),
        size({
          padding: EDGE_PADDING,
          apply({ availableHeight, elements }) {
            const height = Math.max(MIN_HEIGHT, Math.floor(availableHeight));
            elements.floating.style.setProperty('max-height', `${height}px`);
          },
        }),
        hide({ strategy: 'referenceHidden' }),
      ],
    }).then(
      ({ x, y, middlewareData }) => {
        if (stopped || gone) return;
        // Clipped away by a scrolling box the mention sits in.
        if (middlewareData.hide?.referenceHidden) return goneNow();
        floating.style.setProperty('left', `${Math.round(x)}px`);
        floating.style.setProperty('top', `${Math.round(y)}px`);
        floating.style.removeProperty('visibility');
        options.onPlaced?.();
      },
      () => goneNow(),
    );
  };

  floating.style.setProperty('visibility', 'hidden');
  const cleanup = autoUpdate(reference, floating, update);
  // autoUpdate follows scrolling and resizing (a removed mention's element shrinks to nothing);
  // edits to the mention's text are seen here.
  const common = rangeOf(document, init)?.commonAncestorContainer;
  const observed = common?.nodeType === Node.TEXT_NODE ? common.parentNode : common;
  const observer = new MutationObserver(update);
  if (observed) {
    observer.observe(observed, { characterData: true, childList: true, subtree: true });
  }
  return () => {
    stopped = true;
    observer.disconnect();
    cleanup();
  };
}
