/**
 * Fakes for the content script's browser seams in happy-dom, which has neither the highlight
 * registry nor `StaticRange`: a registry that records what is registered, and ranges as plain
 * boundary points.
 */
import type {
  HighlightEnvironment,
  HighlightLike,
  NearnessChange,
} from '../../entrypoints/content/highlights';
import { CUSTOM_ELEMENTS_XPATH } from '../../entrypoints/content/host-search';
import { createTextPieces } from '../../entrypoints/content/text-pieces';
import { compareReadingOrder } from '../../entrypoints/content/text-runs';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { type Matcher, compileMatcher } from '../../utils/matching/matcher';
import type { SliceHost } from '../../utils/scanning/slices';

/** A fake highlight registry; `texts()` reads every registered range's text in order. */
export function fakeHighlights() {
  const registry = new Map<string, Set<AbstractRange>>();
  const environment: HighlightEnvironment = {
    registry: {
      set: (name, highlight) => registry.set(name, highlight as unknown as Set<AbstractRange>),
      delete: (name) => registry.delete(name),
    },
    createHighlight: () => new Set<AbstractRange>() as unknown as HighlightLike,
    createRange: (init) => ({ ...init, collapsed: false }) as unknown as AbstractRange,
  };
  /** Each drawn range as [registry name, text], in document order. */
  const drawn = (): [string, string][] => {
    const all: { name: string; range: AbstractRange }[] = [];
    for (const [name, ranges] of registry) for (const range of ranges) all.push({ name, range });
    return all
      .sort(({ range: x }, { range: y }) => {
        if (x.startContainer === y.startContainer) return x.startOffset - y.startOffset;
        return compareReadingOrder(x.startContainer, y.startContainer);
      })
      .map(({ name, range }) => {
        const live = document.createRange();
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
        return [name, live.toString()];
      });
  };
  return { registry, environment, drawn, texts: () => drawn().map(([, text]) => text) };
}

/** A slice host with no waiting and a clock that never moves: every queue drains in one go. */
export const immediateHost: SliceHost = {
  now: () => 0,
  wait: async () => 8,
};

/**
 * A slice host whose clock moves 5 ms at every read and whose waits end in a new task: a slice
 * runs only a unit or two, and the page (the test) may change between slices, as a busy page does.
 */
export function steppingHost(): SliceHost {
  let clock = 0;
  return {
    now: () => (clock += 5),
    wait: () => new Promise((resolve) => setTimeout(() => resolve(8), 0)),
  };
}

/** Lets tasks run one at a time until `done()` holds, or `limit` tasks have run. */
export async function tasksUntil(done: () => boolean, limit = 5_000): Promise<void> {
  for (let i = 0; i < limit && !done(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** Lets observers, promises and timers run for `tasks` tasks: until the scanner has caught up. */
export async function settle(tasks = 10): Promise<void> {
  for (let i = 0; i < tasks; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Replaces the test document's body with `html`, parsed by DOMParser: test tables build their
 * markup from parameters, which the lint rule against HTML injection (rightly) refuses for
 * `innerHTML`; fixtures here are the test's own strings.
 */
export function setBody(html: string): void {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  document.body.replaceChildren(...parsed.body.childNodes);
}

/** A matcher over the bundled pack's organisations, keyed `packId/orgId` as the archive keys them. */
export function bundledMatcher(): Matcher {
  return compileMatcher(
    bundled.organisations.map((org) => ({
      key: `${bundled.pack.id}/${org.id}`,
      name: org.name,
      aliases: org.aliases,
    })),
  );
}

/**
 * A fake nearness observer (what an IntersectionObserver reports): `report(element, near)`
 * delivers a change the way the browser would, asynchronously in real life, at once here.
 * `observed` is what is watched now; `created` counts observers made.
 */
export function fakeNearness() {
  const observed = new Set<Element>();
  let deliver: ((changes: readonly NearnessChange[]) => void) | null = null;
  const state = { created: 0, disconnected: 0 };
  const createNearnessObserver: NonNullable<HighlightEnvironment['createNearnessObserver']> = (
    onChange,
  ) => {
    state.created++;
    deliver = onChange;
    return {
      observe: (element) => observed.add(element),
      unobserve: (element) => observed.delete(element),
      disconnect() {
        state.disconnected++;
        observed.clear();
        deliver = null;
      },
    };
  };
  return {
    createNearnessObserver,
    observed,
    state,
    /** Delivers changes as one batch, as one IntersectionObserver callback would. */
    report(...changes: [Element, boolean][]) {
      deliver?.(changes.map(([element, near]) => ({ element, near })));
    },
  };
}

/**
 * A small linear congruential generator: `next(n)` gives 0 … n-1, the same sequence for the same
 * seed, so a property test's tree is reproducible from the seed fast-check reports.
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 48_271) % 2_147_483_647;
    return state % n;
  };
}

/**
 * Grows a random tree under `parent` from `random` (see {@link seededRandom}): wrapper chains,
 * nested blocks and inline elements, empty elements, comments naming an alias, and text nodes
 * drawn from `words` (which may be empty, or split names across nodes).
 */
export function growRandomTree(parent: Element, random: (n: number) => number, words: string[]) {
  const tags = ['div', 'p', 'span', 'em', 'section', 'b'];
  const grow = (node: Node, depth: number) => {
    const count = random(5);
    for (let i = 0; i < count; i++) {
      const kind = random(10);
      if (kind < 4 || depth > 5) {
        node.appendChild(document.createTextNode(words[random(words.length)] ?? ''));
      } else if (kind === 4) {
        node.appendChild(document.createComment('MEK in a comment'));
      } else {
        const element = document.createElement(tags[random(tags.length)] ?? 'div');
        node.appendChild(element);
        grow(element, depth + 1);
      }
    }
  };
  for (let chain = parent, i = random(4); i > 0; i--) {
    chain = chain.appendChild(document.createElement('div'));
    grow(chain, 1);
  }
  grow(parent, 1);
}

/** Reads `root`'s text `perStep` elements a piece; returns the pieces and the text. */
export function readTextPieces(root: Element | DocumentFragment, perStep: number) {
  const next = createTextPieces(root, perStep);
  const pieces: string[] = [];
  for (let piece = next(); piece !== null; piece = next()) pieces.push(piece);
  if (next() !== null) throw new Error('a piece after the last');
  return { pieces, text: pieces.join('') };
}

/**
 * Gives the test document the one XPath query the content script makes (host-search.ts: the
 * elements whose name has a hyphen), answered as a browser answers it: a snapshot in document
 * order that does not change with the page. happy-dom has no XPath; without this the scanner
 * passes over every element instead. Any other query throws. Returns the undo.
 */
export function installCustomElementXPath(): () => void {
  const createExpression = (expression: string) => {
    if (expression !== CUSTOM_ELEMENTS_XPATH)
      throw new Error(`unexpected XPath query: ${expression}`);
    return {
      evaluate(contextNode: Node, type: number) {
        if (type !== 7) throw new Error(`unexpected XPath result type: ${type}`);
        const found: Node[] = [];
        const walker = document.createTreeWalker(contextNode, NodeFilter.SHOW_ELEMENT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if ((node as Element).localName.includes('-')) found.push(node);
        }
        return {
          snapshotLength: found.length,
          snapshotItem: (index: number) => found[index] ?? null,
        } as unknown as XPathResult;
      },
    } as XPathExpression;
  };
  Object.defineProperty(document, 'createExpression', {
    value: createExpression,
    configurable: true,
  });
  return () => {
    delete (document as { createExpression?: unknown }).createExpression;
  };
}
