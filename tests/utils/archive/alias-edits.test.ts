import { describe, expect, it } from 'vitest';
import type { Alias } from '../../../utils/packs/model';
import { applyAliasEdits, sameAlias, sameAliases } from '../../../utils/archive/alias-edits';

const a = (text: string, fields: Partial<Alias> = {}): Alias => ({
  text,
  caseSensitive: false,
  ...fields,
});

describe('applyAliasEdits: the user’s edits survive a pack update', () => {
  // [name, old pack aliases, the user's aliases, the new pack aliases, expected]
  it.each<[string, Alias[], Alias[], Alias[], Alias[]]>([
    [
      'no edits: the new pack wins',
      [a('A'), a('B')],
      [a('A'), a('B')],
      [a('A'), a('C')],
      [a('A'), a('C')],
    ],
    [
      'a removed alias stays removed',
      [a('A'), a('B')],
      [a('A')],
      [a('A'), a('B'), a('C')],
      [a('A'), a('C')],
    ],
    [
      'an added alias is kept',
      [a('A')],
      [a('A'), a('Mine')],
      [a('A'), a('B')],
      [a('A'), a('B'), a('Mine')],
    ],
    [
      'a changed alias keeps the user’s version, in the pack’s order',
      [a('MEK'), a('B')],
      [a('MEK', { caseSensitive: true, context: ['Tehran'] }), a('B')],
      [a('B'), a('MEK'), a('C')],
      [a('B'), a('MEK', { caseSensitive: true, context: ['Tehran'] }), a('C')],
    ],
    [
      'the pack dropping an alias the user changed keeps the user’s version',
      [a('A'), a('B')],
      [a('A'), a('B', { lang: 'fa' })],
      [a('A')],
      [a('A'), a('B', { lang: 'fa' })],
    ],
    [
      'the pack dropping an alias the user removed: still gone',
      [a('A'), a('B')],
      [a('A')],
      [a('A')],
      [a('A')],
    ],
    ['all removed', [a('A')], [], [a('A'), a('B')], [a('B')]],
  ])('%s', (_name, oldPack, user, newPack, expected) => {
    expect(applyAliasEdits(newPack, oldPack, user)).toEqual(expected);
  });

  it('never grows past the pack format’s 200 aliases', () => {
    const many = Array.from({ length: 200 }, (_, i) => a(`pack ${i}`));
    const mine = [...many, a('mine')];
    expect(applyAliasEdits(many, many.slice(0, 100), mine)).toHaveLength(200);
  });

  it('compares every field that matters for matching', () => {
    expect(sameAlias(a('A'), a('A'))).toBe(true);
    expect(sameAlias(a('A'), a('a'))).toBe(false);
    expect(sameAlias(a('A', { context: [] }), a('A'))).toBe(true);
    expect(sameAlias(a('A', { prefixes: ['و'] }), a('A'))).toBe(false);
    expect(sameAliases([a('A'), a('B')], [a('B'), a('A')])).toBe(false);
  });
});
