/**
 * Finding a tree's shadow hosts and custom elements without visiting every element.
 *
 * A first read goes straight to the blocks the block filter names (see block-filter.ts), but open
 * shadow roots can hang under any element, including those it never reads. Visiting every element
 * to ask for its `shadowRoot` costs a JavaScript wrapper per element (80,401 on bench:scan's 5 MB
 * article), most of that walk's time, and in Firefox, where a content script sees the page through
 * Xray wrappers, each property read costs more again. Yet only a few kinds of element can have a
 * shadow root at all (DOM's `attachShadow`): custom elements (a hyphen in the name) and 17 named
 * ones. So the search asks the browser for just those, natively:
 * 1. one `querySelectorAll` of the 17 tag names;
 * 2. one XPath query for the elements with a hyphen in their name, defined or not.
 * Only the elements these name get a wrapper (12,790 of the article's 80,401), read a budget at a
 * time. Both answers are snapshots: an element the page adds later is the mutation observer's to
 * read, and one it removes is still in them (hosts are checked once more at the end; a custom
 * element without a root is dropped when next looked at). Hosts found are handed over once the
 * search is done, in document order; custom elements without a root as they are met.
 *
 * Measured on the article (isolated worlds, fresh page loads, medians of 5): Chromium 156, every
 * element 70–86 ms, the search 37 ms; Firefox 153 in a sandbox like a content script's, every
 * element 256 ms, the search 41 ms.
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
   * Looks at up to `budget` elements (each query counts as a whole budget). `'more'`: call
   * again; `'done'`: `hosts` is complete; `'failed'`: the browser refused a query (not expected
   * of one), so the search cannot finish.
   */
  step(budget: number): 'more' | 'done' | 'failed';
  /** The elements found with a shadow root; in document order once the search is done. */
  readonly hosts: readonly Element[];
}

/** The part of an XPath snapshot the search reads. */
interface NodeSnapshot {
  readonly snapshotLength: number;
  snapshotItem(index: number): Node | null;
}

/**
 * A search under `root`, or null where the document cannot answer the queries (no XPath, as in
 * some test DOMs): the caller then walks the tree element by element.
 */
export function createHostSearch(root: Element, sink: HostSearchSink): HostSearch | null {
  const document = root.ownerDocument;
  if (typeof document.evaluate !== 'function') return null;
  const hosts: Element[] = [];
  let named: NodeListOf<Element> | null = null;
  let next = 0;
  let customs: NodeSnapshot | null = null;
  let custom = 0;

  return {
    step(budget) {
      if (!named) {
        named = root.querySelectorAll(SHADOW_HOST_SELECTOR);
        return 'more';
      }
      let left = budget;
      for (const length = named.length; left > 0 && next < length; left--) {
        const element = named[next++] as Element;
        if (element.shadowRoot) hosts.push(element);
      }
      if (left === 0) return 'more';
      if (!customs) {
        try {
          customs = document.evaluate(
            CUSTOM_ELEMENTS_XPATH,
            root,
            null,
            ORDERED_NODE_SNAPSHOT_TYPE,
            null,
          );
        } catch {
          return 'failed';
        }
        return 'more';
      }
      for (const length = customs.snapshotLength; left > 0 && custom < length; left--) {
        const element = customs.snapshotItem(custom++) as Element;
        if (element.shadowRoot) hosts.push(element);
        else sink.customElement(element);
      }
      if (left === 0) return 'more';
      // Hosts the page has since taken out of the tree are left out: they have no place in its
      // order, and their roots are not on the page.
      let kept = 0;
      for (const host of hosts) if (root.contains(host)) hosts[kept++] = host;
      hosts.length = kept;
      if (kept > 1) hosts.sort(compareDocumentOrder);
      return 'done';
    },
    hosts,
  };
}

/** Sorts nodes of one tree in document order. */
function compareDocumentOrder(a: Node, b: Node): number {
  // DOCUMENT_POSITION_FOLLOWING: b comes after a.
  return a.compareDocumentPosition(b) & 4 ? -1 : 1;
}
