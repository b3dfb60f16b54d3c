/**
 * Compiling in slices: the same matcher as compiling at once, with pauses whenever the budget runs
 * out, so thousands of aliases never make one long task.
 */
import { describe, expect, it } from 'vitest';
import {
  type MatcherOrganisation,
  compileMatcher,
  compileMatcherInSlices,
  findMentions,
} from '../../../utils/matching/matcher';
import { ORGANISATIONS } from './fixtures';

/** `count` organisations of ten invented names each, plus the fixtures' real ones. */
function manyAliases(count: number): MatcherOrganisation[] {
  const invented = Array.from({ length: count }, (_, i) => ({
    key: `generated/${i}`,
    name: `Zhorvak ${i} Union`,
    aliases: Array.from({ length: 10 }, (_, j) => ({
      text: `Zhorvak ${i} ${String.fromCharCode(97 + j)}${i % 7} Union`,
      caseSensitive: false,
    })),
  }));
  return [...ORGANISATIONS, ...invented];
}

const TEXT =
  'The Mujahedin-e Khalq (MEK) and Zhorvak 42 c0 Union met; the NCRI, near Camp Ashraf, said ' +
  'Zhorvak 999 j5 Union had left.';

describe('compileMatcherInSlices', () => {
  it('makes a matcher that finds what compileMatcher finds', async () => {
    const orgs = manyAliases(1_000);
    const once = compileMatcher(orgs);
    const sliced = await compileMatcherInSlices(orgs, {
      now: () => 0,
      pause: () => Promise.resolve(),
    });
    expect(sliced.size).toEqual(once.size);
    expect(findMentions(sliced, TEXT)).toEqual(findMentions(once, TEXT));
    expect(findMentions(sliced, TEXT).map((m) => m.aliasText)).toEqual([
      'Mujahedin-e Khalq',
      'MEK',
      'Zhorvak 42 c0 Union',
      'NCRI',
      'Zhorvak 999 j5 Union',
    ]);
  });

  it('pauses whenever a stretch of work passes the budget', async () => {
    let clock = 0;
    let pauses = 0;
    let stepsSincePause = 0;
    let longest = 0;
    await compileMatcherInSlices(manyAliases(1_000), {
      // Every look at the clock is a step of work; each "takes" 1 ms.
      now: () => {
        stepsSincePause++;
        return clock++;
      },
      pause: () => {
        pauses++;
        longest = Math.max(longest, stepsSincePause);
        stepsSincePause = 0;
        return Promise.resolve();
      },
      budgetMs: 4,
    });
    // 10,000 aliases (a step per 250) and their automaton: a pause every few steps, never later.
    expect(pauses).toBeGreaterThanOrEqual(10);
    expect(longest).toBeLessThanOrEqual(5);
  });

  it('does not pause a small compile that fits the budget', async () => {
    let pauses = 0;
    await compileMatcherInSlices(ORGANISATIONS, {
      now: () => 0,
      pause: async () => {
        pauses++;
      },
    });
    expect(pauses).toBe(0);
  });
});
