/** Rectangle tests for the hover card, pure so they are unit-tested without a layout engine. */

/** The part of a `DOMRect` these tests read. */
export interface RectLike {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * True when (x, y) lies in one of `rects`, grown by `slop` px on every side. A caret position
 * snaps to the nearest character even from blank space beside a line, so a hit by caret is only
 * believed when the pointer is really over the text's boxes.
 */
export function pointInRects(x: number, y: number, rects: Iterable<RectLike>, slop = 0): boolean {
  for (const rect of rects) {
    if (rect.right - rect.left <= 0 || rect.bottom - rect.top <= 0) continue;
    if (
      x >= rect.left - slop &&
      x <= rect.right + slop &&
      y >= rect.top - slop &&
      y <= rect.bottom + slop
    ) {
      return true;
    }
  }
  return false;
}

/** True when some part of one of `rects` is inside a viewport of `width` × `height`. */
export function someRectInViewport(
  rects: Iterable<RectLike>,
  width: number,
  height: number,
): boolean {
  for (const rect of rects) {
    if (rect.right - rect.left <= 0 || rect.bottom - rect.top <= 0) continue;
    if (rect.bottom > 0 && rect.top < height && rect.right > 0 && rect.left < width) return true;
  }
  return false;
}
