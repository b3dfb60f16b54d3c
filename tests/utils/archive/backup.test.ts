/**
 * Backups: a backup restores exactly the state it was made from (archive and settings); a
 * malformed, hostile, oversized or newer backup is refused with its problems by path and changes
 * nothing; a restore that fails half-way leaves the archive as it was.
 */
import type { IDBPDatabase } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT_VERSION,
  backupFileName,
  checkBackup,
  createBackup,
  describeBackup,
  restoreArchive,
  type BackupFile,
} from '../../../utils/archive/backup';
import { importPack } from '../../../utils/archive/import';
import { saveOwnOrganisation, setOrganisationAliases } from '../../../utils/archive/organisations';
import { createArchiveRepository } from '../../../utils/archive/repository';
import type { ArchiveSchema } from '../../../utils/archive/schema';
import { BUNDLED_PACK_ID } from '../../../utils/packs/model';
import { defaultSettings, type Settings } from '../../../utils/settings/model';
import bundled from '../../../assets/packs/backstory-digest-mko-ncri.json';
import { dumpDatabase } from './dump';
import { openTestArchive } from './fake-idb';
import { withWriteFault, type WriteFault } from './faults';
import { validFull } from './fixtures';

const SETTINGS: Settings = {
  highlightStyle: 'ul',
  colours: { [`${BUNDLED_PACK_ID}/mko`]: 4 },
  dwellMs: 300,
  cardWidth: 400,
  sites: { mode: 'everywhere-except', paused: ['*.example.com'], only: [] },
};

let db: IDBPDatabase<ArchiveSchema>;

/** An archive with every kind of state a backup must carry. */
async function richArchive(target: IDBPDatabase<ArchiveSchema>) {
  const repo = createArchiveRepository(target);
  expect((await importPack(target, bundled, { mode: 'replace', origin: 'bundled' })).ok).toBe(true);
  expect((await importPack(target, validFull(), { mode: 'replace', origin: 'imported' })).ok).toBe(
    true,
  );
  await repo.setPackEnabled('full-pack', false);
  await repo.setOrganisationEnabled(`${BUNDLED_PACK_ID}/ncri`, false);
  await setOrganisationAliases(target, `${BUNDLED_PACK_ID}/mko`, [
    { text: 'MKO', caseSensitive: true },
    { text: 'Mojahedin (mine)' },
  ]);
  const own = await saveOwnOrganisation(target, {
    name: 'سازمان نمونه',
    kind: 'other',
    description: 'My own organisation.',
    aliases: [{ text: 'سازمان نمونه', lang: 'fa', prefixes: ['و'] }],
  });
  if (!own.ok) throw new Error('own organisation not saved');
  for (const organisationIds of [[`${BUNDLED_PACK_ID}/mko`], [own.value.key]]) {
    const note = await repo.putNote({
      title: 'My note',
      text: 'Something I read.\nOn two lines.',
      source: { name: 'Me', url: 'https://example.org/source' },
      url: 'https://example.org/article',
      publishedAt: '2024-05',
      organisationIds,
    });
    expect(note.ok).toBe(true);
  }
}

beforeEach(async () => {
  db = await openTestArchive();
  await richArchive(db);
  return () => db.close();
});

/** A backup of `db` through JSON, as it goes through a file. */
async function backupText(settings: Settings = SETTINGS) {
  return JSON.stringify(
    await createBackup(db, settings, { now: new Date('2024-06-01T10:00:00Z') }),
  );
}

/** The pack entries of a parsed backup, for tests that spoil one. */
const packsOf = (backup: Record<string, unknown>) =>
  backup.packs as { enabled: unknown; origin: string; packAliases?: object }[];

/** Entry `index` of a parsed backup's packs (the test fails if there is none). */
const packAt = (backup: Record<string, unknown>, index: number) => {
  const entry = packsOf(backup)[index];
  if (!entry) throw new Error(`the backup has no pack ${index}`);
  return entry;
};

const mutate = (text: string, change: (backup: Record<string, unknown>) => void) => {
  const backup = JSON.parse(text) as Record<string, unknown>;
  change(backup);
  return JSON.stringify(backup);
};

describe('backup and restore', () => {
  it('restores exactly the archive and settings the backup was made from', async () => {
    const text = await backupText();
    const checked = checkBackup(text);
    if (!checked.ok) throw new Error(checked.error.message);
    expect(checked.settings).toEqual(SETTINGS);
    expect(checked.settingsReset).toEqual([]);

    const fresh = await openTestArchive();
    expect(await restoreArchive(fresh, checked.backup)).toEqual({ ok: true });
    expect(await dumpDatabase(fresh)).toStrictEqual(await dumpDatabase(db));
    // And a backup of the restored archive is the same file.
    expect(
      JSON.stringify(
        await createBackup(fresh, checked.settings, { now: new Date('2024-06-01T10:00:00Z') }),
      ),
    ).toBe(text);
    fresh.close();
  });

  it('replaces everything: packs added since the backup are gone after restoring it', async () => {
    const text = await backupText();
    const before = await dumpDatabase(db);
    await importPack(
      db,
      { ...validFull(), pack: { ...(validFull().pack as object), id: 'later' } },
      {
        mode: 'replace',
        origin: 'imported',
      },
    );
    const checked = checkBackup(text);
    if (!checked.ok) throw new Error(checked.error.message);
    expect(await restoreArchive(db, checked.backup)).toEqual({ ok: true });
    expect(await dumpDatabase(db)).toStrictEqual(before);
  });

  it('describes what it holds, for the preview', async () => {
    const checked = checkBackup(await backupText());
    if (!checked.ok) throw new Error(checked.error.message);
    const preview = describeBackup(checked);
    expect(preview.createdAt).toBe('2024-06-01T10:00:00.000Z');
    expect(
      preview.packs.map((pack) => [pack.id, pack.origin, pack.enabled, pack.summaries]),
    ).toEqual([
      [BUNDLED_PACK_ID, 'bundled', true, 8],
      ['full-pack', 'imported', false, 4],
      ['my-notes', 'notes', true, 2],
    ]);
    expect(backupFileName(new Date('2024-06-01T10:00:00Z'))).toBe(
      'backstory-backup-2024-06-01.json',
    );
  });

  it('resets invalid settings in a backup to their defaults, reporting them, and restores the rest', async () => {
    const text = mutate(await backupText(), (backup) => {
      backup.settings = {
        ...SETTINGS,
        dwellMs: -4,
        sites: { ...SETTINGS.sites, paused: ['ok.example', 'ftp://no'] },
      };
    });
    const checked = checkBackup(text);
    if (!checked.ok) throw new Error(checked.error.message);
    expect(checked.settings).toEqual({
      ...SETTINGS,
      dwellMs: defaultSettings().dwellMs,
      sites: { ...SETTINGS.sites, paused: ['ok.example'] },
    });
    expect(checked.settingsReset.map((issue) => issue.path)).toEqual([
      'dwellMs',
      'sites.paused[1]',
    ]);
  });
});

describe('a bad backup is refused, naming the problem, and changes nothing', () => {
  type Case = [name: string, make: (text: string) => string, path: string, message?: RegExp];
  const cases: Case[] = [
    ['not JSON', (text) => text.slice(0, -10), '', /not valid JSON/],
    ['a pack file instead', () => JSON.stringify(bundled), 'format', /pack file, not a backup/],
    ['another format', (t) => mutate(t, (b) => (b.format = 'dark-reader')), 'format'],
    ['a list', () => '[]', '', /backup object/],
    ['no packs', (t) => mutate(t, (b) => delete b.packs), 'packs', /required/],
    ['an unknown field', (t) => mutate(t, (b) => (b.extra = 1)), 'extra', /not a field/],
    ['format version 0', (t) => mutate(t, (b) => (b.formatVersion = 0)), 'formatVersion'],
    [
      'a bad summary URL in a pack',
      (t) =>
        mutate(t, (b) => {
          const packs = b.packs as { file: { summaries: { url?: string }[] } }[];
          const summaries = packs[0]?.file.summaries ?? [];
          if (summaries[2]) summaries[2].url = 'javascript:alert(1)';
        }),
      'packs[0].file.summaries[2].url',
      /http\(s\) URL/,
    ],
    [
      'a pack switch that is not a boolean',
      (t) => mutate(t, (b) => (packAt(b, 1).enabled = 'yes')),
      'packs[1].enabled',
    ],
    [
      'the notes pack claimed as imported',
      (t) => mutate(t, (b) => (packAt(b, 2).origin = 'imported')),
      'packs[2].origin',
    ],
    [
      'a pack claiming to be the notes',
      (t) => mutate(t, (b) => (packAt(b, 1).origin = 'notes')),
      'packs[1].origin',
    ],
    [
      'the same pack twice',
      (t) => mutate(t, (b) => (b.packs as unknown[]).push((b.packs as unknown[])[1])),
      'packs[3].file.pack.id',
      /duplicate/,
    ],
    [
      'edited aliases of an organisation the pack does not have',
      (t) =>
        mutate(t, (b) => {
          packAt(b, 1).packAliases = { ghost: [] };
        }),
      'packs[1].packAliases.ghost',
    ],
    [
      'a prototype key',
      (t) => t.replace('"settings":{', '"settings":{"__proto__":{"polluted":true},'),
      'settings.__proto__',
      /forbidden/,
    ],
    [
      'nesting deeper than the format allows',
      (t) =>
        mutate(t, (b) => {
          let deep: unknown = 1;
          for (let i = 0; i < 20; i++) deep = [deep];
          b.settings = deep;
        }),
      'settings[0][0][0][0][0][0][0][0][0]',
      /nested too deeply/,
    ],
  ];

  it.each(cases)('%s', async (_name, make, path, message) => {
    const before = await dumpDatabase(db);
    const result = checkBackup(make(await backupText()));
    if (result.ok) throw new Error('accepted');
    expect(result.error.kind).toBe('invalid');
    const issues = result.error.kind === 'invalid' ? result.error.issues : [];
    const issue = issues.find((candidate) => candidate.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    if (message) expect(issue?.message).toMatch(message);
    expect(result.error.message).toMatch(/Nothing was restored/);
    expect(await dumpDatabase(db)).toStrictEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a file over the size limit before parsing it', () => {
    const huge = ' '.repeat(48 * 1024 * 1024 + 1);
    const result = checkBackup(huge);
    expect(
      !result.ok && result.error.kind === 'invalid' && result.error.issues[0]?.message,
    ).toMatch(/larger than 48 MB/);
  });

  it.each([
    [
      'format',
      (b: Record<string, unknown>) => (b.formatVersion = BACKUP_FORMAT_VERSION + 1),
      /backup format version 2/,
    ],
    ['settings', (b: Record<string, unknown>) => (b.settingsVersion = 99), /settings version 99/],
  ])('refuses a backup from a newer version (%s), saying so', async (_name, change, message) => {
    // Whatever else a newer backup holds, the version is what the user needs to hear about.
    const text = mutate(await backupText(), (b) => {
      change(b);
      b.somethingNew = { shape: 'unknown to us' };
    });
    const result = checkBackup(text);
    expect(result).toMatchObject({ ok: false, error: { kind: 'newer' } });
    expect(!result.ok && result.error.message).toMatch(message);
    expect(!result.ok && result.error.message).toMatch(/newer version of Backstory/);
  });
});

describe('a restore that fails half-way', () => {
  const faults: WriteFault[] = ['quota-on-request', 'quota-on-transaction', 'invalid-write'];

  it.each(faults)('%s: the archive is left exactly as it was', async (fault) => {
    const checked = checkBackup(await backupText());
    if (!checked.ok) throw new Error(checked.error.message);
    // Something else in the archive, so a restore that half-happened would show.
    await importPack(
      db,
      { ...validFull(), pack: { ...(validFull().pack as object), id: 'later' } },
      {
        mode: 'replace',
        origin: 'imported',
      },
    );
    const before = await dumpDatabase(db);
    // Past the four `clear()`s (which take no value to spoil): the bundled record, then records.
    for (const after of [4, 10, 20]) {
      const { db: faulty, probe } = withWriteFault(db, fault, after);
      const result = await restoreArchive(faulty, checked.backup as BackupFile);
      expect(probe.fired).toBe(true);
      expect(result.ok).toBe(false);
      if (fault !== 'invalid-write') {
        expect(result).toMatchObject({ ok: false, error: { kind: 'quota' } });
      }
      expect(await dumpDatabase(db)).toStrictEqual(before);
    }
  });
});
