/**
 * A large tree's text, read a few thousand elements at a time, and the stretches around the
 * boundaries between the pieces.
 *
 * One `textContent` call is one task, and its time grows with the page: ~28 ms on a 5 MB page,
 * 100–170 ms on a 20 MB one (Chromium, 2 cores). Whoever reads a page's whole text (the block
 * filter for candidates, the content script for alias keys) reads it in pieces instead, scans
 * each piece on its own, and scans the stretch around each boundary again for what crosses it
 * (`createSeams`). The pieces are never joined: a 20 MB page's text is 16 million code units, and
 * one string of them in the script's heap made the browser's garbage collector run long pauses
 * (~100–200 ms) in the tasks that followed.
 */

/**
 * Elements whose text one piece holds: ~1.5 ms in Chromium on a 2-core machine, where a 20 MB
 * page's `textContent` in one call took 100–170 ms.
 */
export const TEXT_READ_ELEMENTS = 4_096;

/**
 * Code units either side of a boundary between two pieces that are scanned again for what
 * crosses it (see `createSeams`): an alias's folded form or its key is tens of units, more only
 * where the page puts long runs of spaces or ignorable marks inside one. Anything longer than
 * this across a boundary is not found.
 */
export const SEAM_UNITS = 4_096;

/**
 * Reads `root`'s text (what its `textContent` is) in pieces: each call returns the next piece,
 * then null once there is none left. The pieces, in order, make up the text.
 *
 * Under an element the read goes `elementsPerStep` elements at a time: the root's live list of
 * elements in tree order (`getElementsByTagName('*')`, which the browser walks natively and
 * indexes from where it last was) names every `elementsPerStep`-th element, and a range from one
 * such element to the next gives the text between them (`Range.toString` joins the same text and
 * CDATA nodes as `textContent`). The caller makes sure the tree held still meanwhile. A tree with
 * fewer elements, or a shadow root (which has no such list), is one piece.
 */
export function createTextPieces(
  root: Element | DocumentFragment,
  elementsPerStep: number,
): () => string | null {
  if (root.nodeType !== Node.ELEMENT_NODE) {
    let done = false;
    return () => {
      if (done) return null;
      done = true;
      return root.textContent ?? '';
    };
  }
  // Both let go once the read is done: a live range is kept up to date with every change to the
  // document, and the live list keeps its cache of elements, for as long as either is reachable.
  let elements: HTMLCollection | undefined = (root as Element).getElementsByTagName('*');
  let range: Range | undefined;
  let next = elementsPerStep;
  const finish = (text: string) => {
    range = undefined;
    elements = undefined;
    return text;
  };
  return () => {
    if (!elements) return null;
    const boundary = elements[next];
    if (!range) {
      if (!boundary) return finish(root.textContent ?? '');
      range = (root.ownerDocument ?? document).createRange();
      range.setStart(root, 0);
    }
    if (boundary) {
      range.setEndBefore(boundary);
      const piece = range.toString();
      range.setStartBefore(boundary);
      next += elementsPerStep;
      return piece;
    }
    range.setEnd(root, root.childNodes.length);
    return finish(range.toString());
  };
}

/** The stretch of text around one boundary between pieces. */
export interface Seam {
  /** The last SEAM_UNITS code units read before the boundary, then the next piece's first. */
  text: string;
  /** Where the boundary falls in `text`: what starts before it crosses the boundary. */
  boundary: number;
}

/** Follows pieces as they are read; see {@link Seams.add}. */
export interface Seams {
  /**
   * Records `piece` as the next piece read, and returns the seam before it (null before the
   * first piece). Scanning every piece and every seam finds everything up to SEAM_UNITS long that
   * scanning the pieces joined would.
   */
  add(piece: string): Seam | null;
}

/** Starts following the pieces of one text. */
export function createSeams(): Seams {
  /** The last SEAM_UNITS code units read so far. */
  let tail = '';
  return {
    add(piece) {
      const before = tail;
      tail =
        piece.length >= SEAM_UNITS ? piece.slice(-SEAM_UNITS) : (tail + piece).slice(-SEAM_UNITS);
      if (before.length === 0) return null;
      return { text: before + piece.slice(0, SEAM_UNITS), boundary: before.length };
    },
  };
}
