/**
 * Reading a page's text the way people read it: in runs that inline elements do not break
 * ("Mujahedin <em>Khalq</em>" is one run), with a map back from run offsets to DOM text nodes so
 * mentions become ranges. Skips code, form fields, editable regions and Backstory's own UI.
 *
 * Every run belongs to one *block*: the nearest ancestor that is not an inline element (or a
 * shadow root). A block's runs are its text reached through inline elements only; a nested block
 * starts runs of its own. That is what makes rescans local: an edit anywhere in a paragraph means
 * "collect that paragraph's runs again", never the whole page.
 *
 * Block or inline is decided by tag name, not computed style: reading `display` for every element
 * would force style recalculation on the page, and tags are right for nearly all prose.
 */

/**
 * A set of tag names in upper and lower case. `tagName` is upper case for HTML elements in HTML
 * documents and lower case for SVG/MathML roots and in XHTML, so both lookups are direct and the
 * hot path (every element of the page, twice) never calls `toUpperCase`.
 */
function bothCases(names: readonly string[]): Set<string> {
  return new Set(names.flatMap((name) => [name, name.toLowerCase()]));
}

/** Elements whose text is never read: not prose, or the user's own input. */
const SKIPPED = bothCases([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'SVG',
  'MATH',
  'CANVAS',
  'IFRAME',
  'FRAME',
  'OBJECT',
  'EMBED',
  'VIDEO',
  'AUDIO',
]);

/** Elements that flow inside a line of text: a mention may continue across them. */
const INLINE = bothCases([
  'A',
  'ABBR',
  'ACRONYM',
  'B',
  'BDI',
  'BDO',
  'BIG',
  'CITE',
  'CODE',
  'DATA',
  'DEL',
  'DFN',
  'EM',
  'FONT',
  'I',
  'INS',
  'KBD',
  'LABEL',
  'MARK',
  'NOBR',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRIKE',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'TT',
  'U',
  'VAR',
  'WBR',
]);

// `Node.TEXT_NODE` and `Node.ELEMENT_NODE`, as constants: the hot loops below need no global read.
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** The attribute on Backstory's own UI (the card's host), whose subtree is never scanned. */
export const OWN_UI_ATTRIBUTE = 'data-backstory-ui';

/** What owns runs: an element that is not inline, or a shadow root. */
export type Block = Element | ShadowRoot;

/** One run of text and the DOM text nodes it is made of. */
export interface TextRun {
  /** The block the run belongs to. */
  readonly block: Block;
  readonly text: string;
  readonly nodes: readonly Text[];
  /** `starts[i]` is the run offset where `nodes[i]` begins. */
  readonly starts: readonly number[];
}

/** How a walk treats an element; see {@link elementKind}. */
export const ElementKind = {
  /** Its subtree is never read (see {@link isSkippedElement}). */
  Skipped: 0,
  /** It breaks runs and owns its own (see {@link isBlockElement}). */
  Block: 1,
  /** A run flows through it. */
  Inline: 2,
} as const;
export type ElementKind = (typeof ElementKind)[keyof typeof ElementKind];

/** Each listed tag name (both cases) to its kind by name alone; any other name is a block. */
const KIND_BY_TAG = new Map<string, ElementKind>([
  ...[...SKIPPED].map((name): [string, ElementKind] => [name, ElementKind.Skipped]),
  ...[...INLINE].map((name): [string, ElementKind] => [name, ElementKind.Inline]),
]);

/**
 * What {@link isSkippedElement} and {@link isBlockElement} say of `element`, in one pass: the walks
 * ask both of every element of the page, and each DOM read (`tagName` above all) is a call into
 * the browser, so the tag name is read once and looked up once.
 */
export function elementKind(element: Element): ElementKind {
  const byTag = KIND_BY_TAG.get(element.tagName) ?? ElementKind.Block;
  if (byTag === ElementKind.Skipped || isSkippedByAttributes(element)) return ElementKind.Skipped;
  if (byTag === ElementKind.Inline && element.shadowRoot !== null) return ElementKind.Block;
  return byTag;
}

/**
 * True when an element's subtree must not be read: code, form fields, embedded content,
 * Backstory's own UI, and editable regions. An editable region is recognised by its
 * `contenteditable` attribute rather than `isContentEditable`, which in Chromium brings the
 * page's style up to date on every call.
 */
export function isSkippedElement(element: Element): boolean {
  return SKIPPED.has(element.tagName) || isSkippedByAttributes(element);
}

/** Backstory's own UI, or an editable region (see {@link isSkippedElement}). */
function isSkippedByAttributes(element: Element): boolean {
  // Most elements have no attributes at all: one call answers for both attribute checks.
  if (!element.hasAttributes()) return false;
  if (element.hasAttribute(OWN_UI_ATTRIBUTE)) return true;
  const editable = element.getAttribute('contenteditable');
  return editable !== null && editable.toLowerCase() !== 'false';
}

/** True when an element breaks runs: anything but a known inline element, and shadow hosts. */
export function isBlockElement(element: Element): boolean {
  return !INLINE.has(element.tagName) || element.shadowRoot !== null;
}

function isShadowRoot(node: Node): node is ShadowRoot {
  return node.nodeType === Node.DOCUMENT_FRAGMENT_NODE && 'host' in node;
}

/** The parent in the composed tree: a shadow root's parent is its host. */
function composedParent(node: Node): Node | null {
  return isShadowRoot(node) ? node.host : node.parentNode;
}

/**
 * True when `node` sits in a subtree that is never read (or is the root of one), looking up
 * through shadow hosts; a document in design mode is editable everywhere.
 */
export function isInsideSkipped(node: Node): boolean {
  if (node.ownerDocument?.designMode === 'on') return true;
  for (let current: Node | null = node; current; current = composedParent(current)) {
    if (current.nodeType === Node.ELEMENT_NODE && isSkippedElement(current as Element)) return true;
  }
  return false;
}

/**
 * {@link isInsideSkipped} for many nodes of one tree that share ancestors (a walk's candidate
 * blocks, its shadow hosts): each ancestor is asked once. For one walk only; design mode is read
 * when it is made.
 */
export function insideSkippedChecker(document: Document): (node: Node) => boolean {
  const designMode = document.designMode === 'on';
  const known = new Map<Node, boolean>();
  return (node) => {
    if (designMode) return true;
    const path: Node[] = [];
    let answer = false;
    for (let current: Node | null = node; current; current = composedParent(current)) {
      const memo = known.get(current);
      if (memo !== undefined) {
        answer = memo;
        break;
      }
      path.push(current);
      if (current.nodeType === Node.ELEMENT_NODE && isSkippedElement(current as Element)) {
        answer = true;
        break;
      }
    }
    for (const passed of path) known.set(passed, answer);
    return answer;
  };
}

/** Whether elements with this tag name are skipped whatever their attributes. */
export function isSkippedTag(tagName: string): boolean {
  return SKIPPED.has(tagName);
}

/**
 * The element after `current` under `root` in document order, entering `current`'s children
 * only when `enter` is true; null at the end. `current` is `root` or an element under it.
 */
export function nextElementIn(root: Node, current: Node, enter: boolean): Element | null {
  if (enter) {
    const child = (current as ParentNode).firstElementChild;
    if (child) return child;
  }
  for (let node: Node | null = current; node && node !== root; node = node.parentNode) {
    const sibling = (node as Element).nextElementSibling;
    if (sibling) return sibling;
  }
  return null;
}

/** The block whose runs include `node` (itself when it is a block); null outside any block. */
export function blockOf(node: Node): Block | null {
  for (let current: Node | null = node; current; current = current.parentNode) {
    if (current.nodeType === Node.ELEMENT_NODE && isBlockElement(current as Element)) {
      return current as Element;
    }
    if (isShadowRoot(current)) return current;
  }
  return null;
}

/**
 * The runs of `block`: its text reached through inline elements, split where a nested block,
 * a skipped element or a line break interrupts it. Whitespace-only runs are left out. Iterative,
 * so a deeply nested page cannot overflow the stack. Does not check whether `block` itself is
 * inside a skipped subtree (see {@link isInsideSkipped}). `onNestedBlock` is called with each
 * block the runs stop at (not skipped elements), which is not entered.
 */
export function collectRuns(block: Block, onNestedBlock?: (element: Element) => void): TextRun[] {
  const runs: TextRun[] = [];
  let text = '';
  const nodes: Text[] = [];
  const starts: number[] = [];
  const flush = () => {
    // Most flushes end nothing or white space between blocks: those keep their (empty) arrays.
    if (nodes.length === 0) return;
    if (hasVisibleText(text)) {
      // Copies of the working arrays, which `push` grew with room to spare (17 slots for one
      // node): a run is kept as long as its mentions are, so it keeps exactly what it holds.
      runs.push({ block, text, nodes: nodes.slice(), starts: starts.slice() });
    }
    nodes.length = 0;
    starts.length = 0;
    text = '';
  };
  let node: Node | null = block.firstChild;
  while (node) {
    // Read once: every DOM property read costs a call into the browser, and this loop reads
    // every node of the page (Chromium 156: `data` and the climb below were most of its time).
    const type = node.nodeType;
    if (type === TEXT_NODE) {
      const data = (node as Text).data;
      if (data.length > 0) {
        starts.push(text.length);
        nodes.push(node as Text);
        text += data;
      }
    } else if (type === ELEMENT_NODE) {
      const element = node as Element;
      const kind = elementKind(element);
      if (kind === ElementKind.Skipped) flush();
      else if (kind === ElementKind.Block) {
        flush();
        onNestedBlock?.(element);
      } else {
        const child = element.firstChild;
        if (child) {
          node = child;
          continue;
        }
      }
    }
    // Comments and processing instructions are invisible: they neither add text nor break a run.
    // The next node after `node`'s subtree: its next sibling, or its nearest ancestor's.
    let sibling: Node | null = null;
    while (node && node !== block) {
      sibling = node.nextSibling;
      if (sibling) break;
      node = node.parentNode;
    }
    node = sibling;
  }
  flush();
  return runs;
}

/** True when `text` has something other than white space (the test `trim() !== ''` makes). */
const VISIBLE = /\S/;
function hasVisibleText(text: string): boolean {
  return VISIBLE.test(text);
}

/**
 * The block after `current` under `root` (not `root` itself) in document order, or null at the
 * end; `current` is `root` or a block this returned. Skipped subtrees are not entered; inline
 * elements are passed through, since a block may sit inside one (`<a><div>…</div></a>`). Shadow
 * roots are not entered: the scanner walks each one on its own.
 *
 * A TreeWalker with a filter did the same, but calls back into script for every element, which
 * cost more than the whole traversal done here with element getters (~60 → ~15 ms for 105,000
 * text nodes in Chromium 156).
 */
export function nextBlock(root: Block, current: Node): Element | null {
  // `current` is the root or a block: its children come next.
  let next: Element | null = (current as ParentNode).firstElementChild;
  let position: Node = current;
  for (;;) {
    if (!next) {
      // No child to go to: the next sibling of the nearest ancestor (or self) that has one.
      let node: Node | null = position;
      while (node && node !== root && !(node as Element).nextElementSibling) node = node.parentNode;
      if (!node || node === root) return null;
      next = (node as Element).nextElementSibling;
      if (!next) return null;
    }
    const kind = elementKind(next);
    if (kind !== ElementKind.Skipped) {
      if (kind === ElementKind.Block) return next;
      const child: Element | null = next.firstElementChild;
      if (child) {
        next = child;
        continue;
      }
    }
    position = next;
    next = null;
  }
}

/**
 * The DOM position of a run offset. At a boundary between two nodes, `preferEnd` picks the end
 * of the earlier node (for a range's end), otherwise the start of the later one.
 */
export function positionInRun(
  run: TextRun,
  offset: number,
  preferEnd: boolean,
): { node: Text; offset: number } {
  let low = 0;
  let high = run.starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    const start = run.starts[mid] ?? 0;
    if (start < offset || (!preferEnd && start === offset)) low = mid;
    else high = mid - 1;
  }
  const node = run.nodes[low] as Text;
  return { node, offset: offset - (run.starts[low] ?? 0) };
}

/** True when two collections of runs hold the same text over the same nodes. */
export function sameRuns(a: readonly TextRun[], b: readonly TextRun[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((run, i) => {
    const other = b[i];
    return (
      other !== undefined &&
      run.text === other.text &&
      run.nodes.length === other.nodes.length &&
      run.nodes.every((node, j) => node === other.nodes[j])
    );
  });
}

/**
 * Orders two nodes as a reader meets them, across shadow trees: a node in a shadow tree sits
 * where its host is. Negative when `a` comes first.
 */
export function compareReadingOrder(a: Node, b: Node): number {
  if (a === b) return 0;
  // Nodes of one tree (the common case) need no more than the native comparison.
  const direct = a.compareDocumentPosition(b);
  if (!(direct & Node.DOCUMENT_POSITION_DISCONNECTED)) {
    return direct & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  }
  const chainA = hostChain(a);
  const chainB = hostChain(b);
  for (const x of chainA) {
    const root = x.getRootNode();
    const y = chainB.find((candidate) => candidate.getRootNode() === root);
    if (!y) continue;
    if (x === y) return chainA.indexOf(x) - chainB.indexOf(y);
    const position = x.compareDocumentPosition(y);
    if (position & Node.DOCUMENT_POSITION_FOLLOWING) return -1;
    if (position & Node.DOCUMENT_POSITION_PRECEDING) return 1;
    return 0;
  }
  return 0;
}

/** A node's place in the tree, for {@link sortInReadingOrder}: one per node, shared by its descendants. */
export interface Place {
  /** The parent's place (the host's, for a shadow root); null for the document. */
  up: Place | null;
  /** The node itself: siblings under a parent with few children are compared natively. */
  node: Node;
  /**
   * Index among the parent's children when the parent has many ({@link INDEXED_CHILDREN});
   * -1 for a shadow root (read before its host's children); null otherwise.
   */
  index: number | null;
  depth: number;
}

/**
 * Children a parent must have before {@link sortInReadingOrder} numbers them all. Below it,
 * two siblings are compared natively (`compareDocumentPosition` steps over at most this many
 * siblings inside the browser); numbering would touch every child from script, and in an
 * isolated world every node touched gets a wrapper of its own that the page's garbage collector
 * then has to trace (on the 5 MB article: ~100,000 nodes and 2 MB for 2,000 mentions).
 */
export const INDEXED_CHILDREN = 256;

/**
 * What {@link sortInReadingOrder} learnt of the tree: valid until a node is added or removed
 * anywhere, so a caller that sees every change (the scanner) may keep it between sorts.
 */
export interface ReadingOrderCache {
  /** Each parent's children numbered, or null for a parent with few (compared natively). */
  readonly childIndexes: Map<Node, ChildNumbering | null>;
  readonly places: Map<Node, Place | null>;
}

/**
 * A parent's children numbered in order, up to `last`; children appended later are numbered when
 * first asked for, from `last` on. A number only has to order siblings, so children removed or
 * inserted elsewhere leave the others' numbers good; only a move breaks them (see
 * {@link keepsReadingOrder}).
 */
export interface ChildNumbering {
  readonly indexes: Map<Node, number>;
  last: Node | null;
}

/** An empty {@link ReadingOrderCache}. */
export function createReadingOrderCache(): ReadingOrderCache {
  return { childIndexes: new Map(), places: new Map() };
}

/**
 * Whether a {@link ReadingOrderCache} stays good after this change: text edits do, and so do nodes
 * appended at the end of their parent (a feed or a chat growing): numbers only order siblings, and
 * new children are numbered when first asked for. Anything else (a removal, an insertion before a
 * sibling) may shift what it learnt. A node moved is removed first, in a record of its own, so a
 * record of additions only never re-adds a node the cache placed.
 */
export function keepsReadingOrder(record: MutationRecord): boolean {
  return (
    record.type !== 'childList' || (record.nextSibling === null && record.removedNodes.length === 0)
  );
}

/**
 * Sorts `items` in the reading order of their nodes, as {@link compareReadingOrder} would, for
 * many items at once. Comparing with `compareDocumentPosition` steps over siblings, so sorting
 * 10,000 paragraphs of one long column took a ~200 ms task; here each node gets its place once
 * (its index among its parent's children, a shadow tree's content just after its host), each
 * parent's children indexed in one pass, and places are compared by climbing to where they part.
 * Nodes not in the document (removed, not yet swept) go last.
 */
export function sortInReadingOrder<T>(
  items: readonly T[],
  nodeOf: (item: T) => Node,
  cache: ReadingOrderCache = createReadingOrderCache(),
): T[] {
  const { childIndexes, places } = cache;
  /** Numbers `parent`'s children after `numbering.last` up to `child` (or all); false if not met. */
  const extend = (numbering: ChildNumbering, parent: Node, child: Node | null): boolean => {
    const { indexes } = numbering;
    let i = indexes.size;
    for (
      let c = numbering.last ? numbering.last.nextSibling : parent.firstChild;
      c;
      c = c.nextSibling
    ) {
      indexes.set(c, i++);
      numbering.last = c;
      if (c === child) return true;
    }
    return false;
  };
  const indexIn = (parent: Node, child: Node): number | null => {
    let numbering = childIndexes.get(parent);
    if (numbering === undefined) {
      numbering = null;
      // `childNodes.length` counts inside the browser, touching no child from script.
      if (parent.childNodes.length >= INDEXED_CHILDREN) {
        numbering = { indexes: new Map(), last: null };
        extend(numbering, parent, null);
      }
      childIndexes.set(parent, numbering);
    }
    if (!numbering) return null;
    const known = numbering.indexes.get(child);
    if (known !== undefined) return known;
    // Appended since: number on from the last child numbered. Not found after it means a change
    // the caller should have dropped the cache for: compared natively, which is always right.
    return extend(numbering, parent, child) ? (numbering.indexes.get(child) ?? null) : null;
  };
  // Climbs without recursion: a page may nest elements tens of thousands deep.
  const placeOf = (node: Node): Place | null => {
    const unknown: Node[] = [];
    let current: Node | null = node;
    let place: Place | null | undefined;
    for (; current; current = composedParent(current)) {
      place = places.get(current);
      if (place !== undefined) break;
      unknown.push(current);
    }
    // From the highest node not placed yet down to `node`. A top that is not the document
    // (a removed subtree) leaves everything under it out of the page: null.
    let above: Place | null = place ?? null;
    for (let i = unknown.length - 1; i >= 0; i--) {
      const next = unknown[i] as Node;
      if (next.nodeType === Node.DOCUMENT_NODE)
        above = { up: null, node: next, index: 0, depth: 0 };
      else if (above) {
        const index = isShadowRoot(next) ? -1 : indexIn(next.parentNode as Node, next);
        above = { up: above, node: next, index, depth: above.depth + 1 };
      }
      // Out of the page is not remembered: a node put back later must be placed afresh.
      if (above) places.set(next, above);
    }
    return above;
  };
  const keyed = items.map((item) => ({ item, place: placeOf(nodeOf(item)) }));
  keyed.sort((a, b) => comparePlaces(a.place, b.place));
  return keyed.map(({ item }) => item);
}

/** Orders two places of {@link sortInReadingOrder}: an ancestor first, null (not in the page) last. */
function comparePlaces(a: Place | null, b: Place | null): number {
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
  let x = a;
  let y = b;
  while (x.depth > y.depth) x = x.up as Place;
  while (y.depth > x.depth) y = y.up as Place;
  // One is the other's ancestor (or the same node): the shallower comes first.
  if (x === y) return a.depth - b.depth;
  while (x.up !== y.up) {
    x = x.up as Place;
    y = y.up as Place;
  }
  // Siblings (or a host's shadow root and one of its children: the root has index -1).
  if (x.index !== null && y.index !== null) return x.index - y.index;
  if (x.index === -1) return -1;
  if (y.index === -1) return 1;
  return x.node.compareDocumentPosition(y.node) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

/** `node`, then the host of its shadow tree, then that host's host, and so on. */
function hostChain(node: Node): Node[] {
  const chain = [node];
  for (let root = node.getRootNode(); isShadowRoot(root); root = root.host.getRootNode()) {
    chain.push(root.host);
  }
  return chain;
}
