/**
 * The user's changes to organisations: alias edits that survive pack updates, organisations of
 * their own in the notes pack, and deleting those only while no note is about them.
 */
import type { IDBPDatabase } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { exportPack } from '../../../utils/archive/export';
import { importPack } from '../../../utils/archive/import';
import {
  deleteOwnOrganisation,
  organisationIdFor,
  saveOwnOrganisation,
  setOrganisationAliases,
} from '../../../utils/archive/organisations';
import { createArchiveRepository } from '../../../utils/archive/repository';
import type { ArchiveSchema } from '../../../utils/archive/schema';
import { NOTES_PACK_ID } from '../../../utils/packs/model';
import { dumpDatabase } from './dump';
import { openTestArchive } from './fake-idb';
import { makePack } from './fixtures';

let db: IDBPDatabase<ArchiveSchema>;

const packV1 = () =>
  makePack(
    'news',
    [{ id: 'acme', aliases: [{ text: 'Acme' }, { text: 'ACME', caseSensitive: true }] }],
    [{ id: 's1', organisationIds: ['acme'] }],
  );

beforeEach(async () => {
  db = await openTestArchive();
  const result = await importPack(db, packV1(), { mode: 'replace', origin: 'imported' });
  expect(result.ok).toBe(true);
  return () => db.close();
});

describe('setOrganisationAliases', () => {
  const edited = [
    { text: 'Acme', caseSensitive: false },
    { text: 'Acme Corp', caseSensitive: false, context: ['anvil'] },
  ];

  it('stores the edit and keeps the pack’s aliases aside', async () => {
    const result = await setOrganisationAliases(db, 'news/acme', edited);
    expect(result.ok).toBe(true);
    const stored = await db.get('organisations', 'news/acme');
    expect(stored?.aliases).toEqual(edited);
    expect(stored?.packAliases).toEqual([
      { text: 'Acme', caseSensitive: false },
      { text: 'ACME', caseSensitive: true },
    ]);
    // Matching reads `aliases`: the edit applies at once.
    const source = await createArchiveRepository(db).getEnabledMatcherSource();
    expect(source[0]?.aliases).toEqual(edited);
  });

  it('keeps the edit through a pack update that changes the aliases', async () => {
    await setOrganisationAliases(db, 'news/acme', edited);
    const v2 = makePack(
      'news',
      [
        {
          id: 'acme',
          aliases: [{ text: 'Acme' }, { text: 'ACME', caseSensitive: true }, { text: 'Acme Inc' }],
        },
      ],
      [{ id: 's1', organisationIds: ['acme'] }],
    );
    const update = await importPack(db, v2, { mode: 'replace', origin: 'imported' });
    expect(update.ok && update.summary.organisations.updated).toBe(1);
    const stored = await db.get('organisations', 'news/acme');
    expect(stored?.aliases.map((alias) => alias.text)).toEqual(['Acme', 'Acme Inc', 'Acme Corp']);
    expect(stored?.packAliases?.map((alias) => alias.text)).toEqual(['Acme', 'ACME', 'Acme Inc']);
    // Importing the same file again changes nothing.
    const again = await importPack(db, v2, { mode: 'replace', origin: 'imported' });
    expect(again.ok && again.summary.organisations.unchanged).toBe(1);
  });

  it('going back to the pack’s aliases clears the edit', async () => {
    const before = await dumpDatabase(db);
    await setOrganisationAliases(db, 'news/acme', edited);
    await setOrganisationAliases(db, 'news/acme', [
      { text: 'Acme' },
      { text: 'ACME', caseSensitive: true },
    ]);
    expect(await dumpDatabase(db)).toStrictEqual(before);
  });

  it.each([
    ['not a list', 'Acme', 'aliases'],
    ['an empty alias', [{ text: '  ' }], 'aliases[0].text'],
    ['an unknown field', [{ text: 'A', colour: 1 }], 'aliases[0].colour'],
    ['a bad context word', [{ text: 'A', context: ['ok', 5] }], 'aliases[0].context[1]'],
  ])('refuses %s, naming the field, and changes nothing', async (_name, input, path) => {
    const before = await dumpDatabase(db);
    const result = await setOrganisationAliases(db, 'news/acme', input);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toContain(path);
    expect(await dumpDatabase(db)).toStrictEqual(before);
  });

  it('answers for an organisation that does not exist', async () => {
    const result = await setOrganisationAliases(db, 'news/nobody', []);
    expect(result.ok).toBe(false);
  });
});

describe('own organisations', () => {
  const mine = {
    name: 'Café Collective',
    kind: 'movement',
    description: 'A group I follow.',
    aliases: [{ text: 'Café Collective' }],
  };

  it('are created in the notes pack, with an id made from the name', async () => {
    const result = await saveOwnOrganisation(db, mine, { now: new Date('2024-06-01T00:00:00Z') });
    expect(result).toMatchObject({
      ok: true,
      value: { key: 'my-notes/cafe-collective', packId: NOTES_PACK_ID, enabled: true },
    });
    expect(await db.get('packs', NOTES_PACK_ID)).toMatchObject({ origin: 'notes' });
  });

  it('in any script: a Persian name gets a neutral id', () => {
    expect(organisationIdFor('سازمان نمونه')).toMatch(/^organisation-[0-9a-f]{8}$/);
    expect(organisationIdFor('  Ünïcode — Names!  ')).toBe('unicode-names');
  });

  it('two with the same name get different ids', async () => {
    const first = await saveOwnOrganisation(db, mine);
    const second = await saveOwnOrganisation(db, mine);
    expect(first.ok && second.ok && first.value.key !== second.value.key).toBe(true);
  });

  it('an edit keeps the switch, unless one is given', async () => {
    const created = await saveOwnOrganisation(db, mine);
    if (!created.ok) throw new Error('not created');
    await createArchiveRepository(db).setOrganisationEnabled(created.value.key, false);
    const edited = await saveOwnOrganisation(db, {
      ...mine,
      id: created.value.id,
      name: 'Renamed',
    });
    expect(edited).toMatchObject({ ok: true, value: { name: 'Renamed', enabled: false } });
  });

  it.each([
    ['no name', { ...mine, name: '' }, 'name'],
    ['an unknown kind', { ...mine, kind: 'club' }, 'kind'],
    [
      'a bad alias',
      { ...mine, aliases: [{ text: 'x', caseSensitive: 'yes' }] },
      'aliases[0].caseSensitive',
    ],
    ['not an object', 'Acme', ''],
  ])('refuses %s, naming the field, and changes nothing', async (_name, input, path) => {
    const before = await dumpDatabase(db);
    const result = await saveOwnOrganisation(db, input);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toContain(path);
    expect(await dumpDatabase(db)).toStrictEqual(before);
  });

  it('can be what notes are about, and are deleted only once no note is', async () => {
    const repository = createArchiveRepository(db);
    const created = await saveOwnOrganisation(db, mine);
    if (!created.ok) throw new Error('not created');
    const note = await repository.putNote({
      id: 'n1',
      title: 'A note',
      text: 'About my organisation.',
      source: { name: 'Me' },
      organisationIds: [created.value.key],
    });
    expect(note.ok).toBe(true);
    expect(await deleteOwnOrganisation(db, created.value.key)).toEqual({
      ok: false,
      reason: 'in-use',
      summaries: 1,
    });
    await repository.deleteNote('n1');
    expect(await deleteOwnOrganisation(db, created.value.key)).toEqual({ ok: true });
    expect(await db.get('organisations', created.value.key)).toBeUndefined();
  });

  it('pack organisations cannot be deleted, only switched off', async () => {
    expect(await deleteOwnOrganisation(db, 'news/acme')).toEqual({ ok: false, reason: 'not-own' });
    expect(await deleteOwnOrganisation(db, 'my-notes/nobody')).toEqual({
      ok: false,
      reason: 'not-found',
    });
  });

  it('export with the notes pack, and no import can overwrite them', async () => {
    await saveOwnOrganisation(db, mine);
    const exported = await exportPack(db, NOTES_PACK_ID);
    expect(exported?.organisations.map((org) => org.name)).toEqual(['Café Collective']);
    const before = await dumpDatabase(db);
    const result = await importPack(db, exported, { mode: 'replace', origin: 'imported' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(await dumpDatabase(db)).toStrictEqual(before);
  });
});
