import { describe, expect, it } from 'vitest';
import { archiveSignature } from '../../../utils/search/changes';
import { pack } from './fixtures';

describe('archiveSignature', () => {
  const packs = [pack('a'), pack('b')];
  const base = archiveSignature(packs, 2, 10);

  it('does not depend on the order packs are listed in', () => {
    expect(archiveSignature([...packs].reverse(), 2, 10)).toBe(base);
  });

  it.each([
    ['a pack switched off', [pack('a', { enabled: false }), pack('b')], 2, 10],
    ['a pack updated', [pack('a', { updatedAt: '2024-02-02' }), pack('b')], 2, 10],
    ['a new version', [pack('a', { version: '2.0.0' }), pack('b')], 2, 10],
    ['a pack removed', [pack('a')], 2, 10],
    ['a note deleted', packs, 2, 9],
    ['an organisation added', packs, 3, 10],
  ])('changes when %s', (_name, next, organisations, summaries) => {
    expect(archiveSignature(next, organisations, summaries)).not.toBe(base);
  });
});
