/**
 * The hover card's counts in the background's archive service: counted once per organisation
 * until the archive changes, counted again after any change, and ready before the first hover.
 */
import { describe, expect, it, vi } from 'vitest';
import { createArchiveService } from '../../../entrypoints/background/archive-service';
import * as repositories from '../../../utils/archive/repository';
import { newFactory } from '../../utils/archive/fake-idb';

const PACK_ID = 'count-pack';
const ORG = `${PACK_ID}/org`;

/** A pack of one organisation with `count` summaries. */
function packText(count: number): string {
  return JSON.stringify({
    format: 'backstory-pack',
    formatVersion: 1,
    pack: {
      id: PACK_ID,
      name: 'Count pack',
      version: '1.0.0',
      publisher: 'Tests',
      description: 'Summaries to count.',
      updatedAt: '2026-01-01',
    },
    organisations: [
      { id: 'org', name: 'Org', kind: 'other', description: 'An org.', aliases: [{ text: 'Org' }] },
    ],
    summaries: Array.from({ length: count }, (_, i) => ({
      id: `s${i}`,
      title: `Summary ${i}`,
      text: 'Text.',
      source: { name: 'Source' },
      archivedAt: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`,
      organisationIds: ['org'],
    })),
  });
}

/** Counts `countSummaries` calls made through any repository. */
function countCalls() {
  const real = repositories.createArchiveRepository;
  let calls = 0;
  vi.spyOn(repositories, 'createArchiveRepository').mockImplementation((db) => {
    const repo = real(db);
    return {
      ...repo,
      countSummaries: (filter) => {
        calls++;
        return repo.countSummaries(filter);
      },
    };
  });
  return () => calls;
}

describe('card counts', () => {
  it('counts an organisation once until the archive changes, then counts again', async () => {
    const calls = countCalls();
    const service = createArchiveService({ factory: newFactory() });
    expect((await service.importPackText(packText(30), 'replace')).ok).toBe(true);

    expect((await service.getCard(ORG))?.total).toBe(30);
    expect((await service.getCard(ORG))?.summaries).toHaveLength(20);
    expect((await service.getCard(ORG))?.total).toBe(30);
    expect(calls()).toBe(1);

    expect((await service.importPackText(packText(45), 'replace')).ok).toBe(true);
    expect((await service.getCard(ORG))?.total).toBe(45);
    await service.setPackEnabled(PACK_ID, false);
    expect((await service.getCard(ORG))?.total).toBe(0);
    expect(calls()).toBe(3);
  });

  it('counts the organisations a page reports before the first hover', async () => {
    const calls = countCalls();
    const service = createArchiveService({ factory: newFactory() });
    await service.importPackText(packText(5), 'replace');
    service.warmCardTotals([ORG, `${PACK_ID}/nobody`]);
    expect((await service.getCard(ORG))?.total).toBe(5);
    expect(calls()).toBe(2);
  });
});
