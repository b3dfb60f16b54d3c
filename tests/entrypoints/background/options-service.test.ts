/**
 * The background's side of the options page over fake IndexedDB and WXT's fake storage: each
 * write is announced (the revision tabs listen for), failed writes are not, a backup restore is
 * all or nothing across the archive and the settings, and only extension pages may ask.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createArchiveService } from '../../../entrypoints/background/archive-service';
import { createHandlers } from '../../../entrypoints/background/handlers';
import { createOptionsService } from '../../../entrypoints/background/options-service';
import { createBackup } from '../../../utils/archive/backup';
import { openArchiveDb } from '../../../utils/archive/db';
import { createArchiveRepository } from '../../../utils/archive/repository';
import { createMessageRouter, PROTOCOL, type MessageType } from '../../../utils/messaging';
import { BUNDLED_PACK_ID } from '../../../utils/packs/model';
import { defaultSettings } from '../../../utils/settings/model';
import { createSettingsStore } from '../../../utils/settings/storage';
import { dumpDatabase } from '../../utils/archive/dump';
import { newFactory } from '../../utils/archive/fake-idb';
import { withWriteFault } from '../../utils/archive/faults';

const MKO = `${BUNDLED_PACK_ID}/mko`;

async function setUp() {
  fakeBrowser.storage.resetState();
  const factory = newFactory();
  const revisions: number[] = [];
  const archive = createArchiveService({ factory, onRevision: (r) => revisions.push(r) });
  await archive.ensureBundled();
  revisions.length = 0;
  const settings = createSettingsStore();
  const options = createOptionsService({ archive, settings });
  const db = await openArchiveDb({ factory });
  return { archive, settings, options, db, revisions, repo: createArchiveRepository(db) };
}

let env: Awaited<ReturnType<typeof setUp>>;
beforeEach(async () => {
  env = await setUp();
  return () => env.db.close();
});

const note = {
  title: 'My note',
  text: 'Something I read.',
  source: { name: 'Me' },
  organisationIds: [MKO],
};

describe('options service: archive writes', () => {
  it('announces every write that changed the archive', async () => {
    const { options, repo, revisions } = env;
    await options.setOrganisationEnabled(MKO, false);
    expect((await repo.getOrganisation(MKO))?.enabled).toBe(false);

    const aliases = await options.setAliases(MKO, [{ text: 'Mojahedin', caseSensitive: false }]);
    expect(aliases.ok).toBe(true);

    const own = await options.saveOrganisation({
      name: 'My org',
      kind: 'other',
      description: 'Mine.',
      aliases: [{ text: 'My org' }],
    });
    expect(own.ok).toBe(true);

    const saved = await options.saveNote(note);
    if (!saved.ok) throw new Error('note not saved');
    expect(await options.deleteNote(saved.value.id)).toEqual({ id: saved.value.id, deleted: true });
    await options.deletePack(BUNDLED_PACK_ID);
    expect(await repo.getPack(BUNDLED_PACK_ID)).toBeUndefined();

    expect(revisions).toHaveLength(6);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
  });

  it('announces nothing when nothing was written', async () => {
    const { options, revisions } = env;
    expect((await options.setAliases(MKO, [{ text: '' }])).ok).toBe(false);
    expect((await options.saveNote({ ...note, title: '' })).ok).toBe(false);
    expect((await options.deleteNote('nothing')).deleted).toBe(false);
    expect((await options.deleteOrganisation(MKO)).ok).toBe(false);
    await expect(options.setOrganisationEnabled('x/y', true)).rejects.toThrow(/no organisation/);
    await expect(options.deletePack('nothing')).rejects.toThrow(/no pack/);
    const preview = await options.previewImport('{}', 'replace');
    expect(preview.ok).toBe(false);
    expect(revisions).toEqual([]);
  });

  it('previews an import by name without writing', async () => {
    const { options, db } = env;
    const before = await dumpDatabase(db);
    const file = {
      format: 'backstory-pack',
      formatVersion: 1,
      pack: {
        id: 'extra',
        name: 'Extra',
        version: '1',
        publisher: 'Tests',
        description: 'Extra pack.',
        updatedAt: '2024-01-01',
      },
      organisations: [
        { id: 'a', name: 'Alpha', kind: 'other', description: 'A.', aliases: [{ text: 'Alpha' }] },
      ],
      summaries: [],
    };
    const preview = await options.previewImport(JSON.stringify(file), 'merge');
    expect(preview).toMatchObject({
      ok: true,
      summary: { packId: 'extra', pack: 'added', organisations: { added: 1 } },
      changes: { organisations: { added: [{ key: 'extra/a', label: 'Alpha' }] } },
    });
    expect(await dumpDatabase(db)).toStrictEqual(before);
  });
});

describe('options service: settings', () => {
  it('changes settings, and pauses and resumes sites for the popup', async () => {
    const { options, settings } = env;
    expect((await options.updateSettings({ highlightStyle: 'none' })).settings.highlightStyle).toBe(
      'none',
    );
    await options.setSitePaused('https://news.example/story', true);
    expect((await settings.load()).settings.sites.paused).toEqual(['news.example']);
    await options.setSitePaused('https://news.example/other', false);
    expect((await settings.load()).settings.sites.paused).toEqual([]);
    expect((await options.resetSettings()).settings).toEqual(defaultSettings());
  });
});

describe('options service: backup restore', () => {
  const custom = { ...defaultSettings(), highlightStyle: 'ul' as const, dwellMs: 600 };

  it('restores the archive and the settings together', async () => {
    const { options, db, settings, revisions } = env;
    const text = JSON.stringify(await createBackup(db, custom));
    const before = await dumpDatabase(db);
    await options.deletePack(BUNDLED_PACK_ID);
    await options.resetSettings();

    const restored = await options.restoreBackup(text);
    expect(restored).toMatchObject({ ok: true, preview: { packs: [{ id: BUNDLED_PACK_ID }] } });
    expect(await dumpDatabase(db)).toStrictEqual(before);
    expect((await settings.load()).settings).toEqual(custom);
    expect(revisions).toHaveLength(2);
  });

  it('puts the settings back when the archive cannot be restored', async () => {
    const { db, settings } = env;
    const text = JSON.stringify(await createBackup(db, custom));
    await settings.update({ cardWidth: 300 });
    const { db: faulty } = withWriteFault(db, 'quota-on-transaction', 6);
    const notify = vi.fn();
    const failing = createOptionsService({
      archive: { database: async () => faulty, notifyArchiveChanged: notify },
      settings,
    });
    const before = await dumpDatabase(db);
    const result = await failing.restoreBackup(text);
    expect(result).toMatchObject({ ok: false, error: { kind: 'quota' } });
    expect(await dumpDatabase(db)).toStrictEqual(before);
    expect((await settings.load()).settings).toEqual({ ...defaultSettings(), cardWidth: 300 });
    expect(notify).not.toHaveBeenCalled();
  });

  it('refuses a newer backup and changes nothing', async () => {
    const { options, db, settings } = env;
    const backup = await createBackup(db, custom);
    const text = JSON.stringify({ ...backup, formatVersion: 2 });
    const before = await dumpDatabase(db);
    expect(options.previewBackup(text)).toMatchObject({ ok: false, error: { kind: 'newer' } });
    expect(await options.restoreBackup(text)).toMatchObject({
      ok: false,
      error: { kind: 'newer' },
    });
    expect(await dumpDatabase(db)).toStrictEqual(before);
    expect((await settings.load()).area).toBe('default');
  });
});

describe('who may ask', () => {
  const EXTENSION_ID = 'test-extension-id';
  const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;

  /** The options page's requests: every one of them writes or reads privileged state. */
  const OPTIONS_REQUESTS = (Object.keys(PROTOCOL) as MessageType[]).filter(
    (type) => type.startsWith('ui:') && type !== 'ui:get-tab-report',
  );

  it.each(OPTIONS_REQUESTS)('%s is refused from a content script', async (type) => {
    const { archive, options } = env;
    const route = createMessageRouter(createHandlers({ archive, tabs: {} as never, options }), {
      extensionId: EXTENSION_ID,
      extensionOrigin: ORIGIN,
    });
    const reply = await route(
      { type, payload: {} },
      { id: EXTENSION_ID, url: 'https://news.example/', tabId: 3, frameId: 0 },
    );
    expect(reply).toEqual({ ok: false, error: `${type} is only accepted from extension pages` });
    expect(PROTOCOL[type].from).toBe('extension');
  });

  it('an options-page request with a bad payload is refused before any handler runs', async () => {
    const { archive, options } = env;
    const spy = vi.spyOn(options, 'updateSettings');
    const route = createMessageRouter(createHandlers({ archive, tabs: {} as never, options }), {
      extensionId: EXTENSION_ID,
      extensionOrigin: ORIGIN,
    });
    const reply = await route(
      { type: 'ui:update-settings', payload: { patch: { dwellMs: -1 } } },
      { id: EXTENSION_ID, url: `${ORIGIN}options.html` },
    );
    expect(reply.ok).toBe(false);
    expect(spy).not.toHaveBeenCalled();
  });
});
