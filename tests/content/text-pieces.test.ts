// @vitest-environment happy-dom
/**
 * A tree's text read a few elements at a time: the pieces join to its `textContent`, and the
 * seams between them hold whatever crosses a boundary.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { SEAM_UNITS, createSeams } from '../../entrypoints/content/text-pieces';
import { growRandomTree, readTextPieces, seededRandom, setBody } from './fakes';

beforeEach(() => {
  document.body.replaceChildren();
});

describe('text pieces', () => {
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
      const read = readTextPieces(document.body, perStep);
      expect(read.text).toBe(text);
      expect(read.pieces.length).toBe(steps);
    }
  });

  it('reads a tree without elements, and a shadow root, in one piece', () => {
    const lone = document.createElement('p');
    lone.textContent = 'only text';
    expect(readTextPieces(lone, 1).pieces).toEqual(['only text']);
    setBody('<div id="host"></div>');
    const shadow = (document.getElementById('host') as Element).attachShadow({ mode: 'open' });
    shadow.append(document.createElement('p'), 'and text');
    (shadow.firstChild as Element).textContent = 'a paragraph ';
    expect(readTextPieces(shadow, 1).pieces).toEqual(['a paragraph and text']);
  });

  it('joins to textContent over random trees, whatever the step', () => {
    const seed = fc.integer({ min: 1, max: 2_147_483_646 });
    fc.assert(
      fc.property(seed, fc.integer({ min: 1, max: 9 }), (treeSeed, perStep) => {
        document.body.replaceChildren();
        growRandomTree(document.body, seededRandom(treeSeed), ['MEK', 'a b', '', ' ', 'PMOI']);
        expect(readTextPieces(document.body, perStep).text).toBe(document.body.textContent);
      }),
      { numRuns: 200 },
    );
  });
});

describe('seams', () => {
  /** The seam before each of `pieces`, and where that boundary is in their joined text. */
  const seamsOf = (pieces: string[]) => {
    const seams = createSeams();
    let at = 0;
    return pieces.map((piece) => {
      const seam = seams.add(piece);
      const boundary = at;
      at += piece.length;
      return { seam, boundary };
    });
  };

  it('is the text either side of each boundary, up to SEAM_UNITS of it', () => {
    const long = (letter: string) => letter.repeat(SEAM_UNITS + 10);
    const pieces = ['ab', 'cd', long('e'), 'f', long('g')];
    const text = pieces.join('');
    const found = seamsOf(pieces);
    expect(found[0]?.seam).toBeNull();
    found.slice(1).forEach(({ seam, boundary }, i) => {
      const piece = pieces[i + 1] ?? '';
      const from = Math.max(0, boundary - SEAM_UNITS);
      // What was read before (up to SEAM_UNITS of it), then the piece's first SEAM_UNITS.
      expect(seam).toEqual({
        text: text.slice(from, boundary + Math.min(SEAM_UNITS, piece.length)),
        boundary: boundary - from,
      });
    });
    // The stretch before a boundary runs back over short pieces: "ab" + "cd" + "e…".
    expect(found[2]?.seam?.text.startsWith('abcd')).toBe(true);
  });

  it('holds every stretch up to SEAM_UNITS long that crosses a boundary', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 * SEAM_UNITS }), { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 1, max: SEAM_UNITS }),
        fc.nat(),
        (lengths, span, pick) => {
          // Text in which every unit is told apart from the others.
          let unit = 0x100;
          const pieces = lengths.map((length) =>
            Array.from({ length }, () => String.fromCharCode(unit++)).join(''),
          );
          const text = pieces.join('');
          const seams = seamsOf(pieces);
          for (const { boundary } of seams) {
            if (boundary === 0 || boundary === text.length) continue;
            // A stretch of `span` units that crosses this boundary is in a seam (after empty
            // pieces, the next one), and starts before that seam's boundary.
            const start = Math.max(0, boundary - 1 - (pick % span));
            const stretch = text.slice(start, Math.min(text.length, start + span));
            if (start + stretch.length <= boundary) continue;
            const holders = seams.filter(({ seam }) => {
              const at = seam ? seam.text.indexOf(stretch) : -1;
              return seam !== null && at >= 0 && at < seam.boundary;
            });
            expect(holders.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
