/**
 * An alias's folded forms: one separator for any run of spaces, hyphens and ZWNJ, case folded
 * (and kept, for case-sensitive aliases), and for Persian names every way of writing the parts
 * apart or joined.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FOLD_PRESERVING_CASE_TABLE,
  FOLD_TABLE,
  SPACE,
  ZWNJ,
  isSeparator,
} from '../../../utils/matching/fold';
import { foldedPatterns, isArabicScript } from '../../../utils/matching/patterns';

/** The forms as strings, to read in a failure message. */
const forms = (text: string) =>
  foldedPatterns(text).map((form) => [
    String.fromCharCode(...form.folded),
    String.fromCharCode(...(form.preservingCase ?? [])),
  ]);

/**
 * The forms worked out the plain way (arrays, sets and filters, as the first version did): the
 * oracle for the allocation-lean version.
 */
function plainForms(text: string): string[][] {
  const folded: number[] = [];
  const kept: number[] = [];
  let pending = false;
  for (const ch of text.split('')) {
    const c = ch.charCodeAt(0);
    const f = c === ZWNJ ? SPACE : (FOLD_TABLE[c] ?? 0);
    if (f === 0) continue;
    if (isSeparator(f)) {
      pending = folded.length > 0;
      continue;
    }
    if (pending) {
      folded.push(SPACE);
      kept.push(SPACE);
      pending = false;
    }
    folded.push(f);
    kept.push(FOLD_PRESERVING_CASE_TABLE[c] ?? f);
  }
  if (folded.length === 0) return [];
  const joinable = folded
    .map((f, i) => i)
    .filter(
      (i) =>
        i > 0 &&
        i < folded.length - 1 &&
        folded[i] === SPACE &&
        isArabicScript(folded[i - 1] ?? 0) &&
        isArabicScript(folded[i + 1] ?? 0),
    );
  const masks =
    joinable.length <= 4 ? Array.from({ length: 1 << joinable.length }, (_, m) => m) : [0, -1];
  return masks.map((mask) => {
    const drop = new Set(joinable.filter((_, bit) => (mask & (1 << bit)) !== 0));
    const keep = (_: number, i: number) => !drop.has(i);
    return [String.fromCharCode(...folded.filter(keep)), String.fromCharCode(...kept.filter(keep))];
  });
}

describe('foldedPatterns', () => {
  it('folds case, marks and every separator, and keeps the case alongside', () => {
    expect(forms('Mojāhedin-e  Khalq')).toEqual([['mojahedin e khalq', 'Mojahedin e Khalq']]);
    expect(forms('  PMOI ')).toEqual([['pmoi', 'PMOI']]);
    // Only separators and ignorable marks (tatweel, a fatha): nothing to match.
    expect(forms(' - \u0640\u064e ')).toEqual([]);
  });

  it('leaves the case-kept forms out when not asked for', () => {
    const [latin] = foldedPatterns('Mojahedin-e Khalq', { keepCase: false });
    expect(String.fromCharCode(...(latin?.folded ?? []))).toBe('mojahedin e khalq');
    expect(latin?.preservingCase).toBeNull();
    expect(
      foldedPatterns('مجاهدین خلق', { keepCase: false }).map((form) => form.preservingCase),
    ).toEqual([null, null]);
  });

  it('writes the parts of a Persian name apart and joined, in every combination', () => {
    expect(forms('سازمان مجاهدین خلق').map(([folded]) => folded)).toEqual([
      'سازمان مجاهدین خلق',
      'سازمانمجاهدین خلق',
      'سازمان مجاهدینخلق',
      'سازمانمجاهدینخلق',
    ]);
    // A ZWNJ between the parts is a separator too.
    expect(forms('مجاهدین\u200cخلق').map(([folded]) => folded)).toEqual([
      'مجاهدین خلق',
      'مجاهدینخلق',
    ]);
    // Past four joinable separators: all apart and all joined only.
    expect(forms('الف ب پ ت ث ج').map(([folded]) => folded)).toEqual(['الف ب پ ت ث ج', 'الفبپتثج']);
  });

  it('gives what the plain version gives, for any text', () => {
    const unit = fc.constantFrom(
      ...'aAzZāÉ -‐‑—_.\u00a0\u200c\u0640\u064eسمجاهدینخلقيكة0۱'.split(''),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const text = units.join('');
        expect(forms(text)).toEqual(plainForms(text));
      }),
      { numRuns: 500 },
    );
    // A long alias after short ones: the scratch space grows and stays right.
    const long = 'Mujahedin '.repeat(60);
    expect(forms(long)).toEqual(plainForms(long));
    expect(forms('MEK')).toEqual([['mek', 'MEK']]);
  });
});
