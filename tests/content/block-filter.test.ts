// @vitest-environment happy-dom
/**
 * The block filter: from a tree's whole text to the blocks that may hold a mention, in bounded
 * steps, and "read everything" whenever its answer could be stale or is not worth having.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  MIN_FILTERED_TEXT,
  TEXT_READ_ELEMENTS,
  createBlockFilter,
  createTextPieces,
} from '../../entrypoints/content/block-filter';
import { type Block, blockOf } from '../../entrypoints/content/text-runs';
import { scanCandidates } from '../../utils/matching/matcher';
import { bundledMatcher, seededRandom, setBody } from './fakes';

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

/** Reads `root`'s text `perStep` elements a piece; returns the pieces and the text. */
const readAll = (root: Block, perStep: number) => {
  const next = createTextPieces(root, perStep);
  const pieces: string[] = [];
  for (let piece = next(); piece !== null; piece = next()) pieces.push(piece);
  expect(next()).toBeNull();
  return { pieces, text: pieces.join('') };
};

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

  it('takes a text given for the tree instead of reading the tree again', () => {
    setBody(`${filler(200)}<p id="named">The PMOI.</p>`);
    const text = document.body.textContent ?? '';
    // A stand-in getter counts reads of the tree's text.
    let reads = 0;
    const body = document.body;
    const own = Object.getOwnPropertyDescriptor(body, 'textContent');
    Object.defineProperty(body, 'textContent', {
      configurable: true,
      get: () => {
        reads++;
        return text;
      },
    });
    try {
      const filter = createBlockFilter(body, matcher, () => false, text);
      while (!filter.step());
      expect(names(filter.blocks)).toEqual(['named']);
      expect(reads).toBe(0);
      const again = createBlockFilter(body, matcher, () => false);
      while (!again.step());
      expect(names(again.blocks)).toEqual(['named']);
      expect(reads).toBe(1);
    } finally {
      if (own) Object.defineProperty(body, 'textContent', own);
      else delete (body as { textContent?: unknown }).textContent;
    }
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
    const { pieces } = readAll(document.body, TEXT_READ_ELEMENTS);
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

describe('text read', () => {
  it("joins to the tree's textContent, a piece per that many elements and one for the rest", () => {
    setBody(`<p>One <em>two</em> three<!-- not text --></p><div><p>four</p>five<b>six</b></div>
      <script>seven</script><br>eight`);
    const text = document.body.textContent ?? '';
    // 7 elements: p, em, div, p, b, script, br.
    expect(document.body.getElementsByTagName('*').length).toBe(7);
    for (const [perStep, steps] of [
      [1, 7],
      [2, 4],
      [3, 3],
      [6, 2],
      [7, 1],
      [1_000, 1],
    ] as const) {
      const read = readAll(document.body, perStep);
      expect(read.text).toBe(text);
      expect(read.pieces.length).toBe(steps);
    }
  });

  it('reads a tree without elements, and a shadow root, in one piece', () => {
    const lone = document.createElement('p');
    lone.textContent = 'only text';
    expect(readAll(lone, 1).pieces).toEqual(['only text']);
    setBody('<div id="host"></div>');
    const shadow = (document.getElementById('host') as Element).attachShadow({ mode: 'open' });
    shadow.append(document.createElement('p'), 'and text');
    (shadow.firstChild as Element).textContent = 'a paragraph ';
    expect(readAll(shadow, 1).pieces).toEqual(['a paragraph and text']);
  });
  it('finds the same text nodes, offsets and blocks as a walk over every text node', () => {
    // Random trees: nested blocks and inline elements, wrapper chains, empty elements, comments,
    // empty text nodes, candidates at the edges of nodes and split across them.
    const pieces = [
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
    const tags = ['div', 'p', 'span', 'em', 'section', 'b'];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_147_483_646 }), (seed) => {
        const random = seededRandom(seed);
        document.body.replaceChildren();
        const grow = (parent: Node, depth: number) => {
          const count = random(5);
          for (let i = 0; i < count; i++) {
            const kind = random(10);
            if (kind < 4 || depth > 5) {
              parent.appendChild(document.createTextNode(pieces[random(pieces.length)] ?? ''));
            } else if (kind === 4) {
              parent.appendChild(document.createComment('MEK in a comment'));
            } else {
              const element = document.createElement(tags[random(tags.length)] ?? 'div');
              parent.appendChild(element);
              grow(element, depth + 1);
            }
          }
        };
        // Filler first, so the tree's text is long enough to be filtered.
        document.body.appendChild(document.createElement('p')).textContent = 'x'.repeat(
          MIN_FILTERED_TEXT,
        );
        for (let chain = document.body, i = random(4); i > 0; i--) {
          chain = chain.appendChild(document.createElement('div'));
          grow(chain, 1);
        }
        grow(document.body, 1);

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
