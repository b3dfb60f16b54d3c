import type { IDBPDatabase } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { importPack } from '../../../utils/archive/import';
import {
  createArchiveRepository,
  type ArchiveRepository,
  type SummaryPageCursor,
} from '../../../utils/archive/repository';
import type { ArchiveSchema } from '../../../utils/archive/schema';
import { NOTES_PACK_ID, type Summary } from '../../../utils/packs/model';
import { dumpDatabase } from './dump';
import { openTestArchive } from './fake-idb';
import { dated, makePack } from './fixtures';

let db: IDBPDatabase<ArchiveSchema>;
let archive: ArchiveRepository;

async function install(file: unknown) {
  const result = await importPack(db, file, { mode: 'replace', origin: 'imported' });
  expect(result.ok).toBe(true);
}

/** Two packs: `news` about a and b, `blog` about its own x and news's a. */
async function installTwoPacks() {
  await install(
    makePack(
      'news',
      ['a', 'b', { id: 'off', enabled: false }],
      [
        dated('n-2023', '2023', ['a']),
        dated('n-2024-05', '2024-05', ['a', 'b']),
        dated('n-2024-05-31', '2024-05-31T23:30-02:00', ['a']),
        dated('n-b', '2022-01-01', ['b', 'off']),
      ],
    ),
  );
  await install(
    makePack(
      'blog',
      ['x'],
      [dated('b-1', '2024-05-15', ['x', 'news/a']), dated('b-2', '2021-06-01', ['x'])],
    ),
  );
}

const ids = (summaries: Summary[]) => summaries.map((s) => s.key);

beforeEach(async () => {
  db = await openTestArchive();
  archive = createArchiveRepository(db);
  return () => db.close();
});

describe('packs and organisations', () => {
  beforeEach(installTwoPacks);

  it('lists packs and organisations, by pack when asked', async () => {
    expect((await archive.listPacks()).map((p) => p.id)).toEqual(['blog', 'news']);
    expect((await archive.listOrganisations()).map((o) => o.key)).toEqual([
      'blog/x',
      'news/a',
      'news/b',
      'news/off',
    ]);
    expect((await archive.listOrganisations({ packId: 'blog' })).map((o) => o.key)).toEqual([
      'blog/x',
    ]);
    expect(await archive.getOrganisation('news/b')).toMatchObject({
      name: 'Org b',
      packId: 'news',
    });
  });

  it('switches packs and organisations, reporting unknown ones', async () => {
    expect(await archive.setPackEnabled('news', false)).toBe(true);
    expect((await archive.getPack('news'))?.enabled).toBe(false);
    expect(await archive.setPackEnabled('nope', false)).toBe(false);
    expect(await archive.setOrganisationEnabled('news/a', false)).toBe(true);
    expect((await archive.getOrganisation('news/a'))?.enabled).toBe(false);
    expect(await archive.setOrganisationEnabled('news/nope', true)).toBe(false);
    expect(await archive.listPacks()).toHaveLength(2);
  });

  it('gives the matcher enabled organisations of enabled packs only, with their aliases', async () => {
    expect(await archive.getEnabledMatcherSource()).toEqual([
      { key: 'blog/x', name: 'Org x', aliases: [{ text: 'Org x', caseSensitive: false }] },
      { key: 'news/a', name: 'Org a', aliases: [{ text: 'Org a', caseSensitive: false }] },
      { key: 'news/b', name: 'Org b', aliases: [{ text: 'Org b', caseSensitive: false }] },
    ]);
    await archive.setPackEnabled('blog', false);
    await archive.setOrganisationEnabled('news/b', false);
    await archive.setOrganisationEnabled('news/off', true);
    expect((await archive.getEnabledMatcherSource()).map((o) => o.key)).toEqual([
      'news/a',
      'news/off',
    ]);
  });

  it('deletes a pack with its organisations and summaries, and nothing else', async () => {
    expect(await archive.deletePack('blog')).toBe(true);
    expect(await archive.deletePack('blog')).toBe(false);
    expect((await archive.listPacks()).map((p) => p.id)).toEqual(['news']);
    expect(await db.getAllKeys('organisations')).toEqual(['news/a', 'news/b', 'news/off']);
    expect(await archive.countSummaries({ enabledOnly: false })).toBe(4);
  });
});

describe('summaries', () => {
  beforeEach(installTwoPacks);

  it('finds an organisation’s summaries newest first, across packs, through the multiEntry index', async () => {
    expect(ids(await archive.getSummariesForOrganisation('news/a'))).toEqual([
      'news/n-2024-05-31', // 2024-06-01T01:30Z once its offset is applied
      'blog/b-1',
      'news/n-2024-05',
      'news/n-2023',
    ]);
    expect(ids(await archive.getSummariesForOrganisation('news/b'))).toEqual([
      'news/n-2024-05',
      'news/n-b',
    ]);
    expect(ids(await archive.getSummariesForOrganisation('news/a', { limit: 2 }))).toEqual([
      'news/n-2024-05-31',
      'blog/b-1',
    ]);
    expect(await archive.getSummariesForOrganisation('news/nobody')).toEqual([]);
  });

  it('leaves out summaries of switched-off packs', async () => {
    await archive.setPackEnabled('news', false);
    expect(ids(await archive.getSummariesForOrganisation('news/a'))).toEqual(['blog/b-1']);
    expect(await archive.countSummaries({ organisationKey: 'news/a' })).toBe(1);
    expect(await archive.countSummaries({ organisationKey: 'news/a', enabledOnly: false })).toBe(4);
  });

  it('returns model summaries, without the derived sort fields', async () => {
    const [summary] = await archive.getSummariesForOrganisation('blog/x', { limit: 1 });
    expect(summary).toStrictEqual({
      key: 'blog/b-1',
      id: 'b-1',
      packId: 'blog',
      title: 'Summary b-1',
      text: 'Text of b-1.',
      source: { name: 'Example Daily' },
      publishedAt: '2024-05-15',
      archivedAt: '2024-01-01',
      organisationIds: ['blog/x', 'news/a'],
      tags: [],
    });
  });

  it('counts by organisation, by pack and in all, enabled packs only unless told', async () => {
    expect(await archive.countSummaries()).toBe(6);
    expect(await archive.countSummaries({ packId: 'blog' })).toBe(2);
    expect(await archive.countSummaries({ organisationKey: 'news/a' })).toBe(4);
    expect(await archive.countSummaries({ organisationKey: 'news/a', packId: 'blog' })).toBe(1);
    await archive.setPackEnabled('blog', false);
    expect(await archive.countSummaries()).toBe(4);
    expect(await archive.countSummaries({ packId: 'blog' })).toBe(0);
    expect(await archive.countSummaries({ packId: 'blog', enabledOnly: false })).toBe(2);
    expect(await archive.countSummaries({ enabledOnly: false })).toBe(6);
  });

  it('lists newest first', async () => {
    expect(ids((await archive.listSummaries()).items)).toEqual([
      'news/n-2024-05-31',
      'blog/b-1',
      'news/n-2024-05',
      'news/n-2023',
      'news/n-b',
      'blog/b-2',
    ]);
  });

  it('filters lists by pack, organisation and enabled packs', async () => {
    expect(ids((await archive.listSummaries({ packId: 'blog' })).items)).toEqual([
      'blog/b-1',
      'blog/b-2',
    ]);
    expect(ids((await archive.listSummaries({ organisationKey: 'news/b' })).items)).toEqual([
      'news/n-2024-05',
      'news/n-b',
    ]);
    await archive.setPackEnabled('news', false);
    expect(ids((await archive.listSummaries()).items)).toEqual(['blog/b-1', 'blog/b-2']);
    expect((await archive.listSummaries({ enabledOnly: false })).items).toHaveLength(6);
  });
});

describe('paging', () => {
  it('visits every summary exactly once, newest first, even among many with the same date', async () => {
    const summaries = Array.from({ length: 23 }, (_, i) =>
      dated(
        `s${String(i).padStart(2, '0')}`,
        i % 3 === 0 ? '2024-01-01' : `2024-02-${(i % 9) + 10}`,
        ['a'],
      ),
    );
    await install(makePack('big', ['a'], summaries));
    const all = ids((await archive.listSummaries({ limit: 100 })).items);
    expect(all).toHaveLength(23);

    const paged: string[] = [];
    let after: SummaryPageCursor | undefined;
    let pages = 0;
    do {
      const page = await archive.listSummaries({ limit: 5, after });
      paged.push(...ids(page.items));
      after = page.next;
      pages++;
    } while (after);
    expect(pages).toBe(5);
    expect(paged).toEqual(all);
    const dates = await Promise.all(
      paged.map(async (key) => (await db.get('summaries', key))?.sortDate),
    );
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('says there is no next page when the last page is exactly full', async () => {
    await install(
      makePack('p', ['a'], [dated('s1', '2024-01-01', ['a']), dated('s2', '2024-01-02', ['a'])]),
    );
    const first = await archive.listSummaries({ limit: 1 });
    expect(first.next).toEqual({ sortDate: '2024-01-02T00:00:00.000Z', key: 'p/s2' });
    const second = await archive.listSummaries({ limit: 1, after: first.next });
    expect(ids(second.items)).toEqual(['p/s1']);
    expect(second.next).toBeUndefined();
  });
});

describe('notes', () => {
  const NOW = new Date('2024-06-01T10:00:00Z');
  const note = (extra: Record<string, unknown> = {}) => ({
    title: 'What I found',
    text: 'My own words.',
    source: { name: 'Me' },
    organisationIds: ['news/a', 'blog/x'],
    ...extra,
  });

  beforeEach(installTwoPacks);

  it('creates the notes pack once', async () => {
    const created = await archive.createNotesPackIfMissing({ now: NOW });
    expect(created).toMatchObject({ id: NOTES_PACK_ID, origin: 'notes', enabled: true });
    expect(await archive.createNotesPackIfMissing({ now: new Date('2030-01-01') })).toEqual(
      created,
    );
  });

  it('stores a note about organisations of any pack, creating the notes pack', async () => {
    const result = await archive.putNote(note({ id: 'n1', tags: ['mine'] }), { now: NOW });
    expect(result).toEqual({
      ok: true,
      value: {
        key: `${NOTES_PACK_ID}/n1`,
        id: 'n1',
        packId: NOTES_PACK_ID,
        title: 'What I found',
        text: 'My own words.',
        source: { name: 'Me' },
        archivedAt: '2024-06-01T10:00:00.000Z',
        organisationIds: ['news/a', 'blog/x'],
        tags: ['mine'],
      },
    });
    expect((await archive.getPack(NOTES_PACK_ID))?.updatedAt).toBe('2024-06-01T10:00:00.000Z');
    expect(ids(await archive.getSummariesForOrganisation('blog/x'))).toContain(
      `${NOTES_PACK_ID}/n1`,
    );
  });

  it('gives a note without an id a new one', async () => {
    const first = await archive.putNote(note(), { now: NOW });
    const second = await archive.putNote(note(), { now: NOW });
    expect(first.ok && second.ok && first.value.id !== second.value.id).toBe(true);
    expect(await archive.countSummaries({ packId: NOTES_PACK_ID })).toBe(2);
  });

  it('updates a note in place, keeping when it was first written', async () => {
    await archive.putNote(note({ id: 'n1' }), { now: NOW });
    const later = new Date('2024-07-01T00:00:00Z');
    const updated = await archive.putNote(note({ id: 'n1', title: 'Better title' }), {
      now: later,
    });
    expect(updated).toMatchObject({
      ok: true,
      value: { title: 'Better title', archivedAt: '2024-06-01T10:00:00.000Z' },
    });
    expect(await archive.countSummaries({ packId: NOTES_PACK_ID })).toBe(1);
    expect((await archive.getPack(NOTES_PACK_ID))?.updatedAt).toBe('2024-07-01T00:00:00.000Z');
  });

  it.each([
    ['a missing title', note({ title: undefined }), 'title'],
    ['an unknown field', note({ key: 'news/s' }), 'key'],
    ['a bad link', note({ url: 'javascript:alert(1)' }), 'url'],
    ['a reference without its pack', note({ organisationIds: ['a'] }), 'organisationIds[0]'],
    [
      'an organisation not in the archive',
      note({ organisationIds: ['news/a', 'news/zz'] }),
      'organisationIds[1]',
    ],
    ['not an object', 'just text', ''],
  ])('refuses a note with %s, naming the path, writing nothing', async (_, input, path) => {
    const before = await dumpDatabase(db);
    const result = await archive.putNote(input, { now: NOW });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.path)).toContain(path);
    expect(await dumpDatabase(db)).toStrictEqual(before);
  });

  it('deletes a note, reporting an unknown one', async () => {
    await archive.putNote(note({ id: 'n1' }), { now: NOW });
    expect(await archive.deleteNote('n1')).toBe(true);
    expect(await archive.deleteNote('n1')).toBe(false);
    expect(await archive.countSummaries({ packId: NOTES_PACK_ID })).toBe(0);
  });
});
