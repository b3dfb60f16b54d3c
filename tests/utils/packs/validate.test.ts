import { describe, expect, it } from 'vitest';
import {
  DATE_SAMPLES,
  MALFORMED_PACKS,
  URL_SAMPLES,
  checkMalformedPack,
  validFullPack,
  withValue,
} from '../../fixtures/packs/malformed';
import validFull from '../../fixtures/packs/valid-full.json';
import validMinimal from '../../fixtures/packs/valid-minimal.json';
import { isHttpUrl, isPackDate } from '../../../utils/packs/schema';
import {
  findStructuralIssues,
  formatIssue,
  parsePackText,
  validatePack,
} from '../../../utils/packs/validate';

describe('validatePack and parsePackText refuse malformed packs', () => {
  it('has a table of at least 35 cases with distinct names', () => {
    expect(MALFORMED_PACKS.length).toBeGreaterThanOrEqual(35);
    expect(new Set(MALFORMED_PACKS.map((row) => row.name)).size).toBe(MALFORMED_PACKS.length);
  });

  it.each(MALFORMED_PACKS)('$name → $expectPath', (row) => {
    const result = checkMalformedPack(row);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const atPath = result.issues.filter((issue) => issue.path === row.expectPath);
    expect(atPath, JSON.stringify(result.issues.slice(0, 5))).not.toHaveLength(0);
    if (row.expectMessage) {
      const messages = atPath.map((issue) => issue.message);
      expect(messages).toContainEqual(expect.stringMatching(row.expectMessage));
    }
  });

  it('names the field in a message a person can read', () => {
    const row = MALFORMED_PACKS.find((r) => r.name === 'summary source.url a javascript: URL');
    if (!row) throw new Error('the javascript: source.url row is missing from the table');
    const result = checkMalformedPack(row);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(formatIssue)).toEqual([
      'summaries[3].source.url: must be an http(s) URL',
    ]);
  });

  it('writes an issue at the root as its message alone', () => {
    expect(formatIssue({ path: '', message: 'the file is larger than 1 KB' })).toBe(
      'the file is larger than 1 KB',
    );
  });

  it('leaves Object.prototype untouched by prototype keys', () => {
    const rows = MALFORMED_PACKS.filter((row) => row.prototypeKey);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const keysBefore = Object.getOwnPropertyNames(Object.prototype);
    for (const row of rows) {
      const result = checkMalformedPack(row);
      expect(result.ok).toBe(false);
    }
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(keysBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.constructor).toBe(Object);
  });

  it('does not hand prototype keys to the schema either', () => {
    // Even without the structural check a `__proto__` own key must never become a prototype.
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}') as object;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(findStructuralIssues(parsed, 8)).toEqual([
      { path: '__proto__', message: 'is a forbidden key' },
    ]);
  });

  it('caps the number of issues it reports', () => {
    const result = validatePack(withValue(['organisations'], Array(300).fill(7)));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(100);
  });

  it('caps the structural issues it reports', () => {
    const objects = Array.from({ length: 300 }, () => '{"__proto__": 1}').join(',');
    const result = parsePackText(`[${objects}]`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(100);
  });
});

describe('valid packs', () => {
  it.each([
    ['valid-minimal.json', validMinimal],
    ['valid-full.json', validFull],
  ])('accepts %s as a value and as text', (_name, pack) => {
    expect(validatePack(structuredClone(pack)).ok).toBe(true);
    expect(parsePackText(JSON.stringify(pack, null, 2)).ok).toBe(true);
  });

  it('fills in the defaults', () => {
    const result = validatePack(structuredClone(validMinimal));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [organisation] = result.value.organisations;
    expect(organisation?.enabled).toBe(true);
    expect(organisation?.aliases[0]?.caseSensitive).toBe(false);
    expect(result.value.summaries[0]?.tags).toEqual([]);
  });

  it('keeps the values it was given', () => {
    const result = validatePack(validFullPack());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.organisations[1]?.enabled).toBe(false);
    expect(result.value.organisations[0]?.aliases[0]?.caseSensitive).toBe(true);
    expect(result.value.summaries[2]?.organisationIds).toEqual([
      'example-party',
      'other-pack/some-org',
    ]);
  });

  it('trims required text, measuring its length before trimming', () => {
    const padded = validatePack(withValue(['pack', 'name'], '  Full pack  '));
    expect(padded.ok && padded.value.pack.name).toBe('Full pack');
    // The limit counts what was written, as the JSON Schema's maxLength does.
    const overByPadding = validatePack(withValue(['pack', 'version'], `1${' '.repeat(50)}`));
    expect(overByPadding.ok).toBe(false);
  });

  it('accepts a reference qualified with its own pack id to one of its organisations', () => {
    const result = validatePack(
      withValue(['summaries', 0, 'organisationIds', 0], 'full-pack/example-coalition'),
    );
    expect(result.ok).toBe(true);
  });

  it('does not change the input it validates', () => {
    const input = validFullPack();
    const copy = structuredClone(input);
    validatePack(input);
    expect(input).toEqual(copy);
  });
});

describe('isHttpUrl', () => {
  it.each(URL_SAMPLES)('%j → %s', (url, expected) => {
    expect(isHttpUrl(url)).toBe(expected);
  });
});

describe('isPackDate', () => {
  it.each(DATE_SAMPLES)('%j → %s', (date, expected) => {
    expect(isPackDate(date)).toBe(expected);
  });
});
