/**
 * Which blocks of a tree can hold a mention, found without reading the tree node by node.
 *
 * Reading a block means visiting each of its text nodes from script, and on a page with 100,000
 * text nodes that is most of a scan's cost, although nearly every block holds no mention. The
 * browser hands out a whole tree's text in one native call (`textContent`), so the filter:
 * 1. takes the root's text (its `textContent`: every text node's data, in tree order, joined),
 *    on a large tree a piece of a few thousand elements at a time (see text-pieces.ts);
 * 2. scans it for candidates, a part per step (`scanCandidates`: every place an alias might be
 *    written, boundaries unchecked, a superset of what any block's own text can match): each
 *    piece on its own, and the stretch around each boundary between pieces again for the
 *    candidates that cross it;
 * 3. finds the text node under each candidate: a TreeWalker over the text nodes adds up their
 *    lengths (`length`, which unlike `data` makes no string), a part per step;
 * 4. answers with the blocks of those text nodes. The scanner reads only them, as before.
 *
 * A page that has no candidate costs one read of its text and one scan of it; a page with
 * candidates costs that plus a native walk over its text nodes, up to the last candidate. If the
 * tree changes while the filter works, its offsets may no longer fit: it answers `null` (read
 * every block) rather than guess. Text in skipped subtrees (scripts, form fields) may produce
 * candidates; the scanner never reads those blocks.
 */
import { type CandidateScan, type Matcher, scanCandidates } from '../../utils/matching/matcher';
import { TEXT_READ_ELEMENTS, createSeams, createTextPieces } from './text-pieces';
import { type Block, blockOf } from './text-runs';

/** Below this much text the filter answers `null` at once: reading every block is cheaper. */
export const MIN_FILTERED_TEXT = 8_192;

/** Code units scanned per step (~1–2 ms). */
const SCAN_UNITS = 65_536;

/** Text nodes measured per step while finding the candidates' text nodes. */
const LOCATE_NODES = 2_048;

/** What `textContent` is made of: text and CDATA section nodes (NodeFilter's SHOW_ flags). */
const SHOW_TEXT_AND_CDATA = 0x4 | 0x8;

const NO_OFFSETS: ReadonlyMap<Node, number> = new Map();

/** See the module comment; call `step()` until it returns true, then read `blocks`. */
export interface BlockFilter {
  /** Does one bounded piece of the work; true once the answer is ready. */
  step(): boolean;
  /** The blocks that may hold a mention, or `null` for "read them all"; set once done. */
  readonly blocks: Set<Block> | null;
  /**
   * Where each text node holding a candidate starts in the root's text, which is their reading
   * order: a scanner can order its first runs by it without asking the DOM. Empty when `blocks`
   * is null.
   */
  readonly offsets: ReadonlyMap<Node, number>;
}

/**
 * A filter over `root`'s tree. `changed()` tells whether the tree may have changed since the
 * filter took its text (the scanner's count of mutation records). `keyedPieces`, when given, is
 * `root`'s text as it is now (the caller read it and saw no change since), in the pieces
 * `createTextPieces` reads, and already read for the matcher's remote keys, pieces and seams
 * both (see `createSeams`): the filter takes the pieces out of the list instead of reading the
 * tree's text again, and its candidate scans skip the keys.
 */
export function createBlockFilter(
  root: Block,
  matcher: Matcher,
  changed: () => boolean,
  keyedPieces?: string[],
  { readElements = TEXT_READ_ELEMENTS }: { readElements?: number } = {},
): BlockFilter {
  let phase: 'scan' | 'locate' | 'done' = 'scan';
  const nextPiece = keyedPieces
    ? () => keyedPieces.shift() ?? null
    : createTextPieces(root, readElements);
  const scanOptions = { keysRead: keyedPieces !== undefined };
  let blocks: Set<Block> | null = null;
  /** The scan of the piece being read, and where that piece starts in the root's text. */
  let scan: CandidateScan | undefined;
  let base = 0;
  let pieceLength = 0;
  let firstPiece = true;
  const seams = createSeams();
  /** The candidates' start offsets in the root's text, ascending, without repeats. */
  const starts: number[] = [];
  let next = 0;
  let walker: TreeWalker | undefined;
  /** Where the next text node starts in the root's text. */
  let offset = 0;

  // Made when there is something to locate: most filters (every block a feed appends) end
  // at their first step with "read everything".
  let found: Set<Block> | undefined;
  let offsets: Map<Node, number> | undefined;

  const finish = (answer: Set<Block> | null) => {
    // Pieces left unread (the tree changed, or it was too small to filter) are not needed now:
    // the filter stays reachable for the rest of the scanner's walk.
    if (keyedPieces) keyedPieces.length = 0;
    blocks = answer && !changed() ? answer : null;
    if (!blocks) offsets = undefined;
    phase = 'done';
    return true;
  };

  /** Measures up to LOCATE_NODES text nodes on the way to the remaining candidates. */
  function locate(): boolean {
    found ??= new Set();
    offsets ??= new Map();
    if (!walker) return finish(found);
    for (let budget = LOCATE_NODES; budget > 0; budget--) {
      if (next >= starts.length) return finish(found);
      const node = walker.nextNode() as CharacterData | null;
      if (!node) return finish(found);
      const start = offset;
      const end = start + node.length;
      offset = end;
      if ((starts[next] ?? Infinity) >= end) continue;
      const block = blockOf(node);
      if (block) found.add(block);
      offsets.set(node, start);
      while (next < starts.length && (starts[next] ?? Infinity) < end) next++;
    }
    return false;
  }

  /**
   * Finds the candidates that cross from the text read so far into `piece`: they are in
   * neither piece's own scan. Scans the stretch around the boundary and adds the candidates that
   * start before it (those that start after are the piece's own).
   */
  function seam(piece: string) {
    const around = seams.add(piece);
    if (!around) return;
    const seamScan = scanCandidates(matcher, around.text, scanOptions);
    while (!seamScan.step(Infinity));
    const from = base - around.boundary;
    for (const start of seamScan.starts()) {
      if (start >= around.boundary) break;
      insertStart(starts, from + start);
    }
  }

  /** One step of the scan: reads the next piece of text, or scans a part of the one read. */
  function scanStep(): boolean {
    if (scan) {
      if (!scan.step(SCAN_UNITS)) return false;
      for (const start of scan.starts()) insertStart(starts, base + start);
      scan = undefined;
      base += pieceLength;
      return false;
    }
    let piece = nextPiece();
    if (firstPiece) {
      firstPiece = false;
      // A small tree, read whole: reading every block is cheaper than filtering.
      if (piece !== null && piece.length < MIN_FILTERED_TEXT) {
        const more = nextPiece();
        if (more === null) return finish(null);
        piece += more;
      }
    }
    if (piece === null) {
      if (starts.length === 0) return finish(new Set());
      const owner = root.ownerDocument ?? document;
      walker = owner.createTreeWalker(root, SHOW_TEXT_AND_CDATA);
      phase = 'locate';
      return false;
    }
    seam(piece);
    scan = scanCandidates(matcher, piece, scanOptions);
    pieceLength = piece.length;
    return false;
  }

  return {
    step() {
      if (phase === 'done') return true;
      if (changed()) return finish(null);
      if (phase === 'scan') return scanStep();
      return locate();
    },
    get blocks() {
      return blocks;
    },
    get offsets() {
      return offsets ?? NO_OFFSETS;
    },
  };
}

/** Adds `start` to `starts` (ascending, without repeats); `start` is at or near the end. */
function insertStart(starts: number[], start: number) {
  let at = starts.length;
  while (at > 0 && (starts[at - 1] ?? -1) > start) at--;
  if (starts[at - 1] === start) return;
  if (at === starts.length) starts.push(start);
  else starts.splice(at, 0, start);
}
