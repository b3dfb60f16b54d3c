import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SNIPPET_LENGTH, buildSnippet } from '../../../utils/scanning/snippets';

/** Builds a snippet around the first occurrence of `mention` in `text`. */
function snippetOf(text: string, mention: string, maxLength?: number): string {
  const start = text.indexOf(mention);
  return buildSnippet(text, start, start + mention.length, maxLength);
}

const LONG_BEFORE = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(6);
const LONG_AFTER = ' Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.'.repeat(6);

describe('buildSnippet', () => {
  it.each([
    ['The MKO said so.', 'MKO', 'The MKO said so.'],
    ['  The\n\n   MKO\tsaid   so.  ', 'MKO', 'The MKO said so.'],
    ['MKO', 'MKO', 'MKO'],
    ['سازمان مجاهدین خلق ایران اعلام کرد', 'مجاهدین خلق', 'سازمان مجاهدین خلق ایران اعلام کرد'],
  ])('%j around %j', (text, mention, expected) => {
    expect(snippetOf(text, mention)).toBe(expected);
  });

  it('cuts long context at words, with ellipses, and keeps the mention whole', () => {
    const text = `${LONG_BEFORE}the Mujahedin-e Khalq${LONG_AFTER}`;
    const snippet = snippetOf(text, 'Mujahedin-e Khalq');
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_LENGTH);
    expect(snippet).toMatch(/^….* the Mujahedin-e Khalq Sed do .*…$/);
    // Cut at word edges: no partial word next to an ellipsis.
    expect(snippet).toMatch(/^…[A-Z]?[a-z,.]+ /);
    expect(LONG_BEFORE + 'the Mujahedin-e Khalq' + LONG_AFTER).toContain(snippet.slice(1, -1));
  });

  it('gives the room one side does not need to the other', () => {
    const text = `The MKO${LONG_AFTER}`;
    const snippet = snippetOf(text, 'MKO');
    expect(snippet.startsWith('The MKO Sed do eiusmod')).toBe(true);
    expect(snippet.length).toBeGreaterThan(SNIPPET_LENGTH - 20);
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_LENGTH);
  });

  it('shortens a mention longer than the limit', () => {
    const mention = 'word '.repeat(50).trim();
    const snippet = snippetOf(`before ${mention} after`, mention, 40);
    expect(snippet.length).toBeLessThanOrEqual(40);
    expect(snippet.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const text = `${'😀'.repeat(200)} MKO ${'😀'.repeat(200)}`;
    const snippet = snippetOf(text, 'MKO', 41);
    expect(snippet.length).toBeLessThanOrEqual(41);
    expect(snippet).toContain('MKO');
    expect(snippet.isWellFormed()).toBe(true);
  });
});

/**
 * The snippet as first written: both sides read `2 * maxLength` units and every run of white
 * space (a lone space too) replaced. buildSnippet reads less and copies less; it must give the
 * same snippets.
 */
function referenceSnippet(text: string, start: number, end: number, maxLength = SNIPPET_LENGTH) {
  const collapse = (part: string) => part.replace(/\s+/g, ' ');
  const tail = (part: string, length: number) => {
    if (part.length <= length) return part;
    if (length <= 1) return length === 1 ? '…' : '';
    let cut = part.slice(part.length - (length - 1));
    const space = cut.indexOf(' ');
    if (space !== -1 && space < length / 2) cut = cut.slice(space + 1);
    else if (/[\uDC00-\uDFFF]/.test(cut.charAt(0))) cut = cut.slice(1);
    return `…${cut}`;
  };
  const head = (part: string, length: number) => {
    if (part.length <= length) return part;
    if (length <= 1) return length === 1 ? '…' : '';
    let cut = part.slice(0, length - 1);
    const space = cut.lastIndexOf(' ');
    if (space !== -1 && space > length / 2) cut = cut.slice(0, space);
    else if (/[\uDC00-\uDFFF]/.test(part.charAt(cut.length))) cut = cut.slice(0, -1);
    return `${cut}…`;
  };
  const mention = collapse(text.slice(start, end)).trim();
  if (mention.length >= maxLength) return head(mention, maxLength);
  const reach = maxLength * 2;
  const before = collapse(text.slice(Math.max(0, start - reach), start)).trimStart();
  const after = collapse(text.slice(end, end + reach)).trimEnd();
  const room = maxLength - mention.length;
  let beforeRoom = Math.floor(room / 2);
  let afterRoom = room - beforeRoom;
  if (before.length < beforeRoom) {
    afterRoom += beforeRoom - before.length;
    beforeRoom = before.length;
  } else if (after.length < afterRoom) {
    beforeRoom += afterRoom - after.length;
    afterRoom = after.length;
  }
  return (tail(before, beforeRoom) + mention + head(after, afterRoom)).trim();
}

describe('buildSnippet against the first version', () => {
  /**
   * Words, lone spaces, runs of mixed white space (some longer than a snippet reads), NBSP, line
   * breaks, an emoji.
   */
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('word', 'MEK', 'the', 'مجاهدین', 'x', 'Khalq,') },
    { weight: 5, arbitrary: fc.constant(' ') },
    {
      weight: 3,
      arbitrary: fc
        .array(fc.constantFrom(' ', '\n', '\t', '\u00a0', '\u2003', '\r'), {
          minLength: 1,
          maxLength: 300,
          size: 'max',
        })
        .map((units) => units.join('')),
    },
    { weight: 1, arbitrary: fc.constant('😀') },
  );
  const textAndMention = fc
    .array(piece, { minLength: 1, maxLength: 400, size: 'max' })
    .map((pieces) => pieces.join(''))
    .chain((text) =>
      fc
        .tuple(
          fc.nat(text.length),
          fc.nat(text.length),
          fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 220 })),
        )
        .map(([a, b, maxLength]) => ({
          text,
          start: Math.min(a, b),
          end: Math.max(a, b),
          maxLength,
        })),
    );

  it('reads on when white space shrank the first read to exactly the room', () => {
    // Length 40 around "MEK": a room of 37; the first read takes 69 units, which collapse to 37.
    const spaced = `${'x'.repeat(36)}${' '.repeat(33)}`;
    const atEnd = `Earlier words. ${spaced}MEK`;
    const atStart = `MEK${' '.repeat(33)}${'x'.repeat(36)} later words.`;
    expect(buildSnippet(atEnd, atEnd.length - 3, atEnd.length, 40)).toBe(
      referenceSnippet(atEnd, atEnd.length - 3, atEnd.length, 40),
    );
    expect(buildSnippet(atStart, 0, 3, 40)).toBe(referenceSnippet(atStart, 0, 3, 40));
    expect(buildSnippet(atEnd, atEnd.length - 3, atEnd.length, 40)).toMatch(/^…/);
  });

  it('gives the same snippet for any text, mention and length', () => {
    fc.assert(
      fc.property(textAndMention, ({ text, start, end, maxLength }) => {
        expect(buildSnippet(text, start, end, maxLength)).toBe(
          referenceSnippet(text, start, end, maxLength),
        );
      }),
      { numRuns: 3000 },
    );
  });
});
