// @vitest-environment happy-dom
/**
 * A page's text read for alias keys in pieces (the content script's first read with a large alias
 * list): it meets the very keys one read of the whole text meets, a word split across a boundary
 * between pieces included, and keeps the pieces for the block filter.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { createKeyRead } from '../../entrypoints/content/key-read';
import { SEAM_UNITS } from '../../entrypoints/content/text-pieces';
import { createKeyedSource } from '../../utils/matching/keyed-source';
import { keyIndexFromData, keyWindow } from '../../utils/matching/keys';
import { bundledMatcher, growRandomTree, seededRandom, setBody } from './fakes';

const source = createKeyedSource(bundledMatcher().organisations);

/** The keys one scan of `text` meets, with a fresh index. */
function keysOfWhole(text: string): number[] {
  const met: number[] = [];
  keyIndexFromData(source.keys).scan(text, 0, text.length, keyWindow(), met);
  return met.sort();
}

/** Runs a key read of `root` to the end with a fresh index; returns it and its step count. */
function readAll(root: Element, readElements?: number) {
  const read = createKeyRead(root, keyIndexFromData(source.keys), { readElements });
  let steps = 1;
  while (!read.step()) steps++;
  return { read, steps, met: [...read.met].sort() };
}

beforeEach(() => {
  document.body.replaceChildren();
});

describe('key read', () => {
  it('meets the keys of names whose letters stand either side of a boundary', () => {
    // An element a piece: each name's words split over two or more pieces.
    setBody(`<p>The Mu</p><p>jahe</p><p>din Kh</p><b>al</b><b>q</b> and the <b>P</b><b>MOI</b>
      <p>National Coun</p><p>cil</p>`);
    const text = document.body.textContent ?? '';
    const whole = keysOfWhole(text);
    expect(whole.length).toBeGreaterThan(0);
    for (const readElements of [1, 2, 3]) {
      const { read, met } = readAll(document.body, readElements);
      expect(met).toEqual(whole);
      expect(read.pieces.join('')).toBe(text);
    }
    // No piece holds a whole key of "PMOI" on its own, so only the seams can have met it.
    const { read } = readAll(document.body, 1);
    expect(read.pieces.some((piece) => piece.includes('PMOI'))).toBe(false);
  });

  it('meets a key split around a long run of ignorable marks, up to SEAM_UNITS of them', () => {
    // Zero-width non-joiners are ignored by folding: "PM‌…‌OI" is still PMOI.
    const marks = '\u200c'.repeat(SEAM_UNITS - 10);
    setBody(`<p>${'Filler words. '.repeat(50)}</p><b>PM${marks}</b><b>${marks}OI</b>`);
    const whole = keysOfWhole(document.body.textContent ?? '');
    expect(readAll(document.body, 2).met).toEqual(whole);
  });

  it('goes a piece, or 65,536 code units of one, a step', () => {
    const long = 'Plain prose without any name. '.repeat(5_000);
    setBody(`<p>${long}</p><p>short</p><p>${long}</p>`);
    const { read, steps } = readAll(document.body, 1);
    const slices = read.pieces.reduce(
      (sum, piece) => sum + Math.max(1, Math.ceil(piece.length / 65_536)),
      0,
    );
    // A step per slice of each piece, and the one that finds no piece left.
    expect(steps).toBe(slices + 1);
  });

  it('meets the same keys as one read of the whole text, over random trees', () => {
    const words = ['Muja', 'hedin ', 'Khalq', 'P', 'MOI', 'MEK', 'the ', '', ' ', 'NC', 'RI.'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_147_483_646 }),
        fc.integer({ min: 1, max: 8 }),
        (seed, readElements) => {
          document.body.replaceChildren();
          growRandomTree(document.body, seededRandom(seed), words);
          const text = document.body.textContent ?? '';
          const { read, met } = readAll(document.body, readElements);
          expect(met).toEqual(keysOfWhole(text));
          expect(read.pieces.join('')).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
