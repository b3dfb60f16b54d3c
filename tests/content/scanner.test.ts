// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHighlighter } from '../../entrypoints/content/highlights';
import { type PageScannerOptions, createPageScanner } from '../../entrypoints/content/scanner';
import type { TextRun } from '../../entrypoints/content/text-runs';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import {
  type PartialOrganisation,
  createKeyedSource,
  expandOrganisations,
} from '../../utils/matching/keyed-source';
import { keyIndexFromData, keyWindow } from '../../utils/matching/keys';
import { compileMatcher, extendMatcherInSlices } from '../../utils/matching/matcher';
import {
  fakeHighlights,
  immediateHost,
  installCustomElementXPath,
  setBody,
  settle,
  steppingHost,
  tasksUntil,
  bundledMatcher,
} from './fakes';

const matcher = bundledMatcher();

let controller: AbortController;
beforeEach(() => {
  document.body.innerHTML = '';
  controller = new AbortController();
});
afterEach(() => controller.abort());

/** A scanner over the test document with fake highlights; `results` logs each onResults. */
function scan(overrides: Partial<PageScannerOptions> = {}) {
  const highlights = fakeHighlights();
  const results: { firstPass: boolean; texts: string[] }[] = [];
  const scanner = createPageScanner({
    document,
    matcher,
    highlightNameOf: (orgKey) => (orgKey.endsWith('/mko') ? 'backstory-bg-6' : 'backstory-bg-3'),
    highlighter: createHighlighter(highlights.environment),
    host: immediateHost,
    signal: controller.signal,
    isPaused: () => false,
    isOnScreen: () => true,
    onResults: ({ firstPass }) => results.push({ firstPass, texts: highlights.texts() }),
    ...overrides,
  });
  scanner.start();
  return { scanner, highlights, results };
}

describe('page scanner', () => {
  it('highlights and reports the mentions of the page, and says when the first pass is done', async () => {
    document.body.innerHTML = `
      <h1>The Mujahedin-e Khalq (MEK)</h1>
      <p>Its council, the National Council of Resistance of Iran (NCRI), met.</p>
      <p>MEK the solvent is also mentioned.</p>`;
    const { scanner, highlights, results } = scan();
    await settle();
    expect(highlights.drawn()).toEqual([
      ['backstory-bg-6', 'Mujahedin-e Khalq'],
      ['backstory-bg-6', 'MEK'],
      ['backstory-bg-3', 'National Council of Resistance of Iran'],
      ['backstory-bg-3', 'NCRI'],
      ['backstory-bg-6', 'MEK'],
    ]);
    expect(results.filter((r) => r.firstPass)).toHaveLength(1);
    expect(scanner.firstPassDone).toBe(true);
    const report = scanner.report();
    expect(report.count).toBe(5);
    expect(report.snippets.map((s) => s.alias)).toEqual([
      'Mujahedin-e Khalq',
      'MEK',
      'National Council of Resistance of Iran',
      'NCRI',
      'MEK',
    ]);
  });

  it('sends first results for a page without mentions', async () => {
    document.body.innerHTML = '<p>Methyl ethyl ketone (MEK) is a solvent.</p>';
    const { scanner, results } = scan();
    await settle();
    expect(results).toEqual([{ firstPass: true, texts: [] }]);
    expect(scanner.report()).toEqual({ count: 0, organisations: [], snippets: [] });
  });

  it('matches text on screen first and the rest in idle slices', async () => {
    document.body.innerHTML = `
      <p id="top">The PMOI said.</p>
      <p id="below">The MKO said.</p>`;
    const onScreen = (run: TextRun) => (run.block as Element).id === 'top';
    const { highlights, results } = scan({ isOnScreen: onScreen });
    await settle();
    expect(results[0]).toEqual({ firstPass: true, texts: ['PMOI'] });
    expect(highlights.texts()).toEqual(['PMOI', 'MKO']);
  });

  it('follows edits, additions and removals, and leaves no range on removed text', async () => {
    document.body.innerHTML = `
      <ul>
        <li id="a">The PMOI said.</li>
        <li id="b">Nothing here.</li>
        <li id="c">The <em>Mujahedin</em> Khalq replied.</li>
      </ul>`;
    const { highlights } = scan();
    await settle();
    expect(highlights.texts()).toEqual(['PMOI', 'Mujahedin Khalq']);

    // Text edited in place (characterData), an item removed, an item added.
    (document.querySelector('#b')?.firstChild as Text).data = 'Now the MKO is here.';
    document.getElementById('a')?.remove();
    const added = document.createElement('li');
    added.innerHTML = '<div><p>The National Council of Resistance of Iran.</p></div>';
    document.querySelector('ul')?.append(added);
    // An inline element removed from a run: the run is collected again.
    document.querySelector('#c em')?.remove();
    await settle();
    expect(highlights.texts()).toEqual(['MKO', 'National Council of Resistance of Iran']);
    for (const [, ranges] of highlights.registry) {
      for (const range of ranges) expect(range.startContainer.isConnected).toBe(true);
    }
  });

  it('re-resolves earlier runs when page evidence comes and goes', async () => {
    document.body.innerHTML = '<p>Analysts say the MEK has new offices.</p>';
    const { scanner, highlights } = scan();
    await settle();
    expect(highlights.texts()).toEqual([]);

    const evidence = document.createElement('p');
    evidence.textContent = 'Court papers name the Mujahedin-e Khalq.';
    document.body.append(evidence);
    await settle();
    expect(highlights.texts()).toEqual(['MEK', 'Mujahedin-e Khalq']);
    expect(scanner.report().snippets[0]?.reason).toEqual({
      kind: 'context-alias',
      supportingAlias: 'Mujahedin-e Khalq',
    });

    evidence.remove();
    await settle();
    expect(highlights.texts()).toEqual([]);
    expect(scanner.report().count).toBe(0);
  });

  it('never reads editable regions, also while the user types', async () => {
    document.body.innerHTML = `
      <p>The PMOI.</p>
      <div contenteditable="true"><p id="typing">Draft</p></div>
      <textarea>The MKO</textarea>`;
    const { highlights, results } = scan();
    await settle();
    const before = results.length;
    const typing = document.getElementById('typing')?.firstChild as Text;
    typing.data = 'Draft about the Mujahedin-e Khalq and the MKO';
    const paragraph = document.createElement('p');
    paragraph.textContent = 'Pasted MKO';
    document.getElementById('typing')?.after(paragraph);
    await settle();
    expect(highlights.texts()).toEqual(['PMOI']);
    expect(results.length).toBe(before);
  });

  it('reads open shadow roots, including text added to them later', async () => {
    document.body.innerHTML = '<p>The PMOI.</p><div id="host"></div>';
    const root = (document.getElementById('host') as HTMLElement).attachShadow({ mode: 'open' });
    root.innerHTML = '<p>Inside: the MKO.</p>';
    const shadowRoots: ShadowRoot[] = [];
    const { scanner, highlights } = scan({ onDrawInShadowRoot: (r) => shadowRoots.push(r) });
    await settle();
    expect(highlights.texts()).toEqual(['PMOI', 'MKO']);
    expect(shadowRoots).toEqual([root]);

    const later = document.createElement('p');
    later.textContent = 'Later: the National Council of Resistance of Iran.';
    root.append(later);
    await settle();
    expect(scanner.report().snippets.map((s) => s.alias)).toEqual([
      'PMOI',
      'MKO',
      'National Council of Resistance of Iran',
    ]);
  });

  it('finds shadow roots attached after their host was read, at the next change in or beside it', async () => {
    document.body.innerHTML =
      '<p>The PMOI.</p><div id="a"></div><section id="beside">Loading <div id="b"></div></section>';
    const { scanner, highlights } = scan();
    await settle();
    // Attached later, as lazily rendered components do: attaching makes no mutation record.
    const a = (document.getElementById('a') as HTMLElement).attachShadow({ mode: 'open' });
    a.innerHTML = '<p>A: the MKO.</p><slot></slot>';
    const b = (document.getElementById('b') as HTMLElement).attachShadow({ mode: 'open' });
    b.innerHTML = '<p>B: the National Council of Resistance of Iran.</p>';
    await settle();
    expect(highlights.texts()).toEqual(['PMOI']);

    // The first host gets (slotted) light children; the text beside the second one changes.
    document.getElementById('a')?.append('A caption');
    (document.getElementById('beside')?.firstChild as Text).data = 'Ready ';
    await settle();
    expect(highlights.texts()).toEqual(['PMOI', 'MKO', 'National Council of Resistance of Iran']);

    // Both roots are followed from now on.
    (a.querySelector('p') as HTMLElement).textContent = 'A: nobody.';
    const more = document.createElement('p');
    more.textContent = 'B again: the PMOI.';
    b.append(more);
    await settle();
    expect(scanner.report().snippets.map((s) => s.alias)).toEqual([
      'PMOI',
      'National Council of Resistance of Iran',
      'PMOI',
    ]);
  });

  it('stops a walk whose subtree leaves the page half-way, leaving no range on removed text', async () => {
    document.body.innerHTML = '<p>Start.</p>';
    const { highlights } = scan({ host: steppingHost() });
    await settle();
    const old = document.createElement('div');
    for (let i = 0; i < 50; i++) {
      const paragraph = document.createElement('p');
      paragraph.textContent = `Old ${i}: the MKO.`;
      old.append(paragraph);
    }
    document.body.append(old);
    // A few slices into the walk of the added subtree, the page swaps it for another.
    await settle(6);
    expect(highlights.texts().length).toBeGreaterThan(0);
    expect(highlights.texts().length).toBeLessThan(50);
    const fresh = document.createElement('p');
    fresh.textContent = 'New: the PMOI.';
    old.replaceWith(fresh);
    await settle(200);
    expect(highlights.texts()).toEqual(['PMOI']);
    for (const [, ranges] of highlights.registry) {
      for (const range of ranges) expect(range.startContainer.isConnected).toBe(true);
    }
  });

  it('matches the page again when its matcher grows, redrawing only what changed', async () => {
    // A keyed list, as the background sends one for large packs: the page compiles the aliases
    // whose keys its text held at first, and the keys of text it reads later are handed on.
    const orgs = [
      ...bundled.organisations.map((org) => ({
        key: `${bundled.pack.id}/${org.id}`,
        name: org.name,
        aliases: org.aliases,
      })),
      {
        key: 'more/krovanik',
        name: 'Krovanik Union',
        aliases: [{ text: 'Krovanik Union', caseSensitive: false }],
      },
    ];
    const source = createKeyedSource(orgs);
    const index = keyIndexFromData(source.keys);
    const first: number[] = [];
    index.scan('The PMOI', 0, 8, keyWindow(), first);
    const parts: PartialOrganisation[] = [...source.always, ...source.aliasesFor(first)];
    const met: number[] = [];
    const grown = compileMatcher(expandOrganisations(parts), {
      remoteKeys: { index, onKeys: (keys) => met.push(...keys) },
    });
    // Long enough for the block filter (short pages are read whole).
    const filler = Array.from({ length: 600 }, (_, i) => `<p>Paragraph ${i}, in passing.</p>`);
    setBody(`<p id="one">The PMOI said so.</p>${filler.join('')}
      <p id="two">The Krovanik Union answered the PMOI.</p>
      <p id="three">Only the Krovanik Union.</p><p id="four">The PMOI again.</p>`);
    const { scanner, highlights } = scan({ matcher: grown });
    await settle();
    expect(highlights.texts()).toEqual(['PMOI', 'PMOI', 'PMOI']);
    const drawnBefore = [...(highlights.registry.values().next().value ?? [])];
    expect(met.length).toBeGreaterThan(0);

    const fetched = source.aliasesFor(met.splice(0));
    parts.push(...fetched);
    await extendMatcherInSlices(grown, expandOrganisations(parts), {
      now: () => 0,
      pause: () => Promise.resolve(),
    });
    const matched = vi.spyOn(grown, 'findMatches');
    scanner.rematch(compileMatcher(expandOrganisations(fetched)));
    await settle();
    expect(highlights.texts()).toEqual([
      'PMOI',
      'Krovanik Union',
      'PMOI',
      'Krovanik Union',
      'PMOI',
    ]);
    expect(scanner.report().snippets.map((snippet) => [snippet.orgKey, snippet.alias])).toEqual([
      [expect.stringMatching(/\/mko$/), 'PMOI'],
      ['more/krovanik', 'Krovanik Union'],
      [expect.stringMatching(/\/mko$/), 'PMOI'],
      ['more/krovanik', 'Krovanik Union'],
      [expect.stringMatching(/\/mko$/), 'PMOI'],
    ]);
    // Only the paragraphs where the new alias is written were matched again.
    expect(matched.mock.calls.map(([text]) => text.trim())).toEqual([
      'The Krovanik Union answered the PMOI.',
      'Only the Krovanik Union.',
    ]);
    // The first paragraph's mention did not change: the very range drawn before is still there.
    const one = document.getElementById('one')?.firstChild;
    const kept = drawnBefore.filter((range) => range.startContainer === one);
    expect(kept).toHaveLength(1);
    const still = [...highlights.registry.values()].some((ranges) =>
      ranges.has(kept[0] as AbstractRange),
    );
    expect(still).toBe(true);
  });

  it('does nothing while paused (hidden tab), then catches up', async () => {
    document.body.innerHTML = '<p>The PMOI.</p>';
    let paused = false;
    const { scanner, highlights } = scan({ isPaused: () => paused });
    await settle();
    paused = true;
    const added = document.createElement('p');
    added.textContent = 'The MKO.';
    document.body.append(added);
    await settle();
    expect(highlights.texts()).toEqual(['PMOI']);
    paused = false;
    scanner.resume();
    await settle();
    expect(highlights.texts()).toEqual(['PMOI', 'MKO']);
  });

  it('counts but draws nothing in quiet mode', async () => {
    document.body.innerHTML = '<p>The PMOI and the MKO.</p>';
    const { scanner, highlights } = scan({ highlightNameOf: null });
    await settle();
    expect(highlights.registry.size).toBe(0);
    expect(scanner.report().count).toBe(2);
  });

  it('erases its highlights and stops observing when its signal aborts', async () => {
    document.body.innerHTML = '<p>The PMOI.</p>';
    const { highlights, results } = scan();
    await settle();
    expect(highlights.registry.size).toBe(1);
    controller.abort();
    expect(highlights.registry.size).toBe(0);
    const count = results.length;
    const added = document.createElement('p');
    added.textContent = 'The MKO.';
    document.body.append(added);
    await settle();
    expect(highlights.registry.size).toBe(0);
    expect(results.length).toBe(count);
  });

  it('gives up a record queue that grew too long for one full rescan', async () => {
    document.body.innerHTML = '<p id="p">The PMOI.</p>';
    let paused = false;
    const { scanner, highlights } = scan({ isPaused: () => paused });
    await settle();
    paused = true;
    const text = document.getElementById('p')?.firstChild as Text;
    for (let i = 0; i < 10_050; i++) text.data = `The PMOI, take ${i}.`;
    text.data = 'The MKO, at last.';
    await settle();
    paused = false;
    scanner.resume();
    await settle();
    expect(highlights.texts()).toEqual(['MKO']);
  });
});

describe('blocks added and removed', () => {
  it('follows a feed that appends and drops posts, without reading the column again', async () => {
    setBody('<div id="column"><p>Post 1: the PMOI.</p><p>Post 2: nothing.</p></div>');
    const { scanner, highlights } = scan();
    await settle();
    const column = document.getElementById('column') as HTMLElement;
    for (let i = 3; i <= 6; i++) {
      const post = document.createElement('p');
      post.textContent = i % 2 === 0 ? `Post ${i}: the MKO.` : `Post ${i}: nothing.`;
      column.append(post);
    }
    column.firstElementChild?.remove();
    await settle();
    expect(highlights.texts()).toEqual(['MKO', 'MKO']);
    expect(scanner.report().count).toBe(2);
  });

  it('joins and splits runs when a block goes or comes between two texts', async () => {
    setBody('<div id="d">The Mujahedin <p id="x">(aside)</p> Khalq.</div>');
    const { highlights } = scan();
    await settle();
    expect(highlights.texts()).toEqual([]);
    // Taken out from between two texts: "Mujahedin  Khalq" is one run now, and one mention.
    document.getElementById('x')?.remove();
    await settle();
    expect(highlights.texts()).toEqual(['Mujahedin  Khalq']);
    // Put back in between: two runs again, no mention.
    const d = document.getElementById('d') as HTMLElement;
    d.insertBefore(document.createElement('p'), d.lastChild);
    await settle();
    expect(highlights.texts()).toEqual([]);
  });
});

describe('drawing within a budget', () => {
  it('draws many new mentions over several slices, never all in one', async () => {
    const paragraphs = Array.from({ length: 500 }, (_, i) => `<p>Post ${i}: the PMOI.</p>`);
    setBody(paragraphs.join(''));
    // A clock that only drawing moves (1 ms a run): matching all 500 fits in one slice, drawing
    // them does not.
    let clock = 0;
    const highlights = fakeHighlights();
    const inner = createHighlighter(highlights.environment);
    const highlighter: typeof inner = {
      ...inner,
      draw(owner, ranges) {
        clock += 1;
        inner.draw(owner, ranges);
      },
      get size() {
        return inner.size;
      },
      get registeredSize() {
        return inner.registeredSize;
      },
    };
    const seen: number[] = [];
    scan({
      highlighter,
      host: { now: () => clock, wait: () => new Promise((r) => setTimeout(() => r(8), 0)) },
      onResults: () => seen.push(inner.size),
    });
    await settle(100);
    expect(inner.size).toBe(500);
    const steps = seen.map((n, i) => n - (seen[i - 1] ?? 0));
    expect(Math.max(...steps)).toBeLessThan(100);
    expect(seen.length).toBeGreaterThan(5);
  });
});

describe('report order', () => {
  /** The ids of the posts holding the page's mentions, in the order the scanner gives them. */
  const order = (scanner: ReturnType<typeof scan>['scanner']) =>
    scanner.mentions().map((m) => (m.block as Element).id);

  const post = (id: string, alias = 'PMOI') => {
    const p = document.createElement('p');
    p.id = id;
    p.textContent = `Post ${id}: the ${alias}.`;
    return p;
  };

  /** A column of posts with these ids, scanned; the first report is taken, as the popup would. */
  async function scannedColumn(ids: readonly string[]) {
    setBody('<div id="column"></div>');
    const column = document.getElementById('column') as HTMLElement;
    column.append(...ids.map((id) => post(id)));
    const { scanner } = scan();
    await settle();
    expect(order(scanner)).toEqual(ids);
    return { column, scanner };
  }

  it('keeps reading order across reports as posts come at the end, the top and the middle', async () => {
    const { column, scanner } = await scannedColumn(['b', 'd']);
    column.append(post('e'));
    await settle();
    expect(order(scanner)).toEqual(['b', 'd', 'e']);
    column.prepend(post('a'));
    column.insertBefore(post('c'), document.getElementById('d'));
    await settle();
    expect(order(scanner)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(scanner.report().snippets).toHaveLength(5);
  });

  it('keeps reading order when many posts come at once between reports, at the top and the end', async () => {
    const { column, scanner } = await scannedColumn(Array.from({ length: 30 }, (_, i) => `m${i}`));
    // More than a few new runs: sorted with the rest in one pass, with what the last pass learnt
    // of the tree given up, since the column changed.
    const top = Array.from({ length: 20 }, (_, i) => post(`a${i}`));
    column.prepend(...top);
    for (let i = 0; i < 20; i++) column.append(post(`z${i}`));
    await settle();
    const expected = [...column.children].map((p) => p.id);
    expect(order(scanner)).toEqual(expected);
    // Many runs new again, from text edits only (no node added or removed): this sort reuses
    // what the last one learnt of the tree.
    for (const p of [...column.children].slice(0, 25)) {
      (p.firstChild as Text).data = `Post ${p.id}: the MKO.`;
    }
    await settle();
    expect(order(scanner)).toEqual(expected);
  });

  it('numbers only what a growing column appended when it sorts for a report', async () => {
    const { column, scanner } = await scannedColumn(Array.from({ length: 300 }, (_, i) => `p${i}`));
    // Many at once at the end: one sort with the rest, with what the last sort learnt kept.
    for (let i = 0; i < 30; i++) column.append(post(`z${i}`));
    await settle();
    const steps = vi.spyOn(Node.prototype, 'nextSibling', 'get');
    try {
      const ids = order(scanner);
      expect(ids).toEqual([...column.children].map((p) => p.id));
      // The 30 new posts (and nothing like the 330 the column holds) were stepped over.
      expect(steps.mock.calls.length).toBeLessThan(100);
    } finally {
      steps.mockRestore();
    }
    // A post put at the top is not an append: the next sort starts afresh, and is right.
    column.prepend(post('first'));
    for (let i = 0; i < 20; i++) column.append(post(`y${i}`));
    await settle();
    expect(order(scanner)).toEqual([...column.children].map((p) => p.id));
  });

  it('follows a post moved to another place with its text unchanged', async () => {
    const { column, scanner } = await scannedColumn(['a', 'b', 'c']);
    // A keyed re-render moving the last post to the top: the same nodes, in a new place.
    column.prepend(document.getElementById('c') as HTMLElement);
    await settle();
    expect(order(scanner)).toEqual(['c', 'a', 'b']);
  });

  it('places a post appended after many with a single comparison', async () => {
    const { column, scanner } = await scannedColumn(Array.from({ length: 200 }, (_, i) => `p${i}`));
    column.append(post('last', 'MKO'));
    await settle();
    const compare = vi.spyOn(Node.prototype, 'compareDocumentPosition');
    try {
      const ids = order(scanner);
      expect(ids).toHaveLength(201);
      expect(ids.at(-1)).toBe('last');
      expect(compare.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      compare.mockRestore();
    }
  });
});

describe('shadow roots attached late', () => {
  it('reads the root a custom element attaches after the scan, when asked to look again', async () => {
    document.body.innerHTML =
      '<p>The PMOI.</p><x-story id="story"></x-story><div id="plain"></div>';
    const { scanner, highlights } = scan();
    await settle();
    expect(highlights.texts()).toEqual(['PMOI']);
    // Defined later: the element attaches its root and fills it, which no observer sees.
    const story = document.getElementById('story') as HTMLElement;
    story.attachShadow({ mode: 'open' }).innerHTML = '<p>Inside the story: the MKO.</p>';
    await settle();
    expect(highlights.texts()).toEqual(['PMOI']);
    expect(scanner.recheckShadowHosts()).toBe(false);
    await settle();
    expect(highlights.texts()).toEqual(['PMOI', 'MKO']);
    // Text added to that root later is followed like any other.
    story.shadowRoot?.append(
      Object.assign(document.createElement('p'), { textContent: 'The Mujahedin-e Khalq.' }),
    );
    await settle();
    expect(scanner.report().count).toBe(3);
  });

  it('looks again at custom elements the page adds later, empty or with a root', async () => {
    document.body.innerHTML = '<p>The PMOI.</p>';
    const { scanner, highlights } = scan();
    await settle();
    expect(scanner.recheckShadowHosts()).toBe(false);
    // Added after the scan with nothing inside (their definition has not loaded yet).
    const late = document.createElement('x-late');
    const ready = document.createElement('x-ready');
    ready.attachShadow({ mode: 'open' }).innerHTML = '<p>Ready: the NCRI and the MKO.</p>';
    document.body.append(late, ready);
    await settle();
    expect(highlights.texts()).toEqual(['PMOI', 'NCRI', 'MKO']);
    late.attachShadow({ mode: 'open' }).innerHTML = '<p>Late: the Mujahedin-e Khalq.</p>';
    expect(scanner.recheckShadowHosts()).toBe(false);
    await settle();
    expect(highlights.texts().sort()).toEqual(['MKO', 'Mujahedin-e Khalq', 'NCRI', 'PMOI']);
  });

  it('reads blocks added later that hold only text, but not editable or form ones', async () => {
    document.body.innerHTML = '<p>The PMOI.</p>';
    const { scanner, highlights } = scan();
    await settle();
    const post = Object.assign(document.createElement('p'), { textContent: 'Then the MKO.' });
    const editable = Object.assign(document.createElement('p'), { textContent: 'The NCRI.' });
    editable.setAttribute('contenteditable', 'true');
    const field = Object.assign(document.createElement('textarea'), { textContent: 'The MEK.' });
    document.body.append(post, editable, field);
    await settle();
    expect(highlights.texts()).toEqual(['PMOI', 'MKO']);
    // The text of such a block changes later: read again.
    post.textContent = 'Then the Mujahedin-e Khalq.';
    await settle();
    expect(highlights.texts().sort()).toEqual(['Mujahedin-e Khalq', 'PMOI']);
    expect(scanner.report().count).toBe(2);
  });

  it('drops the mentions of a region the page makes editable, at the next change in it', async () => {
    setBody('<section id="region"><p id="a">The PMOI.</p><p id="b">The MKO.</p></section>');
    const { highlights } = scan();
    await settle();
    expect(highlights.texts()).toEqual(['PMOI', 'MKO']);
    // A change read while the region is still plain text.
    (document.getElementById('b')?.firstChild as Text).data = 'The MKO again.';
    await settle();
    // Made editable (no record the scanner sees), then typed in: that block is not read again.
    document.getElementById('region')?.setAttribute('contenteditable', 'true');
    (document.getElementById('a')?.firstChild as Text).data = 'The PMOI, typed.';
    await settle();
    expect(highlights.texts()).toEqual(['MKO']);
  });

  it('keeps looking while a custom element has no root yet, and forgets removed ones', async () => {
    document.body.innerHTML = '<x-late id="late"></x-late><x-gone id="gone"></x-gone>';
    const { scanner } = scan();
    await settle();
    expect(scanner.recheckShadowHosts()).toBe(true);
    document.getElementById('gone')?.remove();
    (document.getElementById('late') as HTMLElement).attachShadow({ mode: 'open' });
    expect(scanner.recheckShadowHosts()).toBe(false);
  });
});

// Both ways the first read finds shadow roots under blocks it does not read: asking the browser
// for the elements that may have one (a browser has XPath), or passing over every element.
describe.each([
  ['asking the browser for possible hosts', true],
  ['passing over every element', false],
])('page scanner on a large page (the block filter), %s', (_, withXPath) => {
  let uninstall: (() => void) | undefined;
  beforeEach(() => {
    if (withXPath) uninstall = installCustomElementXPath();
  });
  afterEach(() => uninstall?.());

  /** A scan that logs the text of every run it reads (every run counts as on screen). */
  function scanLoggingReads() {
    const read: string[] = [];
    const scanned = scan({
      isOnScreen: (run) => {
        read.push(run.text.trim());
        return true;
      },
    });
    return { ...scanned, read };
  }

  /** Paragraphs of prose with near misses only, enough to make the scanner filter first. */
  const filler = (from: number, count: number) =>
    Array.from(
      { length: count },
      (_, i) =>
        `<p id="f${from + i}">Paragraph ${from + i}: the Mekong, pmoi and mek, in passing.</p>`,
    ).join('');

  it('reads only the blocks that may hold a mention, and finds every mention', async () => {
    setBody(`${filler(0, 200)}
      <p>The Mujahedin <em>Khalq</em> (MEK) said so.</p>${filler(200, 200)}
      <div>Outer text <div>and the PMOI inside</div></div>
      <div id="host"></div>
      <textarea>PMOI in a form field</textarea>${filler(400, 100)}`);
    const root = (document.getElementById('host') as HTMLElement).attachShadow({ mode: 'open' });
    root.replaceChildren(
      ...new DOMParser().parseFromString(
        `<body>${filler(1000, 200)}<p>Inside: the MKO.</p></body>`,
        'text/html',
      ).body.childNodes,
    );
    const { scanner, highlights, read } = scanLoggingReads();
    await settle();
    expect(highlights.texts()).toEqual(['Mujahedin Khalq', 'MEK', 'PMOI', 'MKO']);
    expect(scanner.firstPassDone).toBe(true);
    // 700 paragraphs and more: only the three blocks with an alias were read, in both trees.
    expect(read).toEqual([
      'The Mujahedin Khalq (MEK) said so.',
      'and the PMOI inside',
      'Inside: the MKO.',
    ]);
  });

  it('on a large page, reads no named block inside an editable region and finds every open root', async () => {
    setBody(`${filler(0, 300)}
      <div contenteditable="true"><p>Typed: the PMOI.</p><div><span id="editable-host"></span></div></div>
      <p>Text with <span id="inline-host"></span> an inline host.</p>${filler(300, 300)}
      <section><div><div><x-card id="deep-host"></x-card></div></div></section>
      <div contenteditable="false"><p>The MKO, not editable.</p></div>`);
    const attach = (id: string, html: string) => {
      const root = (document.getElementById(id) as HTMLElement).attachShadow({ mode: 'open' });
      root.replaceChildren(
        ...new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body.childNodes,
      );
    };
    attach('editable-host', '<p>In an editable region: the Mujahedin-e Khalq.</p>');
    attach('inline-host', '<b>the National Council of Resistance of Iran</b>');
    attach('deep-host', `${filler(2000, 250)}<p>Deep inside: the PMOI.</p>`);
    const { scanner, highlights, read } = scanLoggingReads();
    await settle(30);
    expect(scanner.firstPassDone).toBe(true);
    expect(scanner.report().snippets.map((s) => s.alias)).toEqual([
      'National Council of Resistance of Iran',
      'PMOI',
      'MKO',
    ]);
    expect(highlights.texts().sort()).toEqual(
      ['MKO', 'National Council of Resistance of Iran', 'PMOI'].sort(),
    );
    // Neither the editable region's text nor the ~850 paragraphs without an alias were read.
    expect(read.some((text) => text.includes('Typed') || text.includes('editable region'))).toBe(
      false,
    );
    expect(read.filter((text) => text.startsWith('Paragraph'))).toEqual([]);
  });

  it('on a large page with no mention, reads no block yet finds the roots and custom elements it may read', async () => {
    setBody(`${filler(0, 300)}
      <section><div><div><x-card id="deep-host"></x-card></div></div></section>
      <p>A line with <span id="inline-host"></span> in it.</p>
      <div contenteditable="true"><div><span id="editable-host"></span><x-typed></x-typed></div></div>
      <svg><x-drawn></x-drawn></svg><template><x-kept></x-kept></template>
      <article><x-late id="late"></x-late></article>${filler(300, 300)}`);
    const attach = (id: string, text: string) =>
      (document.getElementById(id) as HTMLElement)
        .attachShadow({ mode: 'open' })
        .append(Object.assign(document.createElement('p'), { textContent: text }));
    attach('deep-host', 'Deep inside: the PMOI.');
    attach('inline-host', 'the National Council of Resistance of Iran');
    attach('editable-host', 'In an editable region: the MKO.');
    const { scanner, highlights, read } = scanLoggingReads();
    await settle(30);
    expect(scanner.firstPassDone).toBe(true);
    expect(highlights.texts().sort()).toEqual(['National Council of Resistance of Iran', 'PMOI']);
    // Only the two roots' text was read: no block of the page itself, none in the editable region.
    expect(read.sort()).toEqual([
      'Deep inside: the PMOI.',
      'the National Council of Resistance of Iran',
    ]);
    // Of the custom elements without a root, only the readable one is kept for another look
    // (not those in the editable region, the drawing or the template).
    expect(scanner.recheckShadowHosts()).toBe(true);
    attach('late', 'Later: the Mujahedin-e Khalq.');
    expect(scanner.recheckShadowHosts()).toBe(false);
    await settle();
    expect(highlights.texts().sort()).toEqual([
      'Mujahedin-e Khalq',
      'National Council of Resistance of Iran',
      'PMOI',
    ]);
  });

  it('does not read a block the page removes before the walk gets to it', async () => {
    // Blocks that may hold a mention (the filter names them) but hold none: one read a unit.
    const nearMisses = Array.from({ length: 300 }, (_, i) => `<p>PMOIX ${i}</p>`).join('');
    setBody(
      `${filler(0, 300)}<p>The PMOI.</p>${nearMisses}<div id="box"><p>The MKO.</p></div>${filler(300, 300)}`,
    );
    const { scanner, highlights } = scan({ host: steppingHost() });
    await tasksUntil(() => highlights.texts().length > 0);
    expect(scanner.firstPassDone).toBe(false);
    document.getElementById('box')?.remove();
    await tasksUntil(() => scanner.firstPassDone);
    await settle();
    expect(highlights.texts()).toEqual(['PMOI']);
    expect(scanner.report().count).toBe(1);
  });

  it('finds the open roots after a subtree the page removes while the walk is in it', async () => {
    // Blocks only, side by side: removing one collects nothing again (see onlyBlocksBetweenBlocks),
    // so only the walk itself can find the root after it. Most blocks are in the subtree.
    setBody(`<p>The PMOI.</p><div id="gone">${filler(0, 4000)}</div><div id="host"></div>`);
    (document.getElementById('host') as HTMLElement)
      .attachShadow({ mode: 'open' })
      .append(Object.assign(document.createElement('p'), { textContent: 'Inside: the MKO.' }));
    const { scanner, highlights } = scan({ host: steppingHost() });
    // Into the walk: it has read the block with the PMOI, and passes over the subtree's blocks
    // (256 a unit) when the page drops the subtree.
    await tasksUntil(() => highlights.texts().length > 0);
    expect(scanner.firstPassDone).toBe(false);
    document.getElementById('gone')?.remove();
    await tasksUntil(() => scanner.firstPassDone);
    await settle();
    expect(highlights.texts().sort()).toEqual(['MKO', 'PMOI']);
  });

  it('orders the reports of an unchanged page by where its text is, asking the DOM nothing', async () => {
    // A block's runs around a nested block: its second run comes after the nested block's.
    setBody(`${filler(0, 200)}
      <div id="outer">First the MKO, <p id="inner">then the PMOI,</p> and last the Mujahedin-e Khalq.</div>
      ${filler(200, 200)}<p id="end">The end: MKO.</p>`);
    const { scanner } = scan();
    await settle();
    const expected = ['MKO', 'PMOI', 'Mujahedin-e Khalq', 'MKO'];
    const compare = vi.spyOn(Node.prototype, 'compareDocumentPosition');
    try {
      expect(scanner.report().snippets.map((s) => s.alias)).toEqual(expected);
      expect(scanner.mentions().map((m) => m.alias)).toEqual(expected);
      expect(compare).not.toHaveBeenCalled();
      // Once the page changes the offsets no longer hold: the order comes from the DOM again.
      const top = document.createElement('p');
      top.textContent = 'Now first: the PMOI.';
      document.body.prepend(top);
      await settle();
      expect(scanner.report().snippets.map((s) => s.alias)).toEqual(['PMOI', ...expected]);
      expect(compare).toHaveBeenCalled();
    } finally {
      compare.mockRestore();
    }
  });

  it('catches a mention written later into a block it passed over', async () => {
    setBody(`${filler(0, 400)}<p>The PMOI.</p>`);
    const { highlights } = scan();
    await settle();
    expect(highlights.texts()).toEqual(['PMOI']);
    (document.getElementById('f150')?.firstChild as Text).data = 'Now the MKO is named here.';
    await settle();
    expect(highlights.texts()).toEqual(['MKO', 'PMOI']);
  });

  it('stays right when the page changes while it filters', async () => {
    setBody(`${filler(0, 400)}<p id="last">The PMOI.</p>`);
    // A clock that moves 5 ms a call: a slice holds a unit or two, so the page can change
    // between the filter's steps (the text is taken, then scanned and gone down in parts).
    let clock = 0;
    const { scanner, highlights } = scan({
      host: { now: () => (clock += 5), wait: () => new Promise((r) => setTimeout(() => r(8), 0)) },
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Text before the candidate grows: offsets taken earlier no longer fit the tree.
    (document.getElementById('f0')?.firstChild as Text).data = `${'Longer text. '.repeat(50)}MKO.`;
    document.getElementById('f1')?.remove();
    // A unit or two per slice: let the ~400 blocks drain.
    await tasksUntil(() => scanner.firstPassDone);
    await settle();
    expect(scanner.firstPassDone).toBe(true);
    expect(highlights.texts()).toEqual(['MKO', 'PMOI']);
  });

  it('reads every root on the page, and none it removed, when the page changes mid-search', async () => {
    // 3,000 paragraphs, more than a step of the search covers (2,048), and more than a unit of
    // the pass over every element (512): those around the 2,048th with a root.
    setBody(
      Array.from({ length: 3000 }, (_, i) => `<p id="h${i}">Host ${i}: the Mekong.</p>`).join(''),
    );
    const withRoot = (host: Element) =>
      host
        .attachShadow({ mode: 'open' })
        .append(Object.assign(document.createElement('b'), { textContent: 'the MKO' }));
    for (let i = 1900; i < 2100; i++) withRoot(document.getElementById(`h${i}`) as HTMLElement);
    // Calls through: whose roots were asked for tells how far the search is.
    const shadowRoot = vi.spyOn(Element.prototype, 'shadowRoot', 'get');
    // A unit a slice until the page has made its change, then as fast as it goes.
    const stepping = steppingHost();
    let changed = false;
    const { scanner } = scan({
      host: {
        now: () => (changed ? 0 : stepping.now()),
        wait: (urgency) => (changed ? immediateHost.wait(urgency) : stepping.wait(urgency)),
      },
    });
    // The search is past the 2,000th paragraph, and then the page removes a paragraph before,
    // and a host after, where it is, and adds a host.
    const past = document.getElementById('h2000');
    await tasksUntil(() => shadowRoot.mock.contexts.includes(past), 5_000);
    await settle(2);
    expect(scanner.firstPassDone).toBe(false);
    document.getElementById('h0')?.remove();
    document.getElementById('h2099')?.remove();
    const added = document.createElement('p');
    document.body.append(added);
    withRoot(added);
    changed = true;
    await tasksUntil(() => scanner.firstPassDone);
    await settle();
    expect(scanner.report().count).toBe(200);
  });
});
