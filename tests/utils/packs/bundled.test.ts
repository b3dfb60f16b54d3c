/**
 * The bundled archive is data built from the seed digest: these tests hold it to the digest word
 * for word and to the pack format, so an edit to either shows up here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import bundled from '../../../assets/packs/backstory-digest-mko-ncri.json';
import { compileMatcher, findMentions } from '../../../utils/matching/matcher';
import { BUNDLED_PACK_ID, globalKey } from '../../../utils/packs/model';
import { validatePack } from '../../../utils/packs/validate';

const DIGEST_PATH = fileURLToPath(
  new URL('../../../../shared/seed/archive-digest.txt', import.meta.url),
);

/** Reads the digest: a heading, then per article a title, a text and a "Read more" link line. */
function readDigest(): { heading: string; items: { title: string; text: string }[] } {
  const blocks = readFileSync(DIGEST_PATH, 'utf8')
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  const [heading = '', ...rest] = blocks;
  const items: { title: string; text: string }[] = [];
  for (let i = 0; i < rest.length; i += 3) {
    expect(rest[i + 2]).toMatch(/^Read more/);
    items.push({ title: rest[i] ?? '', text: rest[i + 1] ?? '' });
  }
  return { heading, items };
}

describe('the bundled archive', () => {
  const result = validatePack(bundled);

  it('is a valid pack with the reserved bundled id', () => {
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(bundled.pack.id).toBe(BUNDLED_PACK_ID);
  });

  it('holds all eight summaries of the digest, titles and texts exactly as written', () => {
    expect(existsSync(DIGEST_PATH), `${DIGEST_PATH} is missing`).toBe(true);
    const digest = readDigest();
    expect(digest.heading).toBe('Mujahedin Khalq Organization');
    expect(digest.items).toHaveLength(8);
    expect(bundled.summaries.map(({ title, text }) => ({ title, text }))).toEqual(digest.items);
  });

  it('links every summary to the organisations it is about', () => {
    const about = Object.fromEntries(bundled.summaries.map((s) => [s.title, s.organisationIds]));
    for (const summary of bundled.summaries) expect(summary.organisationIds).toContain('mko');
    expect(about['Last ‘non-MEK’ members of the NCRI resign']).toEqual(['mko', 'ncri']);
  });

  it('attributes every summary to a source and states its provenance', () => {
    for (const summary of bundled.summaries) expect(summary.source.name.length).toBeGreaterThan(0);
    const provenance = bundled.pack.provenance;
    expect(provenance).toMatch(/digest/);
    // The outlets and bodies the digest itself names.
    for (const name of [
      'Iran-Interlink',
      'Habilian Association',
      'Public Affairs Alliance of Iranian Americans',
    ]) {
      expect(provenance).toContain(name);
    }
    expect(provenance).toMatch(/not Backstory’s/);
  });

  it.each([
    'MKO',
    'MEK',
    'PMOI',
    'Mujahedin Khalq',
    'Mujahedin-e Khalq',
    'Mojahedin-e Khalq',
    'Mujahedeen-e-Khalq',
    "People's Mojahedin Organization of Iran",
    "People's Mujahedin Organisation of Iran",
    'سازمان مجاهدین خلق ایران',
    'مجاهدین خلق',
  ])('names the Mujahedin Khalq Organization as %s', (alias) => {
    const mko = bundled.organisations.find((org) => org.id === 'mko');
    expect(mko?.name).toBe('Mujahedin Khalq Organization');
    expect(mko?.aliases.map((a) => a.text)).toContain(alias);
  });

  it.each(['National Council of Resistance of Iran', 'NCRI', 'شورای ملی مقاومت ایران'])(
    'names the National Council of Resistance of Iran as %s',
    (alias) => {
      const ncri = bundled.organisations.find((org) => org.id === 'ncri');
      expect(ncri?.aliases.map((a) => a.text)).toContain(alias);
    },
  );

  describe('with the matcher', () => {
    const matcher = compileMatcher(
      bundled.organisations.map((org) => ({
        key: globalKey(bundled.pack.id, org.id),
        name: org.name,
        aliases: org.aliases,
      })),
    );
    const mentioned = (text: string) =>
      findMentions(matcher, text).map((m) => text.slice(m.start, m.end));

    it.each([
      ['Supporters of the MEK rallied in Tirana.', ['MEK']],
      ['The NCRI, the political wing of the PMOI, met in Paris.', ['NCRI', 'PMOI']],
      ['Add MEK (methyl ethyl ketone) slowly; MEK is flammable.', []],
      ['The NCRI funds cancer trials of MEK inhibitors.', []],
      ['A MEK solvent shipment reached Iran last week.', []],
      [
        'بیانیه سازمان مجاهدین خلق ایران و شورای ملی مقاومت ایران',
        ['سازمان مجاهدین خلق ایران', 'شورای ملی مقاومت ایران'],
      ],
    ])('%s', (text, expected) => {
      expect(mentioned(text)).toEqual(expected);
    });
  });
});
