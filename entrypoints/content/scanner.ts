/**
 * The page scanner: finds mentions in a document and keeps them (and their highlights) right as
 * the page changes, without ever changing the page.
 *
 * - **Initial scan.** A walk visits the blocks of the body (and of every open shadow root). A
 *   block filter (block-filter.ts) first tells from the tree's whole text which blocks may hold a
 *   mention; only those have their text runs collected, the others are passed over (the walk
 *   still visits them for shadow roots). On a page where nothing was read yet, the walk reads
 *   the filter's blocks straight and then passes over the elements for shadow roots only (see
 *   `DirectWalk`). Runs on screen are matched at once; the rest wait for
 *   idle slices. When the walk is done the first results go out (`onResults({ firstPass: true })`),
 *   even with nothing found, so "no mentions" can be told apart from "not scanned". Custom
 *   elements met without a shadow root are looked at again later (`recheckShadowHosts`).
 * - **Changes.** A MutationObserver only queues records. Slices then turn them into work: the
 *   block around an edited text or a changed child list is collected again, added subtrees are
 *   walked, and removals trigger a sweep that drops the blocks no longer on the page. Runs that
 *   come out identical are left alone, so a re-render that changes nothing redraws nothing.
 * - **Context.** The mention index resolves ambiguous aliases against evidence from the whole
 *   page; when evidence comes or goes, the runs that depend on it are resolved again, one per
 *   unit of work (see mention-index.ts), and redrawn.
 * - **Budget.** All work runs in slices of a few ms (see slices.ts); nothing runs while the
 *   scanner is paused (hidden tab), records just queue.
 *
 * DOM glue only: the decisions live in the pure modules it calls.
 */
import type { MatchReason, Matcher, Mention } from '../../utils/matching/matcher';
import type { MentionReport } from '../../utils/messaging';
import { type IndexedRun, createMentionIndex } from '../../utils/scanning/mention-index';
import { buildMentionReport } from '../../utils/scanning/report';
import { type SliceHost, type Urgency, createSliceLoop } from '../../utils/scanning/slices';
import { type BlockFilter, createBlockFilter } from './block-filter';
import type { Highlighter, RangeToDraw } from './highlights';
import { HOST_SEARCH_ELEMENTS, type HostSearch, createHostSearch } from './host-search';
import {
  type Block,
  type TextRun,
  blockOf,
  collectRuns,
  compareReadingOrder,
  isBlockElement,
  insideSkippedChecker,
  isInsideSkipped,
  isSkippedTag,
  nextBlock,
  nextElementIn,
  positionInRun,
  sameRuns,
  sortInReadingOrder,
  type ReadingOrderCache,
  createReadingOrderCache,
  keepsReadingOrder,
} from './text-runs';

/**
 * Records kept while paused or busy before the queue is given up for one full rescan: a hidden
 * tab running a ticker must not grow our memory without bound.
 */
const MAX_QUEUED_RECORDS = 10_000;

/** What the scanner is given; everything that touches the browser is passed in. */
export interface PageScannerOptions {
  document: Document;
  matcher: Matcher;
  /**
   * The scan root's text, read by the caller just before in the pieces `createTextPieces` reads
   * (text-pieces.ts), with no change to the tree since (the caller watched), and read for the
   * matcher's remote keys, pieces and seams both: the first walk's block filter takes the pieces
   * out of the list instead of reading the text again (see `createBlockFilter`).
   */
  initialPieces?: string[];
  /** The registry name for an organisation's ranges; `null` draws nothing (quiet mode). */
  highlightNameOf: ((orgKey: string) => string) | null;
  highlighter: Highlighter;
  host: SliceHost;
  /** Aborting it stops the scanner for good and erases its highlights. */
  signal: AbortSignal;
  /** While true no work runs (the tab is hidden); call `resume()` when it turns false. */
  isPaused(): boolean;
  /** Whether a block's text is on screen now; by default its first text's element rectangle. */
  isOnScreen?(run: TextRun): boolean;
  /** Called when ranges are drawn in a shadow root (Firefox needs the styles there too). */
  onDrawInShadowRoot?(root: ShadowRoot): void;
  /** Called after a slice that changed the results, and once when the first pass is done. */
  onResults(event: { firstPass: boolean }): void;
}

/** One mention on the page, as the hover card needs it: what matched, and where. */
export interface PageMention {
  /** Global key of the organisation (`packId/orgId`). */
  readonly orgKey: string;
  /** The organisation's name, from the matcher source. */
  readonly name: string;
  /** The alias as written in the pack. */
  readonly alias: string;
  readonly reason: MatchReason;
  /** The mention's boundary points: the same the highlight range was drawn with. */
  readonly range: StaticRangeInit;
  /** The block whose text holds the mention. */
  readonly block: Block;
}

/** A running scanner; see {@link createPageScanner}. */
export interface PageScanner {
  /** Starts the initial scan and the observer. */
  start(): void;
  /** Picks up work again after a pause. */
  resume(): void;
  /**
   * Reads the page again after its matcher grew (see `extendMatcherInSlices`): every block where
   * an alias of `added` (a matcher of just the aliases it grew by) may be written is matched
   * again with the grown matcher, text read before included; the others keep their mentions
   * (evidence the new ones bring still reaches them). What is drawn stays until a run's mentions
   * change, so nothing flickers.
   */
  rematch(added: Matcher): void;
  /** The current results as a report, in reading order. */
  report(): MentionReport;
  /**
   * The mentions whose text includes the point `offset` in `node` (both ends count, so a caret
   * just after a mention finds it): none, one, or two that touch. A lookup by text node, so a
   * pointer over plain text costs one map read.
   */
  mentionsAt(node: Node, offset: number): PageMention[];
  /** Every mention on the page, in reading order. */
  mentions(): PageMention[];
  /** True once the first pass is done. */
  readonly firstPassDone: boolean;
  /**
   * Looks again at the custom elements the scanner met without a shadow root, and reads the open
   * roots attached since. A custom element defined after the scan attaches its root with no
   * mutation record the scanner could see (see {@link MAX_PENDING_HOSTS}). Returns whether any
   * are still without one, i.e. whether another look later is worth it.
   */
  recheckShadowHosts(): boolean;
}

/**
 * Custom elements (a hyphen in the name) remembered without a shadow root, at most this many per
 * page: the ones most likely to get one later, when their definition loads.
 */
const MAX_PENDING_HOSTS = 2_000;

interface Walk {
  root: Block;
  /** The block last visited (or the root); null until the walk starts. */
  position: Node | null;
  /** The initial scan: runs off screen wait for idle time. */
  onScreenFirst: boolean;
  /** Blocks already visited, so a walk restarted after its position was removed skips them. */
  visited: WeakSet<Block>;
  /** A full rescan: afterwards, indexed blocks it did not visit are checked again. */
  reconcile: boolean;
  /** Whether the first pass ends with this walk. */
  initial: boolean;
  /** `removals` when the walk last stepped: unchanged means its position is still in its root. */
  removalsSeen: number;
  /** Works out `candidates` before the walk starts; null once done (see block-filter.ts). */
  filter: BlockFilter | null;
  /** The only blocks worth reading, or null to read every block. */
  candidates: Set<Block> | null;
  /**
   * The matcher grew: runs read before are matched again even when their text is the same. When
   * set, the blocks to read are those where the aliases it grew by may be written.
   */
  rematch: Matcher | null;
  /** Set when the walk goes straight to its candidates (see {@link DirectWalk}). */
  direct: DirectWalk | null;
}

/**
 * A walk whose filter named every block it has to read, in a scanner that has read nothing yet
 * (a page's first scan, or a page with no mention so far): it reads the candidate blocks
 * straight, in document order (the filter found them in that order), then finds the shadow
 * roots and custom elements under the root: asking the browser for the only elements that can
 * have a root (host-search.ts), or where it cannot, passing over every element. Telling blocks
 * from inline elements and checking every element's attributes, as the block walk does, is then
 * left to the few elements where it matters: the candidates, and the hosts found. On a page that
 * mentions nothing (most of the web) the whole walk is that search.
 */
interface DirectWalk {
  candidates: Iterator<Block>;
  candidatesDone: boolean;
  /**
   * After the candidates, the hosts and custom elements are asked of the browser by name (see
   * host-search.ts): undefined until that starts; null where it cannot be done (a shadow root, a
   * document without XPath), and then the element pass from the root does it instead.
   */
  search?: HostSearch | null;
  /** Whether the element at the walk's position has its children passed over too. */
  enterPosition: boolean;
  insideSkipped: (node: Node) => boolean;
}

/**
 * How often (ms) the idle pass over off-screen text draws what it found. Off screen, nobody sees
 * the delay; a hover there finds its mention once drawn (`mentionsAt` follows the drawing).
 */
const DRAW_INTERVAL_MS = 200;

/** Time (ms) a slice may spend drawing after its work; what is left is drawn in units. */
const DRAW_BUDGET_MS = 4;

/** Runs one unit of work draws when a draw did not fit in its slice's budget. */
const DRAW_UNIT_RUNS = 64;

/** Blocks a walk may pass over in one unit of work when its filter rules them out. */
const SKIPS_PER_UNIT = 256;

/** Elements a direct walk passes over in one unit while looking for shadow roots. */
const ELEMENTS_PER_UNIT = 512;

const OBSERVED: MutationObserverInit = { childList: true, subtree: true, characterData: true };

/** Where a run's text is against the viewport; see {@link firstTextPosition}. */
type ViewportPosition = 'on' | 'below' | 'elsewhere';

/**
 * The default on-screen test: the rectangle of the element holding the run's first text.
 * Measured on a 5,000-paragraph page: about 1.4 µs a call in Chromium 156 and 0.6 µs in Firefox
 * 153 once layout is clean (the scan never dirties it; a page that just changed pays its layout
 * once, which its next frame would have paid anyway). An IntersectionObserver would avoid even
 * that, but answers a frame later and needs an observe/unobserve per block: more work, not less.
 */
function firstTextPosition(run: TextRun): ViewportPosition {
  const element = run.nodes[0]?.parentElement;
  if (!element) return 'elsewhere';
  const rect = element.getBoundingClientRect();
  const view = element.ownerDocument.defaultView;
  const width = view?.innerWidth ?? 0;
  const height = view?.innerHeight ?? 0;
  // Zero-sized means not rendered (display: none); that text can wait for idle time.
  if (rect.width === 0 && rect.height === 0) return 'elsewhere';
  if (rect.top > height) return 'below';
  return rect.bottom >= 0 && rect.right >= 0 && rect.left <= width ? 'on' : 'elsewhere';
}

/**
 * Runs found below the viewport in a row, in one walk, after which the walk stops measuring and
 * defers the rest of its runs. A walk goes in document order, which on nearly every page is
 * top-to-bottom order, so once this many runs in a row lie below the fold the rest do too; the
 * exceptions (a fixed footer, content moved up by CSS) are matched in the idle pass a moment
 * later rather than first. On the 5 MB article this saved ~50,000 rectangle reads (~120 ms).
 */
const BELOW_FOLD_RUNS = 100;

/**
 * New runs in a report up to which each is placed by binary search with native comparisons; more
 * are sorted with the others in one pass (see `runsInReadingOrder`).
 */
const FEW_NEW_RUNS = 16;

/** Where `item` goes in the sorted `list` (after any equal to it). */
function insertionPoint<T>(list: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  const last = list[list.length - 1];
  if (last === undefined || compare(last, item) <= 0) return list.length;
  let low = 0;
  let high = list.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compare(list[mid] as T, item) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Creates a scanner over `options.document`; call `start()`. */
export function createPageScanner(options: PageScannerOptions): PageScanner {
  const { document, matcher, highlighter, signal } = options;
  /** Runs below the viewport in a row in the current walk; see {@link BELOW_FOLD_RUNS}. */
  let belowInARow = 0;
  const isOnScreen = (run: TextRun): boolean => {
    if (options.isOnScreen) return options.isOnScreen(run);
    if (belowInARow >= BELOW_FOLD_RUNS) return false;
    const position = firstTextPosition(run);
    if (position === 'below') belowInARow++;
    else if (position === 'on') belowInARow = 0;
    return position === 'on';
  };
  const index = createMentionIndex<TextRun>(matcher);
  /** The runs of every block that has at least one run in the index. */
  const indexedBlocks = new Map<Block, TextRun[]>();
  let orgNames: Map<string, string> | undefined;
  /**
   * Blocks collected during the initial scan whose runs wait for an idle slice, in the order they
   * were collected. A queue read from `deferredHead` on, with a map for membership: taking the
   * first entry of a Map whose earlier entries were deleted skips every deleted slot until V8
   * rehashes, which made draining 50,000 deferred blocks quadratic (~290 ms on the 5 MB article).
   */
  const deferred = new Map<Block, TextRun[]>();
  let deferredQueue: Block[] = [];
  let deferredHead = 0;
  // A queue read from `recordsHead` on: Array#shift would copy the rest on every record.
  let records: MutationRecord[] = [];
  let recordsHead = 0;
  const dirty = new Set<Block>();
  /**
   * Reads `dirty` in insertion order. One live iterator, not `dirty.values().next()` per unit:
   * a fresh iterator steps over every slot deleted before it (until V8 rehashes), which makes
   * draining a large set quadratic. A live iterator also sees blocks added after it was made.
   */
  let dirtyReader = dirty.values();
  const walks: Walk[] = [];
  const observedRoots = new WeakSet<Node>();
  let sweepNeeded = false;
  /**
   * Removals handled (or given up with the queue) so far. A walk checks that its position is
   * still under its root only when this moved: `contains` climbs the tree, once per block.
   */
  let removals = 0;
  /** The runs with mentions in reading order as last worked out; see `runsInReadingOrder`. */
  let ordered: TextRun[] = [];
  /**
   * False once a node may have moved since `ordered` was worked out: a node added that was
   * removed before (a move is a removal and an addition), or changes given up unread. A moved
   * block whose text is unchanged keeps its runs, so only a full sort puts them right.
   */
  let orderValid = true;
  const removedNodes = new WeakSet<Node>();
  /**
   * The tree as the last full sort saw it (see `sortInReadingOrder`); dropped at any node removed
   * or inserted anywhere but at the end of its parent (see `keepsReadingOrder`). While a static
   * page is read in idle slices, or a feed grows, each report sorts with what the reports before
   * it learnt.
   */
  let orderCache: ReadingOrderCache | null = null;
  /**
   * Where the text nodes the first walk's filter located start in the page's text (see
   * block-filter.ts): their reading order, known without asking the DOM. Good only while the
   * page's only walk is that one and nothing has changed, so dropped at a second walk or any
   * record: until then every run with mentions holds such a node, and a report orders runs by it
   * (see `runsInReadingOrder`).
   */
  let textOffsets: ReadonlyMap<Node, number> | null = null;
  let walksStarted = 0;
  /** Each reported mention's snippet, built once (see buildMentionReport). */
  const snippetCache = new WeakMap<Mention, string>();
  /** Mutation records received so far: a block filter's answer stands only if this held still. */
  let recordsReceived = 0;
  let firstPassDone = false;
  let firstPassJustDone = false;
  let initialWalks = 0;

  const observer = new MutationObserver((batch) => {
    // Only queue: the work happens in the next slice.
    queueRecords(batch);
    loop.kick();
  });

  function queueRecords(batch: MutationRecord[]) {
    if (batch.length === 0) return;
    recordsReceived += batch.length;
    textOffsets = null;
    // Queued is enough: the tree changed, whether or not the records were handled yet. A column
    // that only grows at its end keeps it (see keepsReadingOrder): a feed's reports then number
    // only what was appended, not the whole column again.
    if (orderCache && !batch.every(keepsReadingOrder)) orderCache = null;
    if (records.length - recordsHead + batch.length > MAX_QUEUED_RECORDS) {
      records = [];
      recordsHead = 0;
      removals++;
      orderValid = false;
      orderCache = null;
      const root = scanRoot();
      // One queued rescan covers every change until it starts.
      const queued = walks.some((walk) => walk.reconcile && !walk.position);
      if (root && !queued)
        startWalk(root, { onScreenFirst: false, reconcile: true, initial: false });
      return;
    }
    for (const record of batch) records.push(record);
  }

  /** What a full scan reads: the body, or the root element of a document without one. */
  function scanRoot(): Block | null {
    return document.body ?? document.documentElement;
  }

  function startWalk(
    root: Block,
    flags: Pick<Walk, 'onScreenFirst' | 'reconcile' | 'initial'> & { rematch?: Matcher | null },
    keyedPieces?: string[],
  ) {
    if (flags.initial) initialWalks++;
    if (walksStarted++ > 0) textOffsets = null;
    const received = recordsReceived;
    walks.push({
      root,
      position: null,
      visited: new WeakSet(),
      removalsSeen: removals,
      filter: createBlockFilter(
        root,
        flags.rematch ?? matcher,
        () => recordsReceived !== received,
        keyedPieces,
      ),
      candidates: null,
      ...flags,
      rematch: flags.rematch ?? null,
      direct: null,
    });
  }

  function observe(root: Node) {
    if (observedRoots.has(root)) return;
    observedRoots.add(root);
    observer.observe(root, OBSERVED);
  }

  // --- Work units -------------------------------------------------------------------------

  function handleRecord(record: MutationRecord) {
    const block = blockOf(record.target);
    if (block && !onlyBlocksBetweenBlocks(record)) dirty.add(block);
    if (record.type !== 'childList') return;
    for (const added of record.addedNodes) {
      if (removedNodes.has(added)) orderValid = false;
      // An added text node, or an inline element holding only text, belongs to the block above,
      // which is dirty already; anything that may hold blocks is walked.
      if (added.nodeType !== Node.ELEMENT_NODE) continue;
      const element = added as Element;
      if (!element.firstElementChild) {
        // A block holding only text (a feed's new post): read like a changed block. A walk of it
        // would find nothing more, and its set-up (filter, visited set) cost ~0.3 ms a frame on
        // bench:scan's feed, which appends 50 paragraphs a frame.
        if (isBlockElement(element)) {
          if (!element.shadowRoot) notePendingHost(element);
          dirty.add(element);
        }
      } else startWalk(element, { onScreenFirst: false, reconcile: false, initial: false });
    }
    if (record.removedNodes.length > 0) {
      for (const removed of record.removedNodes) removedNodes.add(removed);
      sweepNeeded = true;
      removals++;
    }
  }

  /**
   * True for a child-list change that cannot change its target block's own runs: only blocks
   * added or removed, between blocks (or at an end). A feed appending posts to a long column is
   * that: collecting the column again would step over every post it holds, on every append. The
   * added blocks are walked on their own and removed ones swept, as for any other change.
   * Anything else (text, inline elements, a block next to text, which splits or joins its runs)
   * collects the target again.
   */
  function onlyBlocksBetweenBlocks(record: MutationRecord): boolean {
    if (record.type !== 'childList') return false;
    const blockOrNothing = (node: Node | null) =>
      !node ||
      node.nodeType === Node.COMMENT_NODE ||
      (node.nodeType === Node.ELEMENT_NODE && isBlockElement(node as Element));
    const isBlock = (node: Node) =>
      node.nodeType === Node.ELEMENT_NODE && isBlockElement(node as Element);
    for (const node of record.removedNodes) if (!isBlock(node)) return false;
    for (const node of record.addedNodes) {
      if (!isBlock(node)) return false;
      // Where it is now (later records may have moved it): its neighbours must be blocks too.
      if (node.parentNode === record.target) {
        if (!blockOrNothing(node.previousSibling) || !blockOrNothing(node.nextSibling)) {
          return false;
        }
      }
    }
    // Where removed nodes were: the record's neighbours of the change.
    return blockOrNothing(record.previousSibling) && blockOrNothing(record.nextSibling);
  }

  /** Drops what was removed from the page: blocks no longer connected are collected (as empty). */
  function sweep() {
    sweepNeeded = false;
    for (const block of indexedBlocks.keys()) if (!block.isConnected) dirty.add(block);
  }

  function recollect(block: Block) {
    const readable = block.isConnected && !isInsideSkipped(block);
    if (!readable) {
      replaceRuns(block, [], false);
      return;
    }
    // A shadow root attached after its host was read makes no mutation record of its own; the
    // next change in or beside the host (its light children, the text around it) finds it here.
    if (block.nodeType === Node.ELEMENT_NODE) followNewShadowRoot(block as Element);
    replaceRuns(block, collectRuns(block, followNewShadowRoot), false);
  }

  /** Custom elements met without a shadow root (weakly held), for `recheckShadowHosts`. */
  let pendingHosts: WeakRef<Element>[] = [];
  const pendingSeen = new WeakSet<Element>();
  function notePendingHost(element: Element) {
    if (element.localName.includes('-')) rememberPendingHost(element);
  }
  function rememberPendingHost(element: Element) {
    if (pendingHosts.length >= MAX_PENDING_HOSTS || pendingSeen.has(element)) return;
    pendingSeen.add(element);
    pendingHosts.push(new WeakRef(element));
  }

  /** Observes and walks an open shadow root of `element` that the scanner does not follow yet. */
  function followNewShadowRoot(element: Element) {
    const shadow = element.shadowRoot;
    if (!shadow || observedRoots.has(shadow)) return;
    observe(shadow);
    startWalk(shadow, { onScreenFirst: false, reconcile: false, initial: false });
  }

  /**
   * Puts `fresh` in place of the block's runs, unchanged runs excepted; with `again` (the
   * matcher grew), unchanged runs are matched again, and redrawn only if their mentions changed.
   */
  function replaceRuns(block: Block, fresh: TextRun[], mayDefer: boolean, again = false) {
    const old = indexedBlocks.get(block);
    deferred.delete(block);
    if (old && sameRuns(old, fresh)) {
      if (again) matchAgain(block, old);
      return;
    }
    if (old) {
      for (const run of old) index.delete(run);
      indexedBlocks.delete(block);
    }
    if (fresh.length === 0) return;
    // Only defer text that has no highlights yet: drawn mentions stay correct meanwhile.
    if (mayDefer && !old && !fresh.some(isOnScreen)) {
      deferred.set(block, fresh);
      deferredQueue.push(block);
      return;
    }
    matchRuns(block, fresh);
  }

  /** Matches a block's runs again with what the matcher has grown to (see `rematch`). */
  function matchAgain(block: Block, runs: TextRun[]) {
    let kept = false;
    for (const run of runs) {
      index.setAgain(run, run.text);
      if (index.get(run)) kept = true;
    }
    if (!kept) indexedBlocks.delete(block);
  }

  function matchRuns(block: Block, runs: TextRun[]) {
    let kept = false;
    for (const run of runs) {
      index.set(run, run.text);
      if (index.get(run)) kept = true;
    }
    if (kept) indexedBlocks.set(block, runs);
  }

  /**
   * Visits a block: starts a walk of its shadow root, if any, and reads it unless the walk's
   * filter rules it out. Returns whether it read the block.
   */
  function visit(walk: Walk, block: Block): boolean {
    const shadow = block.nodeType === Node.ELEMENT_NODE ? (block as Element).shadowRoot : null;
    if (!shadow && block.nodeType === Node.ELEMENT_NODE) notePendingHost(block as Element);
    const candidate = !walk.candidates || walk.candidates.has(block);
    // Only blocks that cost something twice are remembered; skipping one again costs nothing.
    if (!shadow && !candidate) {
      // No alias anywhere in its text when the filter read the tree. If it was read since (or
      // before), it may have changed after the filter's snapshot: read it again to be sure.
      // (After a growth the filter looks for the new aliases only: the rest stays as it was.)
      if (
        !walk.rematch &&
        indexedBlocks.size > 0 &&
        (indexedBlocks.has(block) || deferred.has(block))
      ) {
        dirty.add(block);
      }
      return false;
    }
    if (walk.visited.has(block)) return false;
    walk.visited.add(block);
    // Each open shadow root is a tree of its own: observed and walked separately. Closed ones
    // cannot be seen, which is what their authors asked for.
    if (shadow) walkShadowRoot(shadow, walk);
    if (!candidate) {
      if (!walk.rematch && (indexedBlocks.has(block) || deferred.has(block))) dirty.add(block);
      return false;
    }
    // The walker never enters skipped subtrees and the root was checked, so the block is readable.
    replaceRuns(block, collectRuns(block), walk.onScreenFirst, walk.rematch !== null);
    return true;
  }

  /** Observes an open shadow root found by `walk` and walks it next, as part of the same pass. */
  function walkShadowRoot(shadow: ShadowRoot, walk: Walk) {
    observe(shadow);
    startWalk(shadow, {
      onScreenFirst: walk.onScreenFirst,
      reconcile: walk.reconcile,
      initial: walk.initial,
      rematch: walk.rematch,
    });
  }

  /**
   * Ends a walk whose root left the page or became unreadable before the walk was done. A root
   * that left took its blocks along, and the sweep after the removal drops them (removals are
   * handled before walks step); a root still on the page, now unreadable, needs its blocks
   * collected again (as empty).
   */
  function dropWalk(walk: Walk) {
    walks.shift();
    if (walk.root.isConnected) {
      for (const block of indexedBlocks.keys()) if (walk.root.contains(block)) dirty.add(block);
    }
    finishWalk(walk);
  }

  function stepWalk(walk: Walk) {
    if (!walk.position) {
      if (!walk.root.isConnected || isInsideSkipped(walk.root)) {
        // Added, then removed or made editable before we got to it: drop what it showed.
        dropWalk(walk);
        return;
      }
      if (walk.filter) {
        // First, which blocks can hold a mention at all: a step of that per unit.
        if (!walk.filter.step()) return;
        walk.candidates = walk.filter.blocks;
        if (walksStarted === 1 && recordsReceived === 0) textOffsets = walk.filter.offsets;
        walk.filter = null;
        // Nothing read yet: no block under the root needs reading again for want of a visit.
        if (walk.candidates && !walk.rematch && indexedBlocks.size === 0 && deferred.size === 0) {
          walk.direct = {
            candidates: walk.candidates.values(),
            candidatesDone: false,
            enterPosition: true,
            insideSkipped: insideSkippedChecker(walk.root.ownerDocument ?? document),
          };
        }
      }
      // Each walk (the body, a shadow root) starts at its own top, which may be on screen.
      belowInARow = 0;
      if (walk.root.nodeType !== Node.ELEMENT_NODE || isBlockElement(walk.root as Element)) {
        visit(walk, walk.root);
      }
      walk.position = walk.root;
      return;
    }
    // The page removed the node we stood on: start over (visited blocks are skipped). Records are
    // handled before walks step, so every removal made so far is counted in `removals`.
    if (walk.removalsSeen !== removals) {
      walk.removalsSeen = removals;
      // The whole root went (a page that rebuilds its body): the rest of the walk would read
      // removed text and draw on it after the sweep had cleaned up.
      if (!walk.root.isConnected) {
        dropWalk(walk);
        return;
      }
      if (!walk.root.contains(walk.position)) walk.position = walk.root;
    }
    if (walk.direct) {
      stepDirectWalk(walk, walk.direct, walk.position);
      return;
    }
    // One unit reads one block, or passes over up to SKIPS_PER_UNIT blocks the filter ruled out.
    for (let skips = 0; ; skips++) {
      if (skips === SKIPS_PER_UNIT) return;
      const next = nextBlock(walk.root, walk.position);
      if (!next) break;
      walk.position = next;
      if (visit(walk, next)) return;
    }
    endWalk(walk);
  }

  /**
   * One unit of a {@link DirectWalk}: reads the next candidate block that is still in the root
   * and readable (passing over up to SKIPS_PER_UNIT that are not), or, once all are read, a step
   * of the host search over HOST_SEARCH_ELEMENTS elements (or, where there is none, passes over
   * ELEMENTS_PER_UNIT elements from `position`), following the open shadow roots and noting the
   * custom elements that the block walk would have visited.
   */
  function stepDirectWalk(walk: Walk, direct: DirectWalk, position: Node) {
    const { root } = walk;
    if (!direct.candidatesDone) {
      for (let skips = 0; skips < SKIPS_PER_UNIT; skips++) {
        const next = direct.candidates.next();
        if (next.done) {
          direct.candidatesDone = true;
          return;
        }
        const block = next.value;
        // The root was visited as the walk started; a block the page has since moved out of the
        // root, or into an editable region, is not this walk's to read.
        if (block === root || !root.contains(block)) continue;
        if (direct.insideSkipped(block)) continue;
        if (visit(walk, block)) return;
      }
      return;
    }
    if (direct.search === undefined) {
      direct.search =
        root.nodeType === Node.ELEMENT_NODE
          ? createHostSearch(root as Element, {
              customElement: (element) => {
                if (pendingHosts.length < MAX_PENDING_HOSTS && !direct.insideSkipped(element)) {
                  rememberPendingHost(element);
                }
              },
            })
          : null;
    }
    if (direct.search) {
      const state = direct.search.step(HOST_SEARCH_ELEMENTS);
      if (state === 'more') return;
      if (state === 'done') {
        // Hosts inside a skipped subtree (a drawing, an editable region) are not read, as the
        // block walk does not go there.
        for (const host of direct.search.hosts) {
          const shadow = host.shadowRoot;
          if (shadow && !observedRoots.has(shadow) && !direct.insideSkipped(host)) {
            walkShadowRoot(shadow, walk);
          }
        }
        endWalk(walk);
        return;
      }
      // The browser refused a query: the pass below looks at every element from the root
      // (followed roots and noted elements are not taken twice).
      direct.search = null;
      walk.position = root;
      return;
    }
    // Back at the root after a removal: the pass starts over (followed roots and noted elements
    // are not taken twice).
    let enter = position === root || direct.enterPosition;
    let current = position;
    for (let passed = 0; passed < ELEMENTS_PER_UNIT; passed++) {
      const element = nextElementIn(root, current, enter);
      if (!element) {
        endWalk(walk);
        return;
      }
      current = element;
      const tagName = element.tagName;
      // Skipped by name: neither it nor anything in it is read (the block walk does not go in).
      enter = !isSkippedTag(tagName);
      if (!enter) continue;
      const shadow = element.shadowRoot;
      if (shadow) {
        if (!observedRoots.has(shadow) && !direct.insideSkipped(element)) {
          walkShadowRoot(shadow, walk);
        }
      } else if (
        pendingHosts.length < MAX_PENDING_HOSTS &&
        tagName.includes('-') &&
        !direct.insideSkipped(element)
      ) {
        rememberPendingHost(element);
      }
    }
    walk.position = current;
    direct.enterPosition = enter;
  }

  function endWalk(walk: Walk) {
    walks.shift();
    if (walk.reconcile) {
      for (const block of indexedBlocks.keys()) if (!walk.visited.has(block)) dirty.add(block);
    }
    finishWalk(walk);
  }

  function finishWalk(walk: Walk) {
    if (!walk.initial) return;
    initialWalks--;
    // The first pass covers the body and the shadow roots found in it.
    if (initialWalks === 0 && !firstPassDone) {
      firstPassDone = true;
      firstPassJustDone = true;
    }
  }

  function matchDeferred() {
    while (deferredHead < deferredQueue.length) {
      const block = deferredQueue[deferredHead++] as Block;
      const runs = deferred.get(block);
      // Collected again (or dropped) since it was queued: that took it out of `deferred`.
      if (!runs) continue;
      deferred.delete(block);
      if (block.isConnected) matchRuns(block, runs);
      break;
    }
    if (deferredHead === deferredQueue.length || deferred.size === 0) {
      deferredQueue = [];
      deferredHead = 0;
    }
  }

  // --- The loop ---------------------------------------------------------------------------

  function nextUrgency(): Urgency | null {
    const queued = records.length - recordsHead;
    if (queued > 0 || dirty.size > 0 || sweepNeeded || walks.length > 0) return 'soon';
    if (index.hasStale()) return 'soon';
    if (drawPending && undrawn.size > 0) return 'soon';
    return deferred.size > 0 ? 'idle' : null;
  }

  /** Runs whose mentions changed and are not drawn yet; see `afterSlice`. */
  const undrawn = new Set<TextRun>();
  /** True while a draw is under way that did not fit in one slice's drawing budget. */
  let drawPending = false;
  /** Whether units of work drew runs in this slice (see `step`). */
  let drewInSteps = false;

  /** Draws runs of `undrawn`, oldest first, until `enough(runs drawn so far)` says so. */
  function drawUndrawn(enough: (drawn: number) => boolean) {
    let drawn = 0;
    for (const run of undrawn) {
      undrawn.delete(run);
      redraw(run);
      if (enough(++drawn)) break;
    }
  }
  let lastDrawn = -Infinity;
  /** Whether a unit other than deferred matching ran since the last draw (it may be on screen). */
  let urgentSinceDraw = false;

  const loop = createSliceLoop(
    {
      next: nextUrgency,
      step() {
        if (nextUrgency() === 'soon') urgentSinceDraw = true;
        // Records the observer has not delivered yet describe changes made before this slice.
        queueRecords(observer.takeRecords());
        const record = records[recordsHead];
        if (record) {
          recordsHead++;
          if (recordsHead === records.length) {
            records = [];
            recordsHead = 0;
          }
          return handleRecord(record);
        }
        let block = dirtyReader.next();
        // A finished iterator stays finished: blocks added since need a new one.
        if (block.done && dirty.size > 0) {
          dirtyReader = dirty.values();
          block = dirtyReader.next();
        }
        if (!block.done) {
          dirty.delete(block.value);
          return recollect(block.value);
        }
        if (sweepNeeded) return sweep();
        const walk = walks[0];
        if (walk) return stepWalk(walk);
        // Runs whose ambiguous matches depend on evidence that changed, one per unit.
        if (index.hasStale()) return index.resolveNext();
        // Mentions found but not drawn yet, because there were too many to draw in one go.
        if (drawPending && undrawn.size > 0) {
          drawUndrawn((drawn) => drawn === DRAW_UNIT_RUNS);
          drewInSteps = true;
          return;
        }
        matchDeferred();
      },
      afterSlice() {
        for (const run of index.takeChanges()) undrawn.add(run);
        const firstPass = firstPassJustDone;
        firstPassJustDone = false;
        // While only deferred (off-screen) text is left, its idle slices draw and report at most
        // every DRAW_INTERVAL_MS: every change to a registered highlight repaints the page, and
        // the 5 MB article's idle pass otherwise drew in ~1,300 slices, each a repaint.
        const now = options.host.now();
        const draw =
          undrawn.size > 0 &&
          (drawPending ||
            urgentSinceDraw ||
            nextUrgency() !== 'idle' ||
            now - lastDrawn >= DRAW_INTERVAL_MS);
        if (draw) {
          lastDrawn = now;
          urgentSinceDraw = false;
          // Within a budget of its own: what an idle pass over 100,000 mentions found in 200 ms
          // took ~90 ms to draw at once. The rest is drawn by units of work in the next slices.
          const deadline = now + DRAW_BUDGET_MS;
          drawUndrawn(() => options.host.now() >= deadline);
          drawPending = undrawn.size > 0;
        }
        const drew = draw || drewInSteps;
        drewInSteps = false;
        if (drew) highlighter.flush();
        if (undrawn.size === 0) {
          urgentSinceDraw = false;
          drawPending = false;
        }
        if (drew || firstPass) options.onResults({ firstPass });
      },
    },
    options.host,
    { isPaused: options.isPaused, signal },
  );

  /**
   * The indexed run holding `node`, and the node's place in it. Found from the node's block when
   * asked (a hover), not kept per node: a map over every text node of every run with mentions held
   * ~10,000 entries on the 5 MB article, ~0.3 MB that stayed in the page's heap for its lifetime.
   */
  function runHolding(node: Node): { run: TextRun; nodeIndex: number } | undefined {
    const block = blockOf(node);
    for (const run of (block && indexedBlocks.get(block)) ?? []) {
      const nodeIndex = run.nodes.indexOf(node as Text);
      if (nodeIndex !== -1) return { run, nodeIndex };
    }
    return undefined;
  }

  function toPageMention(run: TextRun, mention: Mention): PageMention {
    orgNames ??= new Map(matcher.organisations.map((org) => [org.key, org.name]));
    const start = positionInRun(run, mention.start, false);
    const end = positionInRun(run, mention.end, true);
    return {
      orgKey: mention.orgKey,
      name: orgNames.get(mention.orgKey) ?? mention.aliasText,
      alias: mention.aliasText,
      reason: mention.reason,
      range: {
        startContainer: start.node,
        startOffset: start.offset,
        endContainer: end.node,
        endOffset: end.offset,
      },
      block: run.block,
    };
  }

  /**
   * `runs` ordered by where their text starts in the page's text (`offsets`), or null when a run
   * holds no node with an offset. A run is one stretch of text in tree order, so any one of its
   * nodes places it. On a static page read by one walk this orders every report with no DOM
   * call and next to no memory: on the 5 MB article, the reports' sorts allocated enough
   * (places for every node's ancestors, a wrapper for each) to start a full garbage collection
   * of the page's heap (~150 ms of marking) that the scan alone stays just short of.
   */
  function inTextOrder(
    runs: [TextRun, IndexedRun][],
    offsets: ReadonlyMap<Node, number>,
  ): [TextRun, IndexedRun][] | null {
    const keys = new Map<TextRun, number>();
    for (const [run] of runs) {
      let key: number | undefined;
      for (const node of run.nodes) {
        key = offsets.get(node);
        if (key !== undefined) break;
      }
      if (key === undefined) return null;
      keys.set(run, key);
    }
    return runs.sort((a, b) => (keys.get(a[0]) ?? 0) - (keys.get(b[0]) ?? 0));
  }

  /**
   * The runs with mentions, in reading order. Sorting them all for each report compared nodes
   * with `compareDocumentPosition`, which steps over siblings: in a feed's long column that cost
   * ~150 ms per 5 s of appending. So the last order is kept: runs that stay keep their places
   * (nodes already on the page keep their order unless moved, see `orderValid`), and new runs
   * are placed by binary search (one comparison when they come after the last, as appended
   * posts do). Many new runs are sorted with the rest in one pass (`sortInReadingOrder`).
   */
  function runsInReadingOrder(): [TextRun, IndexedRun][] {
    const current: [TextRun, IndexedRun][] = [];
    for (const pair of index.entries()) if (pair[1].mentions.length > 0) current.push(pair);
    const byOffsets = textOffsets && inTextOrder(current, textOffsets);
    if (byOffsets) {
      ordered = byOffsets.map(([run]) => run);
      orderValid = true;
      // Read to the end: `ordered` serves from now on, until the page changes.
      if (firstPassDone && deferred.size === 0 && walks.length === 0) textOffsets = null;
      return byOffsets;
    }
    const first = (run: TextRun) => run.nodes[0] as Node;
    const compare = (a: TextRun, b: TextRun) => compareReadingOrder(first(a), first(b));
    const entryOf = new Map(current);
    let order: TextRun[];
    const kept = orderValid ? ordered.filter((run) => entryOf.has(run)) : [];
    const known = new Set(kept);
    const added = current.map(([run]) => run).filter((run) => !known.has(run));
    if (added.length > FEW_NEW_RUNS) {
      orderCache ??= createReadingOrderCache();
      order = sortInReadingOrder([...kept, ...added], first, orderCache);
    } else {
      added.sort(compare);
      order = kept;
      for (const run of added) order.splice(insertionPoint(order, run, compare), 0, run);
    }
    ordered = order;
    orderValid = true;
    return order.map((run) => [run, entryOf.get(run) as IndexedRun]);
  }

  function redraw(run: TextRun) {
    const entry = index.get(run);
    const nameOf = options.highlightNameOf;
    if (!entry || !nameOf) {
      highlighter.erase(run);
      return;
    }
    // Watched for nearness to the viewport as one (see highlights.ts); a run straight under a
    // shadow root leaves it to the highlighter.
    const anchor = run.block.nodeType === Node.ELEMENT_NODE ? (run.block as Element) : undefined;
    const ranges: RangeToDraw[] = entry.mentions.map((mention) => {
      const start = positionInRun(run, mention.start, false);
      const end = positionInRun(run, mention.end, true);
      return {
        anchor,
        name: nameOf(mention.orgKey),
        init: {
          startContainer: start.node,
          startOffset: start.offset,
          endContainer: end.node,
          endOffset: end.offset,
        },
      };
    });
    highlighter.draw(run, ranges);
    if (ranges.length > 0 && options.onDrawInShadowRoot) {
      const root = run.block.getRootNode();
      if (root !== document && 'host' in root) options.onDrawInShadowRoot(root as ShadowRoot);
    }
  }

  signal.addEventListener('abort', () => {
    observer.disconnect();
    records = [];
    highlighter.clear();
  });

  return {
    start() {
      if (signal.aborted) return;
      observe(document);
      const root = scanRoot();
      if (root) {
        startWalk(
          root,
          { onScreenFirst: true, reconcile: false, initial: true },
          options.initialPieces,
        );
      } else {
        // A document without elements is done at once; its (empty) first results still go out.
        firstPassDone = true;
        queueMicrotask(() => options.onResults({ firstPass: true }));
      }
      loop.kick();
    },
    resume: () => loop.kick(),
    rematch(added) {
      if (signal.aborted) return;
      // Organisations may have come with the new aliases.
      orgNames = undefined;
      const root = scanRoot();
      if (root) {
        startWalk(root, { onScreenFirst: true, reconcile: false, initial: false, rematch: added });
      }
      loop.kick();
    },
    report() {
      return buildMentionReport(
        runsInReadingOrder().map(([, entry]) => entry),
        { snippetCache },
      );
    },
    mentionsAt(node, offset) {
      const at = runHolding(node);
      const entry = at && index.get(at.run);
      if (!at || !entry) return [];
      const position = (at.run.starts[at.nodeIndex] ?? 0) + offset;
      const { mentions } = entry;
      // Mentions do not overlap, so both starts and ends are sorted: find the first that ends at
      // or after the point, then take those that start at or before it.
      let low = 0;
      let high = mentions.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((mentions[mid]?.end ?? 0) < position) low = mid + 1;
        else high = mid;
      }
      const found: PageMention[] = [];
      for (let i = low; i < mentions.length; i++) {
        const mention = mentions[i] as Mention;
        if (mention.start > position) break;
        found.push(toPageMention(at.run, mention));
      }
      return found;
    },
    mentions() {
      return runsInReadingOrder().flatMap(([run, entry]) =>
        entry.mentions.map((mention) => toPageMention(run, mention)),
      );
    },
    get firstPassDone() {
      return firstPassDone;
    },
    recheckShadowHosts() {
      if (signal.aborted) return false;
      const waiting: WeakRef<Element>[] = [];
      let found = false;
      for (const ref of pendingHosts) {
        const element = ref.deref();
        if (!element?.isConnected) continue;
        if (element.shadowRoot) {
          followNewShadowRoot(element);
          found = true;
        } else waiting.push(ref);
      }
      pendingHosts = waiting;
      if (found) loop.kick();
      return waiting.length > 0;
    },
  };
}
