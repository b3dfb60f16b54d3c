// @vitest-environment happy-dom
/**
 * The block filter: from a tree's whole text to the blocks that may hold a mention, in bounded
 * steps, and "read everything" whenever its answer could be stale or is not worth having.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIN_FILTERED_TEXT, createBlockFilter } from '../../entrypoints/content/block-filter';
import { createKeyRead } from '../../entrypoints/content/key-read';
import { TEXT_READ_ELEMENTS } from '../../entrypoints/content/text-pieces';
import { type Block, blockOf } from '../../entrypoints/content/text-runs';
import { createKeyedSource, expandOrganisations } from '../../utils/matching/keyed-source';
import { keyIndexFromData } from '../../utils/matching/keys';
import { compileMatcher, scanCandidates } from '../../utils/matching/matcher';
import { bundledMatcher, growRandomTree, readTextPieces, seededRandom, setBody } from './fakes';

const matcher = bundledMatcher();

/** Enough paragraphs of plain prose to pass the filter's threshold. */
const filler = (count: number) =>
  Array.from(
    { length: count },
    (_, i) =>
      `<p id="filler-${i}">Paragraph ${i}: the Mekong delta, pmoi and mek in lower case.</p>`,
  ).join('');

/** Runs the filter to the end; returns its answer and how many steps it took. */
function run(root: Block, changed = () => false) {
  const filter = createBlockFilter(root, matcher, changed);
  let steps = 1;
  while (!filter.step()) steps++;
  return { blocks: filter.blocks, steps };
}

/** The ids (or tag names) of the blocks in an answer, sorted. */
const names = (blocks: Set<Block> | null) =>
  blocks && [...blocks].map((block) => (block as Element).id || block.nodeName).sort();

beforeEach(() => {
  document.body.replaceChildren();
});

describe('block filter', () => {
  it('answers with the blocks that hold a candidate, wherever in the tree they are', () => {
    setBody(`
      ${filler(150)}
      <p id="split">The Mujahedin <em>Khal<b>q</b></em> wrote.</p>
      <div id="outer">Before <!-- a comment --> the <div id="inner">PMOI said</div> after.</div>
      ${filler(150)}
      <section id="section"><h2 id="heading">About MKO</h2><p id="plain">Nothing here.</p></section>
      <p id="near-miss">PMOIX is not a mention, but the filter does not check boundaries.</p>
      <ul><li id="persian">سازمان مجاهدین خلق</li></ul>
      ${filler(50)}`);
    expect(document.body.textContent.length).toBeGreaterThan(MIN_FILTERED_TEXT);
    const { blocks, steps } = run(document.body);
    expect(names(blocks)).toEqual(['heading', 'inner', 'near-miss', 'persian', 'split']);
    // The text is taken, scanned, then its text nodes measured: a step each at least.
    expect(steps).toBeGreaterThanOrEqual(3);
  });

  it('takes the pieces read for remote keys instead of reading the text or its keys again', () => {
    setBody(`${filler(200)}<p id="named">The PMOI.</p>`);
    // What the content script does with a large alias list: reads the page's text in pieces for
    // keys, then compiles a matcher with remote keys from the aliases of the keys met.
    const source = createKeyedSource(bundledMatcher().organisations);
    const index = keyIndexFromData(source.keys);
    const read = createKeyRead(document.body, index, { readElements: 50 });
    while (!read.step());
    expect(read.pieces.length).toBe(5);
    // A fresh index of the same keys: every key the filter would read is new to it.
    const reported: number[] = [];
    const remote = compileMatcher(
      expandOrganisations([...source.always, ...source.aliasesFor(read.met)]),
      { remoteKeys: { index: keyIndexFromData(source.keys), onKeys: (k) => reported.push(...k) } },
    );
    // Stand-ins count reads of the tree's text.
    let reads = 0;
    const body = document.body;
    const toString = Range.prototype.toString;
    Range.prototype.toString = function (this: Range) {
      reads++;
      return toString.call(this);
    };
    Object.defineProperty(body, 'textContent', {
      configurable: true,
      get: () => {
        reads++;
        return '';
      },
    });
    try {
      const pieces = [...read.pieces];
      const filter = createBlockFilter(body, remote, () => false, pieces, { readElements: 50 });
      while (!filter.step());
      expect(names(filter.blocks)).toEqual(['named']);
      expect(pieces).toEqual([]);
      // A filter that gives up (the tree changed) lets go of the pieces it did not read.
      const unread = [...read.pieces];
      const stale = createBlockFilter(body, remote, () => true, unread);
      expect(stale.step()).toBe(true);
      expect(stale.blocks).toBeNull();
      expect(unread).toEqual([]);
      expect(reads).toBe(0);
      expect(reported).toEqual([]);
    } finally {
      Range.prototype.toString = toString;
      delete (body as { textContent?: unknown }).textContent;
    }
    // Read by the filter itself, the text is read for keys too: the same keys.
    const again = createBlockFilter(body, remote, () => false, undefined, { readElements: 50 });
    while (!again.step());
    expect(names(again.blocks)).toEqual(['named']);
    expect(reported.sort()).toEqual([...read.met].sort());
    // Pieces read for keys are only for a matcher with remote keys.
    expect(() => createBlockFilter(body, matcher, () => false, [...read.pieces]).step()).toThrow(
      TypeError,
    );
  });

  it('works in bounded steps on a large tree', () => {
    setBody(`${filler(3_000)}<p id="last">The PMOI.</p>`);
    const { blocks, steps } = run(document.body);
    expect(names(blocks)).toEqual(['last']);
    // The text (one step), ~190,000 code units scanned 65,536 a step (three), the read that
    // finds no more (one), ~3,000 text nodes measured 2,048 a step (two).
    expect(document.body.textContent.length).toBeGreaterThan(2 * 65_536);
    expect(steps).toBe(1 + 3 + 1 + 2);
  });

  it('answers with no block for a large tree without a candidate', () => {
    setBody(filler(400));
    expect(names(run(document.body).blocks)).toEqual([]);
  });

  it('finds candidates in scripts too; the scanner never reads those', () => {
    setBody(`${filler(300)}<script id="data">{"name": "MEK"}</script>`);
    expect(names(run(document.body).blocks)).toEqual(['data']);
  });

  it('works on a shadow root', () => {
    setBody('<div id="host"></div>');
    const root = (document.getElementById('host') as Element).attachShadow({ mode: 'open' });
    const inner = new DOMParser().parseFromString(
      `<body>${filler(300)}<p id="shadowed">NCRI</p></body>`,
      'text/html',
    );
    root.replaceChildren(...inner.body.childNodes);
    expect(names(run(root).blocks)).toEqual(['shadowed']);
  });

  it('gives where each text node holding a candidate starts in the text: its reading order', () => {
    setBody(`${filler(150)}<p>The Mujahedin <em>Khalq</em> wrote.</p>
      <div>Before <div>the PMOI said</div> after MKO.</div>${filler(150)}`);
    const filter = createBlockFilter(document.body, matcher, () => false);
    while (!filter.step());
    const text = document.body.textContent ?? '';
    const located = [...filter.offsets];
    expect(located.map(([node]) => (node as Text).data)).toEqual([
      'The Mujahedin ',
      'the PMOI said',
      ' after MKO.',
    ]);
    for (const [node, offset] of located) {
      expect(text.slice(offset, offset + (node as Text).length)).toBe((node as Text).data);
    }
    // No answer, no offsets.
    const stale = createBlockFilter(document.body, matcher, () => true);
    while (!stale.step());
    expect(stale.blocks).toBeNull();
    expect(stale.offsets.size).toBe(0);
  });

  it("reads a large tree's text a few thousand elements a step", () => {
    setBody(`${filler(TEXT_READ_ELEMENTS * 2 + 10)}<p id="last">The PMOI.</p>`);
    const { blocks, steps } = run(document.body);
    expect(names(blocks)).toEqual(['last']);
    const { pieces } = readTextPieces(document.body, TEXT_READ_ELEMENTS);
    expect(pieces.length).toBe(3);
    // Each piece: read (a step), then scanned 65,536 code units a step; then the read that finds
    // no piece left; then the text nodes measured, 2,048 a step, up to the last candidate.
    const textNodes = document.body.getElementsByTagName('*').length;
    expect(steps).toBe(
      pieces.reduce((sum, piece) => sum + 1 + Math.ceil(piece.length / 65_536), 0) +
        1 +
        Math.ceil(textNodes / 2_048),
    );
  });

  it('finds candidates across the boundaries between pieces of text', () => {
    // A paragraph a piece; the names split over two, three and more of them, with long runs of
    // spaces between the words (folded as one).
    const spaces = ' '.repeat(3_000);
    setBody(`${filler(200)}
      <p id="two">The Mujahedin</p><p>${spaces}Khalq wrote.</p>
      <p id="three">Then the National</p><p> Council</p><p>${spaces}of Resistance of Iran.</p>
      <p id="letters">M</p><p>E</p><p>K</p>${filler(10)}`);
    const all = run(document.body).blocks;
    for (const readElements of [1, 2, 3]) {
      const filter = createBlockFilter(document.body, matcher, () => false, undefined, {
        readElements,
      });
      while (!filter.step());
      expect(names(filter.blocks)).toEqual(names(all));
    }
    expect(names(all)).toEqual(['letters', 'three', 'two']);
  });

  it('says "read everything" for a small tree, at once', () => {
    setBody('<p>The MEK and the NCRI.</p>');
    expect(run(document.body)).toEqual({ blocks: null, steps: 1 });
  });

  it('says "read everything" when the tree changed while it worked', () => {
    setBody(`${filler(300)}<p>MEK</p>`);
    let calls = 0;
    // Changed after the text was taken: the offsets may no longer fit the tree.
    expect(run(document.body, () => ++calls > 2).blocks).toBeNull();
    // Changed while the text was read in pieces: the pieces may not fit together.
    calls = 0;
    const filter = createBlockFilter(document.body, matcher, () => ++calls > 1, undefined, {
      readElements: 100,
    });
    expect(filter.step()).toBe(false);
    expect(filter.step()).toBe(true);
    expect(filter.blocks).toBeNull();
  });
});

describe('block filter over random trees', () => {
  it('finds the same text nodes, offsets and blocks as a walk over every text node', () => {
    // Random trees: nested blocks and inline elements, wrapper chains, empty elements, comments,
    // empty text nodes, candidates at the edges of nodes and split across them.
    const words = [
      'MEK',
      'PMOI',
      'Mujahedin ',
      'Khalq',
      'the ',
      'Mekong ',
      '',
      ' ',
      'NCRI.',
      'M',
      'EK',
    ];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_147_483_646 }), (seed) => {
        const random = seededRandom(seed);
        document.body.replaceChildren();
        // Filler first, so the tree's text is long enough to be filtered.
        document.body.appendChild(document.createElement('p')).textContent = 'x'.repeat(
          MIN_FILTERED_TEXT,
        );
        growRandomTree(document.body, random, words);

        const text = document.body.textContent ?? '';
        const scan = scanCandidates(matcher, text);
        while (!scan.step(Infinity));
        const starts = scan.starts();
        const expected = new Map<Node, number>();
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let offset = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const length = (node as Text).length;
          if (starts.some((start) => start >= offset && start < offset + length)) {
            expected.set(node, offset);
          }
          offset += length;
        }
        // The text read a few elements at a time, or in one call.
        const readElements = random(4) === 0 ? undefined : 1 + random(8);
        const filter = createBlockFilter(document.body, matcher, () => false, undefined, {
          readElements,
        });
        while (!filter.step());
        expect([...filter.offsets]).toEqual([...expected]);
        expect(filter.blocks).toEqual(new Set([...expected.keys()].map((node) => blockOf(node))));
      }),
      { numRuns: 300 },
    );
  });
});
