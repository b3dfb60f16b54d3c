/**
 * Which mention is under the pointer, without a listener or an element per mention: the browser
 * is asked what is at the point, and the scanner which mention holds that.
 *
 * - Where the browser has `CSS.highlights.highlightsFromPoint` (Chromium 156 and Firefox 153 both
 *   do), it answers with the highlight ranges painted at the point, which are the mentions'
 *   own ranges: the hit is exact, and plain text under the pointer costs one call.
 * - Otherwise (older browsers), `document.caretPositionFromPoint` gives the text position under
 *   the point, the scanner the mentions around it, and the mention counts only when the pointer
 *   is over its boxes: a caret snaps to the nearest character even from blank space.
 *
 * Open shadow roots are looked into (both calls only see into the roots they are given); the
 * card's own closed root is never under a mention, so it needs no special case.
 */
import { pointInRects } from '../../../utils/card/geometry';
import type { PageMention } from '../scanner';

/** The scanner's lookup. */
export interface MentionLookup {
  mentionsAt(node: Node, offset: number): PageMention[];
}

/** One answer of `highlightsFromPoint`. */
export interface HighlightHit {
  readonly ranges: readonly AbstractRange[];
}

/** The browser calls a hit test makes; `browserHitTestEnvironment` gives the real ones. */
export interface HitTestEnvironment {
  /** `CSS.highlights.highlightsFromPoint`, where the browser has it. */
  highlightsFromPoint?: (
    x: number,
    y: number,
    options?: { shadowRoots: ShadowRoot[] },
  ) => readonly HighlightHit[];
  /** `document.caretPositionFromPoint`, where the browser has it. */
  caretPositionFromPoint?: (
    x: number,
    y: number,
    options?: { shadowRoots: ShadowRoot[] },
  ) => { offsetNode: Node; offset: number } | null;
  /** `document.elementFromPoint`, or a shadow root's. */
  elementFromPoint(root: Document | ShadowRoot, x: number, y: number): Element | null;
  /** The client rectangles of a range (empty when its boundary points are no longer valid). */
  rectsOf(range: StaticRangeInit): Iterable<DOMRectReadOnly>;
}

/** How far outside a mention's boxes a caret hit still counts (px): the text's own edge. */
const CARET_SLOP = 1;
/** Open shadow roots looked into at most, nested. */
const MAX_SHADOW_DEPTH = 8;

/** The browser's own calls in `document`. */
export function browserHitTestEnvironment(document: Document): HitTestEnvironment {
  const registry = (globalThis as { CSS?: { highlights?: unknown } }).CSS?.highlights as
    { highlightsFromPoint?: HitTestEnvironment['highlightsFromPoint'] } | undefined;
  const caret = (
    document as {
      caretPositionFromPoint?: HitTestEnvironment['caretPositionFromPoint'];
    }
  ).caretPositionFromPoint;
  return {
    highlightsFromPoint:
      typeof registry?.highlightsFromPoint === 'function'
        ? (x, y, options) => registry.highlightsFromPoint?.call(registry, x, y, options) ?? []
        : undefined,
    caretPositionFromPoint:
      typeof caret === 'function'
        ? (x, y, options) => caret.call(document, x, y, options)
        : undefined,
    elementFromPoint: (root, x, y) => root.elementFromPoint(x, y),
    rectsOf(init) {
      try {
        const range = document.createRange();
        range.setStart(init.startContainer, init.startOffset);
        range.setEnd(init.endContainer, init.endOffset);
        return range.getClientRects();
      } catch {
        // The text changed under the mention: its offsets point past the end.
        return [];
      }
    },
  };
}

/** True when `mention` covers exactly the boundary points of `range`. */
function coversRange(mention: PageMention, range: AbstractRange): boolean {
  const own = mention.range;
  return (
    own.startContainer === range.startContainer &&
    own.startOffset === range.startOffset &&
    own.endContainer === range.endContainer &&
    own.endOffset === range.endOffset
  );
}

/** The open shadow roots under (x, y), outermost first. */
function shadowRootsAt(x: number, y: number, env: HitTestEnvironment, document: Document) {
  const roots: ShadowRoot[] = [];
  let element = env.elementFromPoint(document, x, y);
  while (element?.shadowRoot && roots.length < MAX_SHADOW_DEPTH) {
    const root = element.shadowRoot;
    roots.push(root);
    const inner = env.elementFromPoint(root, x, y);
    element = inner === element ? null : inner;
  }
  return roots;
}

/** The mention drawn at (x, y), asking the browser's highlight hit test. */
function fromHighlights(
  x: number,
  y: number,
  lookup: MentionLookup,
  find: NonNullable<HitTestEnvironment['highlightsFromPoint']>,
  roots: ShadowRoot[],
): PageMention | null {
  const hits = find(x, y, roots.length > 0 ? { shadowRoots: roots } : undefined);
  for (const hit of hits) {
    for (const range of hit.ranges) {
      const found = lookup
        .mentionsAt(range.startContainer, range.startOffset)
        .find((mention) => coversRange(mention, range));
      if (found) return found;
    }
  }
  return null;
}

/** The text position of a caret, moved off an element boundary onto the text beside it. */
function textPosition(node: Node, offset: number): { node: Node; offset: number } {
  if (node.nodeType === Node.TEXT_NODE) return { node, offset };
  const after = node.childNodes[offset];
  if (after?.nodeType === Node.TEXT_NODE) return { node: after, offset: 0 };
  const before = node.childNodes[offset - 1];
  if (before?.nodeType === Node.TEXT_NODE) {
    return { node: before, offset: (before as Text).length };
  }
  return { node, offset };
}

/** The mention at (x, y) by caret position, believed only over the mention's own boxes. */
function fromCaret(
  x: number,
  y: number,
  lookup: MentionLookup,
  env: HitTestEnvironment,
  roots: ShadowRoot[],
): PageMention | null {
  const caret = env.caretPositionFromPoint?.(
    x,
    y,
    roots.length > 0 ? { shadowRoots: roots } : undefined,
  );
  if (!caret) return null;
  const { node, offset } = textPosition(caret.offsetNode, caret.offset);
  for (const mention of lookup.mentionsAt(node, offset)) {
    if (pointInRects(x, y, env.rectsOf(mention.range), CARET_SLOP)) return mention;
  }
  return null;
}

/** The mention under the viewport point (x, y), or null; see the module comment. */
export function mentionFromPoint(
  x: number,
  y: number,
  lookup: MentionLookup,
  env: HitTestEnvironment,
  document: Document,
): PageMention | null {
  // Plain text (the common case) is not a shadow host: one elementFromPoint, no roots.
  const roots = shadowRootsAt(x, y, env, document);
  if (env.highlightsFromPoint) {
    try {
      return fromHighlights(x, y, lookup, env.highlightsFromPoint, roots);
    } catch {
      // An implementation that does not take these arguments: the caret path still works.
    }
  }
  return fromCaret(x, y, lookup, env, roots);
}
