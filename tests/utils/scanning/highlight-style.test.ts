import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HIGHLIGHT_SETTINGS,
  highlightName,
  highlightNamer,
} from '../../../utils/scanning/highlight-style';

describe('highlight names', () => {
  it.each([
    ['bg', 1, 'backstory-bg-1'],
    ['ul', 8, 'backstory-ul-8'],
    ['both', 9, 'backstory-both-1'],
    ['bg', 0, 'backstory-bg-8'],
  ] as const)('%s slot %i → %s', (style, slot, name) => {
    expect(highlightName(style, slot)).toBe(name);
  });

  it('gives organisations their automatic slot unless the user chose one', () => {
    const name = highlightNamer(DEFAULT_HIGHLIGHT_SETTINGS);
    expect(name?.('backstory-digest-mko-ncri/mko')).toBe('backstory-bg-6');
    const chosen = highlightNamer({
      highlightStyle: 'ul',
      colours: { 'backstory-digest-mko-ncri/mko': 2 },
    });
    expect(chosen?.('backstory-digest-mko-ncri/mko')).toBe('backstory-ul-2');
    expect(chosen?.('backstory-digest-mko-ncri/ncri')).toBe('backstory-ul-3');
  });

  it('draws nothing in quiet mode', () => {
    expect(highlightNamer({ highlightStyle: 'none', colours: {} })).toBeNull();
  });

  it('only names rules that style.css defines', async () => {
    const { readFile } = await import('node:fs/promises');
    const css = await readFile(
      new URL('../../../entrypoints/content/style.css', import.meta.url),
      'utf8',
    );
    for (const style of ['bg', 'ul', 'both'] as const) {
      for (let slot = 1; slot <= 8; slot++) {
        expect(css).toContain(`::highlight(${highlightName(style, slot)})`);
      }
    }
  });
});
