/**
 * The first read of a page whose organisations come as keys (a large alias list, see
 * utils/matching/keyed-source.ts): its text is read for the keys of the aliases it may hold, so
 * that only their aliases are fetched and compiled. The text is read in the pieces the block
 * filter reads (text-pieces.ts), and the pieces are kept for it: if the page does not change
 * before the scanner starts, the scanner takes them instead of reading the text again.
 */
import { type KeyIndex, keyWindow } from '../../utils/matching/keys';
import { TEXT_READ_ELEMENTS, createSeams, createTextPieces } from './text-pieces';

/** Code units of text read for keys per step (~1–2 ms). */
const KEY_SLICE_UNITS = 65_536;

/** See the module comment; call `step()` until it returns true. */
export interface KeyRead {
  /** Does one bounded piece of the work: reads a piece of text, or a part of one for keys. */
  step(): boolean;
  /** The keys met for the first time (`index` reports each key once), in the order met. */
  readonly met: number[];
  /** The text read so far, in pieces: what `createTextPieces` gave, in order. */
  readonly pieces: string[];
}

/**
 * Reads `root`'s text for the keys of `index`: each piece on its own, and each seam between two
 * (see `createSeams`), so a key written across a boundary is met too.
 */
export function createKeyRead(
  root: Element,
  index: KeyIndex,
  { readElements = TEXT_READ_ELEMENTS }: { readElements?: number } = {},
): KeyRead {
  const nextPiece = createTextPieces(root, readElements);
  const seams = createSeams();
  const met: number[] = [];
  const pieces: string[] = [];
  let piece: string | undefined;
  let from = 0;
  let window = keyWindow();
  return {
    met,
    pieces,
    step() {
      if (piece === undefined) {
        const next = nextPiece();
        if (next === null) return true;
        pieces.push(next);
        const seam = seams.add(next);
        if (seam) index.scan(seam.text, 0, seam.text.length, keyWindow(), met);
        piece = next;
        from = 0;
        window = keyWindow();
      }
      index.scan(piece, from, from + KEY_SLICE_UNITS, window, met);
      from += KEY_SLICE_UNITS;
      if (from >= piece.length) piece = undefined;
      return false;
    },
  };
}
