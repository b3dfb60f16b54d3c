// @vitest-environment happy-dom
/**
 * The scanner's lookups for the hover card: `mentionsAt` (a text position → the mentions there)
 * and `mentions()` (every mention in reading order), kept right as the page changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { createHighlighter } from '../../entrypoints/content/highlights';
import {
  type PageMention,
  type PageScannerOptions,
  createPageScanner,
} from '../../entrypoints/content/scanner';
import { fakeHighlights, immediateHost, setBody, settle, bundledMatcher } from './fakes';

const PACK = bundled.pack.id;
const matcher = bundledMatcher();

let controller: AbortController;
beforeEach(() => {
  document.body.innerHTML = '';
  controller = new AbortController();
});
afterEach(() => controller.abort());

function scan(overrides: Partial<PageScannerOptions> = {}) {
  const scanner = createPageScanner({
    document,
    matcher,
    highlightNameOf: () => 'backstory-bg-1',
    highlighter: createHighlighter(fakeHighlights().environment),
    host: immediateHost,
    signal: controller.signal,
    isPaused: () => false,
    isOnScreen: () => true,
    onResults: () => undefined,
    ...overrides,
  });
  scanner.start();
  return scanner;
}

/** The text a mention's range covers. */
function textOf(mention: PageMention): string {
  const range = document.createRange();
  range.setStart(mention.range.startContainer, mention.range.startOffset);
  range.setEnd(mention.range.endContainer, mention.range.endOffset);
  return range.toString();
}

const textNode = (selector: string, index = 0) =>
  document.querySelector(selector)?.childNodes[index] as Text;

describe('scanner lookups for the hover card', () => {
  it('lists every mention in reading order, with its organisation, alias and reason', async () => {
    setBody(`
      <p id="a">The Mujahedin-e Khalq (MEK) said.</p>
      <p id="b">The National Council of Resistance of Iran agreed.</p>`);
    const scanner = scan();
    await settle();
    expect(
      scanner.mentions().map((m) => [textOf(m), m.orgKey, m.name, m.alias, m.reason.kind]),
    ).toEqual([
      [
        'Mujahedin-e Khalq',
        `${PACK}/mko`,
        'Mujahedin Khalq Organization',
        'Mujahedin-e Khalq',
        'alias',
      ],
      ['MEK', `${PACK}/mko`, 'Mujahedin Khalq Organization', 'MEK', 'context-alias'],
      [
        'National Council of Resistance of Iran',
        `${PACK}/ncri`,
        'National Council of Resistance of Iran',
        'National Council of Resistance of Iran',
        'alias',
      ],
    ]);
  });

  it.each([
    [4, ['Mujahedin-e Khalq'], 'at the start'],
    [10, ['Mujahedin-e Khalq'], 'inside'],
    [21, ['Mujahedin-e Khalq'], 'just after the end (a caret after the last letter)'],
    [22, [], 'in the bracket between two mentions'],
    [23, ['MEK'], 'at the next one'],
    [1, [], 'before any'],
  ])('finds the mentions at offset %d of a text node: %j (%s)', async (offset, expected) => {
    setBody('<p id="a">The Mujahedin-e Khalq (MEK) said.</p>');
    const scanner = scan();
    await settle();
    expect(scanner.mentionsAt(textNode('#a'), offset).map(textOf)).toEqual(expected);
  });

  it('finds a mention split over an inline element from either of its text nodes', async () => {
    setBody('<p id="a">Founded as the Mujahedin <em>Khalq</em> in 1965.</p>');
    const scanner = scan();
    await settle();
    const fromEm = scanner.mentionsAt(textNode('#a em'), 2);
    expect(fromEm.map(textOf)).toEqual(['Mujahedin Khalq']);
    expect(scanner.mentionsAt(textNode('#a'), 16).map(textOf)).toEqual(['Mujahedin Khalq']);
    // Both lookups describe the same range.
    expect(fromEm[0]?.range).toEqual(scanner.mentionsAt(textNode('#a'), 16)[0]?.range);
  });

  it('finds a mention in any run of a block, and in text straight under a shadow root', async () => {
    // A line break splits the paragraph into runs: the lookup goes through the block's runs.
    setBody(
      '<p id="a">The MKO said.<br>Then the PMOI <b>and</b> the NCRI said.</p><div id="h"></div>',
    );
    const root = document.getElementById('h')?.attachShadow({ mode: 'open' });
    root?.append('The National Council of Resistance of Iran met.');
    const scanner = scan();
    await settle();
    const second = textNode('#a', 2);
    expect(scanner.mentionsAt(second, 11).map(textOf)).toEqual(['PMOI']);
    expect(scanner.mentionsAt(textNode('#a', 4), 6).map(textOf)).toEqual(['NCRI']);
    expect(scanner.mentionsAt(textNode('#a'), 5).map(textOf)).toEqual(['MKO']);
    expect(scanner.mentionsAt(textNode('#a b'), 1)).toEqual([]);
    const shadowText = root?.firstChild as Text;
    expect(scanner.mentionsAt(shadowText, 6).map(textOf)).toEqual([
      'National Council of Resistance of Iran',
    ]);
  });

  it('knows the mentions in quiet mode too, where nothing is drawn', async () => {
    setBody('<p id="a">The PMOI said.</p>');
    const scanner = scan({ highlightNameOf: null });
    await settle();
    expect(scanner.mentionsAt(textNode('#a'), 5).map(textOf)).toEqual(['PMOI']);
  });

  it('finds nothing in text without mentions, or in nodes it never read', async () => {
    setBody('<p id="a">Nothing here.</p><p id="b">The PMOI said.</p>');
    const scanner = scan();
    await settle();
    expect(scanner.mentionsAt(textNode('#a'), 3)).toEqual([]);
    expect(scanner.mentionsAt(document.createTextNode('PMOI'), 1)).toEqual([]);
    expect(scanner.mentionsAt(document.body, 0)).toEqual([]);
  });

  it('follows edits: a changed text is looked up afresh, a removed one is forgotten', async () => {
    setBody('<p id="a">The PMOI said.</p><p id="b">The MKO said.</p>');
    const scanner = scan();
    await settle();
    const a = textNode('#a');
    a.data = 'Later, the PMOI said.';
    document.getElementById('b')?.remove();
    await settle();
    expect(scanner.mentionsAt(a, 12).map((m) => [textOf(m), m.range.startOffset])).toEqual([
      ['PMOI', 11],
    ]);
    expect(scanner.mentions().map(textOf)).toEqual(['PMOI']);
    a.data = 'Nothing now.';
    await settle();
    expect(scanner.mentionsAt(a, 3)).toEqual([]);
    expect(scanner.mentions()).toEqual([]);
  });
});
