// @vitest-environment happy-dom
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type HostSearch,
  SHADOW_HOST_TAGS,
  createHostSearch,
} from '../../entrypoints/content/host-search';
import { installCustomElementXPath, seededRandom, setBody } from './fakes';

/** Attaches an open root to the element with `id`. */
const attach = (id: string) =>
  (document.getElementById(id) as HTMLElement).attachShadow({ mode: 'open' });

/** Steps `search` with `budget` until it ends; returns the last answer and the steps taken. */
function runSearch(search: HostSearch, budget = 512) {
  for (let steps = 1; ; steps++) {
    const state = search.step(budget);
    if (state !== 'more') return { state, steps };
  }
}

describe('host search', () => {
  let uninstall: () => void;
  beforeEach(() => {
    uninstall = installCustomElementXPath();
  });
  afterEach(() => uninstall());

  it('finds every element that may have a root and has one, in document order', () => {
    // One host of each tag a shadow root may hang on, in the reverse of the search's tag order,
    // plus custom elements: two with a root, one without, one in an SVG drawing.
    const tags = [...SHADOW_HOST_TAGS].reverse();
    setBody(`
      <section><p>Prose <em>with</em> <a href="#x">a link</a>.</p></section>
      ${tags.map((tag) => `<${tag} id="h-${tag}"></${tag}>`).join('')}
      <x-card id="card"></x-card>
      <ul><li><b><x-late id="late"></x-late></b></li></ul>
      <div><div><x-deep id="deep"></x-deep></div></div>
      <svg><x-drawn></x-drawn></svg>`);
    for (const tag of tags) attach(`h-${tag}`);
    attach('card');
    attach('deep');
    const customs: string[] = [];
    const search = createHostSearch(document.body, {
      customElement: (element) => customs.push(element.localName),
    }) as HostSearch;
    expect(runSearch(search).state).toBe('done');
    expect(search.hosts.map((host) => host.id)).toEqual([
      ...tags.map((tag) => `h-${tag}`),
      'card',
      'deep',
    ]);
    // Without a root (yet): reported as met, those in a drawing too (the caller decides).
    expect(customs).toEqual(['x-late', 'x-drawn']);
  });

  it('looks at the root’s descendants only, not the root or the trees of its hosts', () => {
    setBody('<div id="outer"><div id="inner"></div></div>');
    attach('outer');
    const nested = document.createElement('div');
    attach('inner').append(nested);
    nested.attachShadow({ mode: 'open' });
    const search = createHostSearch(document.getElementById('outer') as Element, {
      customElement: () => undefined,
    }) as HostSearch;
    runSearch(search);
    expect(search.hosts.map((host) => host.id)).toEqual(['inner']);
  });

  it('goes through the tree a budget of elements a step, whatever its shape', () => {
    // Random trees: wrapper chains, wide levels, leaves; hosts of named tags and custom elements
    // anywhere, custom elements without a root, and elements that cannot host a root.
    const tags = ['div', 'p', 'span', 'section', 'ul', 'li', 'em', 'x-a', 'x-b', 'table'];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_147_483_646 }), (seed) => {
        const random = seededRandom(seed);
        document.body.replaceChildren();
        const grow = (parent: Element, depth: number) => {
          const count = depth === 0 ? 1 + random(6) : random(depth > 4 ? 2 : 5);
          for (let i = 0; i < count; i++) {
            const element = document.createElement(tags[random(tags.length)] ?? 'div');
            parent.append(element, ' text ');
            grow(element, depth + 1);
            const mayHost =
              SHADOW_HOST_TAGS.includes(element.localName) || element.localName.includes('-');
            if (mayHost && random(4) === 0) {
              element.attachShadow({ mode: 'open' });
            }
          }
        };
        grow(document.body, 0);
        const all = [...document.body.getElementsByTagName('*')];
        const budget = 1 + random(12);
        const customs: Element[] = [];
        const search = createHostSearch(document.body, {
          customElement: (element) => customs.push(element),
        }) as HostSearch;
        const { state, steps } = runSearch(search, budget);
        expect(state).toBe('done');
        // A step per budget of elements.
        expect(steps).toBe(Math.ceil(all.length / budget));
        expect(search.hosts).toEqual(all.filter((element) => element.shadowRoot));
        expect(customs).toEqual(
          all.filter((element) => element.localName.includes('-') && !element.shadowRoot),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("queries whole subtrees before the step's end, and looks at its ancestors one by one", () => {
    setBody(`<main id="main"><article id="article">
      <section id="s1"><p id="p1"><em id="e1"></em></p></section>
      <section id="s2"><p id="p2"><em id="e2"></em></p></section></article></main>`);
    const query = vi.spyOn(Element.prototype, 'querySelectorAll');
    const queried = () => query.mock.contexts.map((element) => (element as Element).id);
    const search = createHostSearch(document.body, {
      customElement: () => undefined,
    }) as HostSearch;
    // Elements in tree order: main, article, s1, p1, e1, s2, p2, e2. Five a step: the first ends
    // before s2 (main and article looked at on the way down, s1 queried whole), the second
    // covers s2 whole.
    expect(search.step(5)).toBe('more');
    expect(queried()).toEqual(['s1']);
    expect(search.step(5)).toBe('done');
    expect(queried()).toEqual(['s1', 's2']);
  });

  it('starts each step where the last ended, whatever the page changed in between', () => {
    setBody(
      `${Array.from({ length: 10 }, (_, i) => `<p id="p${i}"><b></b></p>`).join('')}<x-a id="a"></x-a>`,
    );
    for (const id of ['p2', 'p8', 'a']) attach(id);
    const customs: Element[] = [];
    const search = createHostSearch(document.body, {
      customElement: (element) => customs.push(element),
    }) as HostSearch;
    expect(search.step(4)).toBe('more');
    expect(search.step(4)).toBe('more');
    // Looked at: p0–p3. The page removes one already looked at and one ahead, adds a host before
    // (the observer's to read) and a custom element at the end (this search's, as it is ahead).
    document.getElementById('p1')?.remove();
    const removedAhead = document.getElementById('p8');
    removedAhead?.remove();
    const added = document.createElement('p');
    added.attachShadow({ mode: 'open' });
    document.body.prepend(added, document.createElement('p'), document.createElement('p'));
    document.body.append(document.createElement('x-b'));
    expect(runSearch(search, 4).state).toBe('done');
    expect(removedAhead?.isConnected).toBe(false);
    expect(search.hosts).toEqual([document.getElementById('p2'), document.getElementById('a')]);
    expect(customs.map((element) => element.localName)).toEqual(['x-b']);
  });

  it('starts over when the page took its place out, and gives up after twice', () => {
    setBody(Array.from({ length: 12 }, (_, i) => `<div id="d${i}"></div>`).join(''));
    attach('d1');
    attach('d10');
    const search = createHostSearch(document.body, {
      customElement: () => undefined,
    }) as HostSearch;
    expect(search.step(3)).toBe('more');
    // The next step was to start at d3.
    document.getElementById('d3')?.remove();
    expect(runSearch(search, 3).state).toBe('done');
    // Found once each, though d1 was looked at twice.
    expect(search.hosts.map((host) => host.id)).toEqual(['d1', 'd10']);

    const stubborn = createHostSearch(document.body, {
      customElement: () => undefined,
    }) as HostSearch;
    const states: string[] = [];
    for (let i = 0; i < 3; i++) {
      states.push(stubborn.step(2));
      // Removes the element the next step starts at (the third element of the body).
      document.body.children[2]?.remove();
    }
    states.push(stubborn.step(2));
    expect(states).toEqual(['more', 'more', 'more', 'failed']);
  });

  it('is not made where the document has no XPath', () => {
    uninstall();
    expect(createHostSearch(document.body, { customElement: () => undefined })).toBeNull();
    uninstall = installCustomElementXPath();
  });
});
