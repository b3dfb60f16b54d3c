import { describe, expect, it } from 'vitest';
import {
  fuzzyDistance,
  indexTerms,
  queryTermsOf,
  tokenizeForSearch,
  usesPrefix,
} from '../../../utils/search/normalise';

describe('tokenizeForSearch and indexTerms', () => {
  /** Every term a text is indexed under. */
  const indexed = (text: string) => tokenizeForSearch(text).flatMap((w) => indexTerms(w) ?? []);

  it.each([
    ['Mujahedin-e Khalq', ['mujahedin', 'e', 'khalq']],
    ['People’s Mojahedin', ['people', 's', 'mojahedin']],
    ['Élysée, Zürich; São Paulo', ['elysee', 'zurich', 'sao', 'paulo']],
    ['5% of 1,000\tvoters', ['5', 'of', '1', '000', 'voters']],
    ['Ｆｕｌｌ width', ['full', 'width']],
    ['zero\u200bwidth space', ['zero', 'width', 'space']],
    ['كمپ ايران', ['کمپ', 'ایران']],
    ['مُجاهِدین', ['مجاهدین']],
    ['ســازمان', ['سازمان']],
    ['شورا، ملی؛ مقاومت؟', ['شورا', 'ملی', 'مقاومت']],
    ['می‌روند', ['میروند', 'می', 'روند']],
    ['  ', []],
  ])('%j is indexed under %j', (text, terms) => {
    expect(indexed(text)).toEqual(terms);
  });

  it('reads a query like the index reads text, but keeps ZWNJ-joined words whole', () => {
    expect(queryTermsOf('PMOI  Mojahedin')).toEqual(['pmoi', 'mojahedin']);
    expect(queryTermsOf('مجاهدين خلق')).toEqual(['مجاهدین', 'خلق']);
    expect(queryTermsOf('می‌روند')).toEqual(['میروند']);
    expect(queryTermsOf(' ,; ')).toEqual([]);
  });
});

describe('typo tolerance and prefixes', () => {
  it.each([
    ['mek', 0],
    ['khalq', 1],
    ['albania', 1],
    ['mojahedin', 2],
    ['خلق', 0],
    ['مجاهدین', 1],
  ])('%s may be %i edits away', (term, distance) => {
    expect(fuzzyDistance(term)).toBe(distance);
  });

  it('matches word starts from two letters on', () => {
    expect(usesPrefix('a')).toBe(false);
    expect(usesPrefix('al')).toBe(true);
  });
});
