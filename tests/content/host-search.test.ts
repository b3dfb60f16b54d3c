// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type HostSearch,
  SHADOW_HOST_TAGS,
  createHostSearch,
} from '../../entrypoints/content/host-search';
import { installCustomElementXPath, setBody } from './fakes';

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

  it('looks at no more elements a step than its budget', () => {
    setBody(Array.from({ length: 10 }, (_, i) => `<div id="d${i}"></div>`).join(''));
    attach('d9');
    const shadowRoot = vi.spyOn(Element.prototype, 'shadowRoot', 'get');
    const search = createHostSearch(document.body, {
      customElement: () => undefined,
    }) as HostSearch;
    // The query for the named tags is a step of its own, then four elements a step.
    expect(search.step(4)).toBe('more');
    expect(shadowRoot).toHaveBeenCalledTimes(0);
    expect(search.step(4)).toBe('more');
    expect(shadowRoot).toHaveBeenCalledTimes(4);
    expect(search.step(4)).toBe('more');
    expect(shadowRoot).toHaveBeenCalledTimes(8);
    // The last two divs and the query for custom elements (which ends a step), then those.
    expect(runSearch(search, 4)).toEqual({ state: 'done', steps: 2 });
    expect(shadowRoot).toHaveBeenCalledTimes(10);
    expect(search.hosts.map((host) => host.id)).toEqual(['d9']);
  });

  it('answers from what the page held when it asked: later changes are left to the observer', () => {
    setBody(
      `${Array.from({ length: 10 }, (_, i) => `<p id="p${i}"></p>`).join('')}<x-a id="a"></x-a>`,
    );
    for (const id of ['p2', 'p8', 'a']) attach(id);
    const customs: Element[] = [];
    const search = createHostSearch(document.body, {
      customElement: (element) => customs.push(element),
    }) as HostSearch;
    expect(search.step(3)).toBe('more');
    expect(search.step(3)).toBe('more');
    // Among the paragraphs: the page removes one already looked at and one ahead, and adds one.
    document.getElementById('p1')?.remove();
    const removedAhead = document.getElementById('p8');
    removedAhead?.remove();
    const added = document.createElement('p');
    added.attachShadow({ mode: 'open' });
    document.body.prepend(added);
    document.body.append(document.createElement('x-b'));
    expect(runSearch(search, 3).state).toBe('done');
    // Nothing passed over, nothing the page removed or added to the paragraphs since; the custom
    // elements were asked for after the change.
    expect(removedAhead?.isConnected).toBe(false);
    expect(search.hosts).toEqual([document.getElementById('p2'), document.getElementById('a')]);
    expect(customs.map((element) => element.localName)).toEqual(['x-b']);
  });

  it('is not made where the document has no XPath', () => {
    uninstall();
    expect(createHostSearch(document.body, { customElement: () => undefined })).toBeNull();
    uninstall = installCustomElementXPath();
  });
});
