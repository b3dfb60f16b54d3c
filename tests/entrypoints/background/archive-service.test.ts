/**
 * The background's archive service over an in-memory IndexedDB: the bundled archive is installed
 * once, refreshed when the extension ships a new version of it, never reinstalled after the user
 * removed it (unless they restore it), and the user's switches survive every refresh.
 */
import { describe, expect, it } from 'vitest';
import bundled from '../../../assets/packs/backstory-digest-mko-ncri.json';
import { createArchiveService } from '../../../entrypoints/background/archive-service';
import { openArchiveDb } from '../../../utils/archive/db';
import { createArchiveRepository } from '../../../utils/archive/repository';
import { keyIndexFromData, keyWindow } from '../../../utils/matching/keys';
import { BUNDLED_PACK_ID } from '../../../utils/packs/model';
import { NAMED, manyAliasesPackText } from '../../fixtures/packs/many-aliases';
import { newFactory } from '../../utils/archive/fake-idb';

/** The bundled pack as a later release would ship it: a new version with one more summary. */
function nextRelease() {
  const next = structuredClone(bundled);
  next.pack.version = '1.1.0';
  const [first] = next.summaries;
  if (first) next.summaries.push({ ...first, id: 'added-in-1-1', title: 'Added in 1.1' });
  return next;
}

async function repositoryOn(factory: IDBFactory) {
  return createArchiveRepository(await openArchiveDb({ factory }));
}

describe('archive service', () => {
  it('installs the bundled archive on first run, and only once', async () => {
    const factory = newFactory();
    const service = createArchiveService({ factory });
    const first = await service.ensureBundled();
    expect(first?.ok && first.summary.summaries.added).toBe(8);
    expect(await service.ensureBundled()).toBeNull();
    const repo = await repositoryOn(factory);
    expect(await repo.countSummaries()).toBe(8);
    expect((await repo.getPack(BUNDLED_PACK_ID))?.origin).toBe('bundled');
  });

  it('refreshes on a new bundled version without touching switches or notes', async () => {
    const factory = newFactory();
    await createArchiveService({ factory }).ensureBundled();
    const repo = await repositoryOn(factory);
    await repo.setOrganisationEnabled(`${BUNDLED_PACK_ID}/ncri`, false);
    await repo.setPackEnabled(BUNDLED_PACK_ID, false);
    const note = await repo.putNote({
      title: 'My note',
      text: 'Something I read.',
      source: { name: 'Me' },
      organisationIds: [`${BUNDLED_PACK_ID}/mko`],
    });
    expect(note.ok).toBe(true);

    const updated = await createArchiveService({ factory, bundled: nextRelease() }).ensureBundled();
    expect(updated?.ok && updated.summary.summaries.added).toBe(1);
    expect((await repo.getPack(BUNDLED_PACK_ID))?.enabled).toBe(false);
    expect((await repo.getOrganisation(`${BUNDLED_PACK_ID}/ncri`))?.enabled).toBe(false);
    expect((await repo.getOrganisation(`${BUNDLED_PACK_ID}/mko`))?.enabled).toBe(true);
    expect(await repo.countSummaries({ packId: 'my-notes' })).toBe(1);
    expect(await repo.countSummaries({ packId: BUNDLED_PACK_ID, enabledOnly: false })).toBe(9);
  });

  it('leaves a removed bundled archive removed until the user restores it', async () => {
    const factory = newFactory();
    const service = createArchiveService({ factory });
    await service.ensureBundled();
    const repo = await repositoryOn(factory);
    expect(await repo.deletePack(BUNDLED_PACK_ID)).toBe(true);

    expect(await service.ensureBundled()).toBeNull();
    expect(await repo.getPack(BUNDLED_PACK_ID)).toBeUndefined();

    const restored = await service.restoreBundled();
    expect(restored.ok).toBe(true);
    expect(await repo.countSummaries()).toBe(8);
  });

  it('answers content scripts: enabled aliases, and card data newest first', async () => {
    const factory = newFactory();
    const service = createArchiveService({ factory });
    await service.ensureBundled();
    const source = await service.getMatcherSource();
    expect(source.organisations.map((o) => o.key).sort()).toEqual([
      `${BUNDLED_PACK_ID}/mko`,
      `${BUNDLED_PACK_ID}/ncri`,
    ]);
    const card = await service.getCard(`${BUNDLED_PACK_ID}/ncri`);
    expect(card?.total).toBe(1);
    expect(card?.summaries.map((s) => s.title)).toEqual([
      'Last ‘non-MEK’ members of the NCRI resign',
    ]);
    expect(Object.keys(card?.packs ?? {})).toEqual([BUNDLED_PACK_ID]);
    expect(await service.getCard(`${BUNDLED_PACK_ID}/nobody`)).toBeNull();

    await service.setPackEnabled(BUNDLED_PACK_ID, false);
    expect((await service.getMatcherSource()).organisations).toEqual([]);
    expect(source.revision).toBeLessThan((await service.getMatcherSource()).revision);
  });

  it('imports a pack file from an extension page, and reports a bad one without writing', async () => {
    const factory = newFactory();
    const service = createArchiveService({ factory });
    await service.ensureBundled();
    const bad = await service.importPackText(
      '{"format":"backstory-pack","formatVersion":2}',
      'replace',
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.kind).toBe('invalid');
    const other = structuredClone(bundled);
    other.pack.id = 'another-pack';
    const good = await service.importPackText(JSON.stringify(other), 'merge');
    expect(good.ok).toBe(true);
    expect(await (await repositoryOn(factory)).countSummaries()).toBe(16);
  });

  it('never repeats, after a restart, a revision an open tab may still hold', async () => {
    const factory = newFactory();
    let clock = 1_700_000_000_000;
    const now = () => clock;
    // A tab fetched its matcher after three writes of the first background...
    const first = createArchiveService({ factory, now });
    await first.ensureBundled();
    await first.setPackEnabled(BUNDLED_PACK_ID, false);
    await first.setPackEnabled(BUNDLED_PACK_ID, true);
    const held = (await first.getMatcherSource()).revision;

    // ...then the service worker was stopped, and a new background started a moment later.
    clock += 1_000;
    const announced: number[] = [];
    const second = createArchiveService({ factory, now, onRevision: (r) => announced.push(r) });
    expect(await second.ensureBundled()).toBeNull();
    const fresh = (await second.getMatcherSource()).revision;
    for (let writes = 0; writes < 4; writes++) {
      await second.setPackEnabled(BUNDLED_PACK_ID, writes % 2 === 1);
    }
    // The tab drops every notice whose revision it already has: none may be the one it holds.
    expect(announced).toHaveLength(4);
    expect([fresh, ...announced]).not.toContain(held);
    expect(announced).toEqual([...announced].sort((a, b) => a - b));
    expect(new Set(announced).size).toBe(4);
    expect(announced[0]).toBeGreaterThan(held);
  });

  it('sends a large alias list as keys, and the aliases behind keys while the archive holds', async () => {
    const factory = newFactory();
    const service = createArchiveService({ factory });
    await service.ensureBundled();
    const text = manyAliasesPackText();
    expect((await service.importPackText(text, 'merge')).ok).toBe(true);
    const source = await service.getMatcherSource();
    expect(source.organisations).toEqual([]);
    expect(source.keyed?.always).toEqual([]);
    const index = keyIndexFromData(
      source.keyed?.keys ?? { lengths: 0, keys: '', filter4: '', filter3: '', filter2: '' },
    );
    const page = 'The Krovanik Union and the MKO.';
    const met: number[] = [];
    index.scan(page, 0, page.length, keyWindow(), met);
    const reply = await service.getAliases(source.revision, met);
    expect(reply.revision).toBe(source.revision);
    expect(reply.organisations.map((o) => [o.key, o.aliases.map((a) => a.text)])).toEqual(
      expect.arrayContaining([
        [NAMED.krovanik.key, ['Krovanik Union']],
        [`${BUNDLED_PACK_ID}/mko`, expect.arrayContaining(['MKO'])],
      ]),
    );
    // A background started afresh answers the same from the database.
    const restarted = createArchiveService({ factory, now: () => source.revision });
    expect((await restarted.getAliases(source.revision, met)).organisations).toEqual(
      reply.organisations,
    );

    // Once the archive changes, an answer for the old source says so and holds nothing.
    await service.setPackEnabled(BUNDLED_PACK_ID, false);
    const stale = await service.getAliases(source.revision, met);
    expect(stale.revision).toBeGreaterThan(source.revision);
    expect(stale.organisations).toEqual([]);
  });
});
