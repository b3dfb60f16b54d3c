import { describe, expect, it } from 'vitest';
import {
  FOLD_TABLE,
  foldCodeUnit,
  foldCodeUnitPreservingCase,
  foldText,
} from '../../../utils/matching/fold';

const unit = (s: string): number => s.charCodeAt(0);
const folded = (s: string): string => String.fromCharCode(foldCodeUnit(unit(s)));

describe('foldCodeUnit', () => {
  it.each([
    // letter case
    ['A', 'a'],
    ['Z', 'z'],
    ['a', 'a'],
    ['Ω', 'ω'],
    ['Ж', 'ж'],
    ['İ', 'i'],
    ['ı', 'i'],
    ['ς', 'σ'],
    ['Ｍ', 'm'],
    ['ｍ', 'm'],
    // Latin and Greek diacritics
    ['ā', 'a'],
    ['Ā', 'a'],
    ['é', 'e'],
    ['É', 'e'],
    ['è', 'e'],
    ['ê', 'e'],
    ['ë', 'e'],
    ['ī', 'i'],
    ['ö', 'o'],
    ['ü', 'u'],
    ['ç', 'c'],
    ['ñ', 'n'],
    ['å', 'a'],
    ['ø', 'o'],
    ['Ø', 'o'],
    ['ł', 'l'],
    ['đ', 'd'],
    ['ḵ', 'k'],
    ['ẖ', 'h'],
    ['ằ', 'a'],
    ['Ά', 'α'],
    ['ΐ', 'ι'],
    // apostrophes and quotes
    ['\u2019', "'"],
    ['\u2018', "'"],
    ['\u02BC', "'"],
    ['\u2032', "'"],
    ['`', "'"],
    ['\u201C', '"'],
    ['\u201D', '"'],
    ['\u201E', '"'],
    // hyphens and dashes
    ['-', '-'],
    ['\u2010', '-'],
    ['\u2011', '-'],
    ['\u2012', '-'],
    ['\u2013', '-'],
    ['\u2014', '-'],
    ['\u2015', '-'],
    ['\u2212', '-'],
    ['\uFE63', '-'],
    ['\uFF0D', '-'],
    // spaces
    ['\u00A0', ' '],
    ['\u202F', ' '],
    ['\u2009', ' '],
    ['\u2002', ' '],
    ['\u2003', ' '],
    ['\t', ' '],
    ['\n', ' '],
    ['\r', ' '],
    ['\u3000', ' '],
    ['\u200B', ' '],
    // Persian and Arabic letter variants
    ['ي', 'ی'],
    ['ى', 'ی'],
    ['ك', 'ک'],
    ['ة', 'ه'],
    ['أ', 'ا'],
    ['إ', 'ا'],
    ['آ', 'ا'],
    ['ٱ', 'ا'],
    ['ۀ', 'ه'],
    ['ؤ', 'و'],
    ['\uFEF1', 'ی'], // presentation form of yeh
    ['\uFED9', 'ک'], // presentation form of kaf
    ['۰', '0'],
    ['۵', '5'],
    ['۹', '9'],
    ['٠', '0'],
    ['٤', '4'],
    ['٩', '9'],
    // left alone
    ['ی', 'ی'],
    ['ک', 'ک'],
    ['ه', 'ه'],
    ['ا', 'ا'],
    ['ئ', 'ئ'],
    ['й', 'й'],
    ['ß', 'ß'],
    ['«', '«'],
    ['(', '('],
    ['7', '7'],
  ])('folds %j to %j', (input, output) => {
    expect(folded(input)).toBe(output);
  });

  it.each([
    ['ZWNJ', '\u200C'],
    ['ZWJ', '\u200D'],
    ['tatweel', '\u0640'],
    ['fathatan', '\u064B'],
    ['fatha', '\u064E'],
    ['kasra', '\u0650'],
    ['shadda', '\u0651'],
    ['sukun', '\u0652'],
    ['hamza below', '\u0655'],
    ['last haraka U+065F', '\u065F'],
    ['superscript alef', '\u0670'],
    ['soft hyphen', '\u00AD'],
    ['LRM', '\u200E'],
    ['RLM', '\u200F'],
    ['Arabic letter mark', '\u061C'],
    ['combining acute', '\u0301'],
    ['combining macron below', '\u0331'],
    ['word joiner', '\u2060'],
    ['BOM', '\uFEFF'],
    ['first strong isolate', '\u2068'],
  ])('ignores %s', (_name, input) => {
    expect(foldCodeUnit(unit(input))).toBe(0);
  });

  it('lowercases every BMP letter that has a one-unit lowercase form', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const lower = String.fromCharCode(c).toLowerCase();
      if (lower.length !== 1) continue;
      if (foldCodeUnit(c) !== foldCodeUnit(lower.charCodeAt(0))) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('is idempotent: a folded code unit folds to itself', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const f = FOLD_TABLE[c] ?? 0;
      if (f !== 0 && foldCodeUnit(f) !== f) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});

describe('foldCodeUnitPreservingCase', () => {
  it.each([
    ['A', 'A'],
    ['a', 'a'],
    ['É', 'E'],
    ['Ā', 'A'],
    ['Ｍ', 'M'],
    ['\u2019', "'"],
    ['\u2011', '-'],
    ['\u00A0', ' '],
    ['ي', 'ی'],
  ])('folds %j to %j', (input, output) => {
    expect(String.fromCharCode(foldCodeUnitPreservingCase(unit(input)))).toBe(output);
  });

  it('ignores what foldCodeUnit ignores', () => {
    expect(foldCodeUnitPreservingCase(0x200c)).toBe(0);
    expect(foldCodeUnitPreservingCase(0x00ad)).toBe(0);
  });
});

describe('foldText', () => {
  it.each([
    ['Mujāhedin\u2011e  Khalq', 'mujahedin e khalq'],
    ['Mujahedin-e-Khalq', 'mujahedin e khalq'],
    ['  -MEK- ', 'mek'],
    ['People\u2019s Mojahedin', "people's mojahedin"],
    ['Muja\u00ADhedin', 'mujahedin'],
    ['Moja\u0304hedin', 'mojahedin'],
    ['مجاهدين خلق', 'مجاهدین خلق'],
    ['مُجاهِدین', 'مجاهدین'],
    ['مجاهـــدین', 'مجاهدین'],
    ['مجاهدین\u200Cخلق', 'مجاهدینخلق'],
    ['شوراي ملي', 'شورای ملی'],
    ['۱۳۶۰', '1360'],
    ['', ''],
    ['\u200C\u00AD', ''],
  ])('folds %j to %j', (input, output) => {
    expect(foldText(input)).toBe(output);
  });

  it.each([
    ['MEK\u2019s', "MEK's"],
    ['Mojāhedin\u00A0E', 'Mojahedin E'],
    ['ＰＭＯＩ', 'PMOI'],
  ])('keeps case when asked: %j to %j', (input, output) => {
    expect(foldText(input, { preserveCase: true })).toBe(output);
  });
});
