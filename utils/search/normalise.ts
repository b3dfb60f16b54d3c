/**
 * How archive text becomes search terms: split into words, then folded with the matcher's own
 * folding (`utils/matching/fold.ts`), so search sees through letter case, Latin and Greek
 * diacritics, Arabic and Persian letter variants (ي/ی, ك/ک, ة/ه…), harakat and tatweel exactly
 * as highlighting does. Used both when indexing and when reading a query.
 */
import { foldText } from '../matching/fold';

/**
 * Word breaks: whitespace, punctuation (Latin and Arabic-script: ، ؛ ؟ are \p{P}), symbols and
 * zero-width space. The zero-width non-joiner is NOT a break: in Persian it sits inside a word
 * ("می‌روند") and is handled by {@link indexTerms}.
 */
const WORD_BREAK = /[\s\p{Z}\p{P}\p{S}\u200b]+/u;

const ZWNJ = '\u200c';

/** Splits text into raw words (not yet folded); empty strings are possible and dropped later. */
export function tokenizeForSearch(text: string): string[] {
  return text.split(WORD_BREAK);
}

/** The folded words of one raw word: usually one, more when folding meets a separator (−, ‐). */
function foldedWords(word: string): string[] {
  const folded = foldText(word);
  return folded ? folded.split(' ') : [];
}

/**
 * The terms one raw word is indexed under. A Persian word joined by ZWNJ is indexed whole
 * (ZWNJ dropped, as people often type it without) and by its parts (as people also type it with
 * a space), so "می‌روند", "میروند" and "می روند" all find it.
 */
export function indexTerms(word: string): string[] | null {
  const terms = foldedWords(word);
  if (word.includes(ZWNJ)) {
    for (const part of word.split(ZWNJ)) terms.push(...foldedWords(part));
  }
  if (terms.length === 0) return null;
  return terms.length === 1 ? terms : [...new Set(terms)];
}

/** The terms one raw word of a query searches for: the whole folded word (ZWNJ dropped). */
export function queryTerms(word: string): string[] | null {
  const terms = foldedWords(word);
  return terms.length === 0 ? null : terms;
}

/** The folded terms of a whole query, in order; what the search engine will look up. */
export function queryTermsOf(query: string): string[] {
  return tokenizeForSearch(query).flatMap((word) => queryTerms(word) ?? []);
}

/**
 * How many edits a query term may be away from an indexed word: none for short terms (a typo
 * in "MEK" would match every three-letter word), one from four letters, two from eight.
 */
export function fuzzyDistance(term: string): number {
  if (term.length < 4) return 0;
  return term.length < 8 ? 1 : 2;
}

/** Whether a query term also matches longer words it starts: from two letters on. */
export function usesPrefix(term: string): boolean {
  return term.length >= 2;
}
