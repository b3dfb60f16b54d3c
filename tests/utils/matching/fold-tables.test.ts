/**
 * The fold tables as shipped: built at build time and decoded in each page (fold-tables.ts).
 * Tests run with the shipped text too (vitest.config.ts), so fold.ts's tables here are decoded ones.
 */
import { describe, expect, it } from 'vitest';
import { FOLD_PRESERVING_CASE_TABLE, FOLD_TABLE } from '../../../utils/matching/fold';
import {
  buildFoldTables,
  decodeFoldTables,
  encodeFoldTables,
} from '../../../utils/matching/fold-tables';

/** The code units (hex) where two tables differ. */
function differences(a: Readonly<Uint16Array>, b: Readonly<Uint16Array>): string[] {
  const out: string[] = [];
  for (let c = 0; c < 0x10000; c++) if (a[c] !== b[c]) out.push(c.toString(16));
  return out;
}

declare const __BACKSTORY_FOLD_TABLES__: string | undefined;

describe('fold tables', () => {
  const built = buildFoldTables();

  it('are shipped as text to the tests too, as to the extension', () => {
    expect(typeof __BACKSTORY_FOLD_TABLES__).toBe('string');
  });

  it('ship exactly what the builder makes', () => {
    expect(differences(FOLD_TABLE, built.fold)).toEqual([]);
    expect(differences(FOLD_PRESERVING_CASE_TABLE, built.keep)).toEqual([]);
  });

  it('decode to what was encoded', () => {
    const text = encodeFoldTables(built);
    const decoded = decodeFoldTables(text);
    expect(differences(decoded.fold, built.fold)).toEqual([]);
    expect(differences(decoded.keep, built.keep)).toEqual([]);
    // Much smaller than the tables (2 × 128 KiB): ~10 KB in the content script.
    expect(text.length).toBeLessThan(16_000);
  });

  it('round-trip any tables, including edits at both ends of the range', () => {
    const keep = new Uint16Array(0x10000).map((_, c) => c);
    keep[0] = 7;
    keep[0xffff] = 0;
    for (let c = 0x100; c < 0x110; c++) keep[c] = c + 3;
    for (let c = 0x200; c < 0x205; c++) keep[c] = 0x41;
    const fold = keep.slice();
    fold[0x41] = 0x61;
    fold[0xfffe] = 0x20;
    const decoded = decodeFoldTables(encodeFoldTables({ fold, keep }));
    expect(differences(decoded.keep, keep)).toEqual([]);
    expect(differences(decoded.fold, fold)).toEqual([]);
  });

  it.each([
    ['one table only', 'BBB'],
    ['three tables', 'BBB|BBB|'],
    ['a character that is no digit', 'B,B|'],
    ['a number cut short', 'BBg|'],
    ['a run cut short', 'BB|'],
    ['an empty run', 'BAB|'],
    ['a run past the end', '|Bgggg/BB'],
  ])('throw on text they did not make: %s', (_name, text) => {
    expect(() => decodeFoldTables(text)).toThrow(/fold tables/);
  });
});
