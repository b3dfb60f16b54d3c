/**
 * Property-based tests of the pack validator: generated hostile, malformed and random inputs never
 * make `validatePack` or `parsePackText` throw, never touch `Object.prototype`, and never let a
 * non-http(s) link or a prototype key through; small generated valid packs are accepted.
 *
 * `FUZZ_RUNS` sets how many hostile inputs one run tries (default 10,000), `FC_SEED` fixes the
 * seed (random by default; fast-check prints the seed and the shrunk input of a failure).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHttpUrl } from '../../../utils/packs/schema';
import { parsePackText, validatePack, type ValidationResult } from '../../../utils/packs/validate';
import { fuzzParameters, hostileInput, runCount, validPack, type FuzzInput } from './arbitraries';

const HOSTILE_RUNS = runCount('FUZZ_RUNS', 10_000);
const VALID_RUNS = runCount('FUZZ_VALID_RUNS', 500);

/** Everything `Object.prototype` (and its usual companions) has, to compare before and after. */
function prototypeSnapshot(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype].flatMap((proto) =>
    Reflect.ownKeys(proto).map(String),
  );
}

/** Runs the validator the way the input arrives: text through `parsePackText`, values directly. */
function validate(input: FuzzInput): ValidationResult<unknown>[] {
  if (input.kind === 'value') return [validatePack(input.value)];
  const results: ValidationResult<unknown>[] = [parsePackText(input.text)];
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.text);
  } catch {
    return results;
  }
  results.push(validatePack(parsed));
  return results;
}

/** Throws unless `result` is one of the two shapes `ValidationResult` promises. */
function checkShape(result: ValidationResult<unknown>): void {
  if (result.ok) return;
  expect(result.issues.length).toBeGreaterThan(0);
  expect(result.issues.length).toBeLessThanOrEqual(100);
  for (const issue of result.issues) {
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
  }
}

/** Throws if an accepted pack holds a link that is not http(s) or a key that reaches a prototype. */
function checkAccepted(value: unknown): void {
  const stack = [value];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node === null || typeof node !== 'object') continue;
    expect(Object.getPrototypeOf(node)).toBe(
      Array.isArray(node) ? Array.prototype : Object.prototype,
    );
    for (const [key, item] of Object.entries(node)) {
      expect(['__proto__', 'constructor', 'prototype']).not.toContain(key);
      if ((key === 'url' || key === 'homepage') && typeof item === 'string') {
        expect(isHttpUrl(item), item).toBe(true);
        expect(item).toMatch(/^https?:\/\/[^\s]/i);
      }
      stack.push(item);
    }
  }
}

describe('the pack validator under fuzzing', () => {
  it(`returns a result for ${HOSTILE_RUNS} hostile inputs and leaves prototypes alone`, () => {
    const before = prototypeSnapshot();
    fc.assert(
      fc.property(hostileInput, (input) => {
        const results = validate(input);
        for (const result of results) {
          checkShape(result);
          if (result.ok) checkAccepted(result.value);
        }
        // Both ways in must agree on whether the input is a pack.
        if (results.length === 2) expect(results[0]?.ok).toBe(results[1]?.ok);
        if (input.kind === 'text' && /"(?:__proto__|constructor|prototype)"\s*:/.test(input.text)) {
          expect(results.every((result) => !result.ok)).toBe(true);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(prototypeSnapshot()).toEqual(before);
      }),
      fuzzParameters(HOSTILE_RUNS),
    );
  }, 60_000);

  it(`accepts ${VALID_RUNS} generated valid packs, as values and as text`, () => {
    fc.assert(
      fc.property(validPack, (pack) => {
        const result = validatePack(pack);
        expect(result.ok, JSON.stringify(result.ok ? null : result.issues)).toBe(true);
        expect(parsePackText(JSON.stringify(pack))).toEqual(result);
        if (result.ok) checkAccepted(result.value);
      }),
      fuzzParameters(VALID_RUNS),
    );
  }, 60_000);
});
