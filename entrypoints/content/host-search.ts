/**
 * Finding a tree's shadow hosts and custom elements without visiting every element.
 *
 * A first read goes straight to the blocks the block filter names (see block-filter.ts), but open
 * shadow roots can hang under any element, including those it never reads. Visiting every element
 * to ask for its `shadowRoot` costs a JavaScript wrapper per element (80,401 on bench:scan's 5 MB
 * article), most of that walk's time. Yet only a few kinds of element can have a shadow root at
 * all (DOM's `attachShadow`): custom elements (a hyphen in the name) and 17 named ones. So the
 * search asks the browser for just those, natively:
 * 1. `getElementsByTagName` for each tag that may host a root (live lists, read a budget at a
 *    time; the browser walks the tree without making wrappers);
 * 2. one XPath query for the elements with a hyphen in their name, defined or not.
 * Only the elements these name get a wrapper: 12,790 of the article's 80,401.
 *
 * The lists are live, so the page may change them between steps. A step first checks that the
 * element before its place is still there; if not (the page removed or added elements before it),
 * the search answers `'lost'` rather than risk passing over a host, and the caller walks the tree
 * element by element instead. Hosts found are handed over once the search is done, in document
 * order; custom elements without a root as they are met.
 */

/**
 * Tag names of the elements other than custom elements that may have a shadow root (DOM's
 * "valid shadow host names"), lower case as `getElementsByTagName` matches HTML elements.
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
   * Looks at up to `budget` elements (the XPath query counts as a whole budget). `'more'`: call
   * again; `'done'`: `hosts` is complete; `'lost'`: the page changed a list before the search's
   * place, so what it found is incomplete.
   */
  step(budget: number): 'more' | 'done' | 'lost';
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
  let list = 0;
  let current: HTMLCollectionOf<Element> | null = null;
  let item = 0;
  /** The element at `item - 1` when the last step ended. */
  let last: Element | null = null;
  let customs: NodeSnapshot | null = null;
  let custom = 0;

  return {
    step(budget) {
      let left = budget;
      while (list < SHADOW_HOST_TAGS.length) {
        current ??= root.getElementsByTagName(SHADOW_HOST_TAGS[list] as string);
        if (item > 0 && current[item - 1] !== last) return 'lost';
        for (; left > 0; left--) {
          const element = current[item];
          if (!element) break;
          item++;
          if (element.shadowRoot) hosts.push(element);
        }
        if (left === 0) {
          last = current[item - 1] ?? null;
          return 'more';
        }
        list++;
        current = null;
        item = 0;
      }
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
          // Not expected of a browser; without the answer the search cannot finish.
          return 'lost';
        }
        return 'more';
      }
      // A snapshot does not change with the page: one the page removed since is still in it (a
      // walk of its root ends at once; a recheck of elements without one drops it).
      const length = customs.snapshotLength;
      for (; left > 0 && custom < length; left--) {
        const element = customs.snapshotItem(custom++) as Element;
        if (element.shadowRoot) hosts.push(element);
        else sink.customElement(element);
      }
      if (custom < length) return 'more';
      if (hosts.length > 1) hosts.sort(compareDocumentOrder);
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
