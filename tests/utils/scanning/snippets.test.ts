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
