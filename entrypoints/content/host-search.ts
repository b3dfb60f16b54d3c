/**
 * Finding a tree's shadow hosts and custom elements without visiting every element.
 *
 * A first read goes straight to the blocks the block filter names (see block-filter.ts), but open
 * shadow roots can hang under any element, including those it never reads. Visiting every element
 * to ask for its `shadowRoot` costs a JavaScript wrapper per element (80,401 on bench:scan's 5 MB
 * article), most of that walk's time, and in Firefox, where a content script sees the page through
 * Xray wrappers, each property read costs more again. Yet only a few kinds of element can have a
 * shadow root at all (DOM's `attachShadow`): custom elements (a hyphen in the name) and 17 named
 * ones. So the search asks the browser for just those, natively: a `querySelectorAll` of the 17
 * tag names and an XPath query for the elements with a hyphen in their name, defined or not. Only
 * the elements these name get a wrapper (12,790 of the article's 80,401).
 *
 * One query over the whole tree is one task, and its time grows with the page (~30 ms on the 5 MB
 * article, 100–150 ms on a 20 MB one, in Chromium on 2 cores). So the search goes through the
 * tree a budget of elements at a time: the root's live list of elements in tree order
 * (`getElementsByTagName('*')`, indexed natively) names the element a budget on, and the step
 * queries each whole subtree before it (the ancestors of that element are looked at one by one,
 * as the step goes down to it). Elements the page adds later are the mutation observer's to read;
 * changes between steps move the list, and each step still starts where the last one ended (or,
 * if the page took that element out, starts over, at most twice). Hosts found are handed over
 * once the search is done, in document order, those the page has removed left out; custom
 * elements without a root as they are met.
 *
 * Measured on the article (isolated worlds, fresh page loads, medians of 5): Chromium 156, every
 * element 70–86 ms, the two queries over the whole tree 37 ms (a step at a time, the queries
 * over each subtree: 39 ms in all); Firefox 153 in a sandbox like a content script's, every
 * element 256 ms, the two queries over the whole tree 41 ms.
 */

/**
 * Tag names of the elements other than custom elements that may have a shadow root (DOM's
 * "valid shadow host names").
 */
export const SHADOW_HOST_TAGS: readonly string[] = [
  'article',
  'aside',
  'blockquote',
  'div',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'main',
  'nav',
  'p',
  'section',
  'span',
];

/** Selects the elements {@link SHADOW_HOST_TAGS} names. */
const SHADOW_HOST_SELECTOR = SHADOW_HOST_TAGS.join(',');

/** The elements under the context node whose name has a hyphen: custom elements, defined or not. */
export const CUSTOM_ELEMENTS_XPATH = './/*[contains(local-name(), "-")]';

/** `XPathResult.ORDERED_NODE_SNAPSHOT_TYPE`, as a constant: no global read. */
const ORDERED_NODE_SNAPSHOT_TYPE = 7;

/** What the search does with what it finds. */
export interface HostSearchSink {
  /** A custom element without a shadow root (it may get one when its definition loads). */
  customElement(element: Element): void;
}

/** See the module comment. */
export interface HostSearch {
  /**
   * Looks at the next `budget` elements of the tree (in tree order). `'more'`: call again;
   * `'done'`: `hosts` is complete; `'failed'`: the browser refused a query (not expected of one),
   * or the page kept removing the search's place, so the search cannot finish.
   */
  step(budget: number): 'more' | 'done' | 'failed';
  /** The elements found with a shadow root; in document order once the search is done. */
  readonly hosts: readonly Element[];
}

/** Elements one step of the search covers (~1–2 ms on the 5 MB article in Chromium). */
export const HOST_SEARCH_ELEMENTS = 2_048;

/** Times the search starts over after the page took its place out of the tree, at most. */
const MAX_RESTARTS = 2;

/** `Node.DOCUMENT_POSITION_FOLLOWING`, as a constant: no global read. */
const DOCUMENT_POSITION_FOLLOWING = 4;

/**
 * A search under `root`, or null where the document cannot answer the queries (no XPath, as in
 * some test DOMs): the caller then walks the tree element by element.
 */
export function createHostSearch(root: Element, sink: HostSearchSink): HostSearch | null {
  const document = root.ownerDocument;
  if (typeof document.createExpression !== 'function') return null;
  /** The root's elements in tree order, a live list the browser indexes natively. */
  const elements = root.getElementsByTagName('*');
  let customsQuery: XPathExpression | undefined;
  let customs: XPathResult | undefined;
  /** The first element the next step covers (undefined: not started; null: none left). */
  let start: Element | null | undefined;
  /** Its index in `elements`, as of the last step. */
  let index = 0;
  let restarts = 0;
  const found = new Set<Element>();
  let hosts: Element[] = [];

  /** Notes `element` itself: a host, or a custom element without a root. */
  function take(element: Element) {
    if (element.shadowRoot) found.add(element);
    else if (element.localName.includes('-')) sink.customElement(element);
  }

  /** Notes every element under `element` that may have a root: two native queries. */
  function query(element: Element) {
    const named = element.querySelectorAll(SHADOW_HOST_SELECTOR);
    for (let i = 0, length = named.length; i < length; i++) {
      const candidate = named[i] as Element;
      if (candidate.shadowRoot) found.add(candidate);
    }
    customsQuery ??= document.createExpression(CUSTOM_ELEMENTS_XPATH);
    customs = customsQuery.evaluate(element, ORDERED_NODE_SNAPSHOT_TYPE, customs);
    for (let i = 0, length = customs.snapshotLength; i < length; i++) {
      take(customs.snapshotItem(i) as Element);
    }
  }

  /** The first element after `element`'s subtree within the root, in tree order. */
  function after(element: Element): Element | null {
    for (let current: Element | null = element; current && current !== root;) {
      const sibling = current.nextElementSibling;
      if (sibling) return sibling;
      current = current.parentElement;
    }
    return null;
  }

  /**
   * Notes every element from `from` up to `end` (all the rest when null), in tree order: whole
   * subtrees that end before `end` by querying them, the ancestors of `end` one by one.
   */
  function cover(from: Element, end: Element | null) {
    let element: Element | null = from;
    while (element && element !== end) {
      take(element);
      if (end && element.contains(end)) {
        element = element.firstElementChild;
        continue;
      }
      if (element.firstElementChild) query(element);
      element = after(element);
    }
  }

  function finish(): 'done' {
    // Hosts the page has since taken out of the tree are left out: they have no place in its
    // order, and their roots are not on the page.
    hosts = [...found].filter((host) => root.contains(host));
    if (hosts.length > 1) hosts.sort(compareDocumentOrder);
    return 'done';
  }

  return {
    step(budget) {
      if (start === undefined) start = elements[0] ?? null;
      else if (start && !root.contains(start)) {
        // The page took the element we were to start from out of the tree: start over (what was
        // found stays found, and is not taken twice).
        if (++restarts > MAX_RESTARTS) return 'failed';
        index = 0;
        start = elements[0] ?? null;
      }
      if (!start) return finish();
      // The element `budget` places on ends this step. Elements the page has added before the
      // start since the last step move the list: the end must come after the start.
      let endIndex = index + budget;
      let end = elements[endIndex] ?? null;
      while (end && !(start.compareDocumentPosition(end) & DOCUMENT_POSITION_FOLLOWING)) {
        endIndex += budget;
        end = elements[endIndex] ?? null;
      }
      try {
        cover(start, end);
      } catch {
        return 'failed';
      }
      start = end;
      index = endIndex;
      return end ? 'more' : finish();
    },
    get hosts() {
      return hosts;
    },
  };
}

/** Sorts nodes of one tree in document order. */
function compareDocumentOrder(a: Node, b: Node): number {
  return a.compareDocumentPosition(b) & DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}
