/**
 * Word-boundary and attached-prefix checks, run only at candidate matches.
 *
 * A match edge is a boundary when the nearest visible neighbour is not a letter, mark or digit
 * (`\p{L}\p{M}\p{N}`), or is the edge of the text. Ignorable code units (soft hyphen, tatweel,
 * harakat, ZWJ, bidi marks) are looked through, because they sit inside words. ZWNJ is the
 * exception: Persian uses it to attach suffixes and prefixes to a word without joining the
 * letters ("خلق‌ها"), so it marks a morpheme boundary and counts as a word boundary.
 */

import { FOLD_TABLE, ZWNJ } from './fold';

const WORD = /[\p{L}\p{M}\p{N}]/u;

/** True for a letter, mark or digit (`\p{L}\p{M}\p{N}`). */
export function isWordCodePoint(cp: number): boolean {
  // ASCII fast path: most neighbours on most pages.
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  }
  return WORD.test(String.fromCodePoint(cp));
}

/** True when the visible code point ending just before `index` is not part of a word. */
export function isBoundaryBefore(text: string, index: number): boolean {
  for (let j = index - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (c === ZWNJ) return true;
    if (FOLD_TABLE[c] === 0) continue;
    const high = j > 0 ? text.charCodeAt(j - 1) : 0;
    const isPair = c >= 0xdc00 && c <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
    return !isWordCodePoint(isPair ? (text.codePointAt(j - 1) ?? c) : c);
  }
  return true;
}

/** True when the visible code point starting at `index` is not part of a word. */
export function isBoundaryAfter(text: string, index: number): boolean {
  for (let j = index; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === ZWNJ) return true;
    if (FOLD_TABLE[c] === 0) continue;
    return !isWordCodePoint(text.codePointAt(j) ?? c);
  }
  return true;
}

/**
 * The offset where `prefix` (folded code units) starts if it is written directly before `index`
 * and is itself preceded by a word boundary, or -1. Ignorable code units inside the prefix are
 * looked through; a ZWNJ ends the search because a ZWNJ already makes `index` a boundary.
 */
export function prefixStartBefore(text: string, index: number, prefix: Uint16Array): number {
  let j = index - 1;
  for (let k = prefix.length - 1; k >= 0; k--) {
    for (;;) {
      if (j < 0) return -1;
      const c = text.charCodeAt(j);
      if (c === ZWNJ) return -1;
      if (FOLD_TABLE[c] !== 0) break;
      j--;
    }
    if (FOLD_TABLE[text.charCodeAt(j)] !== prefix[k]) return -1;
    j--;
  }
  return isBoundaryBefore(text, j + 1) ? j + 1 : -1;
}
