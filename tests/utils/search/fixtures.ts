/**
 * Archive records for the search tests: the bundled pack's two organisations with all their
 * aliases, and summaries written so that each test's expectation can be read off them.
 */
import bundled from '../../../assets/packs/backstory-digest-mko-ncri.json';
import type { Organisation, Pack, Summary } from '../../../utils/packs/model';

export const PACK_ID = 'digest';
export const MKO = `${PACK_ID}/mko`;
export const NCRI = `${PACK_ID}/ncri`;

/** The bundled organisations under the test pack's id, every alias included. */
export const ORGANISATIONS: Organisation[] = bundled.organisations.map((org) => ({
  key: `${PACK_ID}/${org.id}`,
  id: org.id,
  packId: PACK_ID,
  name: org.name,
  kind: org.kind as Organisation['kind'],
  description: org.description,
  aliases: org.aliases,
  enabled: true,
}));

/** A pack record with sensible defaults. */
export function pack(id: string, fields: Partial<Pack> = {}): Pack {
  return {
    id,
    name: `Pack ${id}`,
    version: '1.0.0',
    publisher: 'Tests',
    description: '',
    updatedAt: '2024-01-01',
    enabled: true,
    origin: 'imported',
    ...fields,
  };
}

/** A summary of the test pack; `id` doubles as the key's local part. */
export function summary(id: string, fields: Partial<Summary> = {}): Summary {
  const packId = fields.packId ?? PACK_ID;
  return {
    key: `${packId}/${id}`,
    id,
    packId,
    title: `Untitled ${id}`,
    text: 'Nothing of note.',
    source: { name: 'Daily Example' },
    archivedAt: '2024-01-01',
    organisationIds: [],
    tags: [],
    ...fields,
  };
}

/**
 * Six summaries. None names the organisation by "PMOI", "Mojahedin" or its Persian name, so
 * finding them by those words proves the search goes through the organisations' aliases.
 */
export const SUMMARIES: Summary[] = [
  summary('albania', {
    title: 'Resettled members in Albania',
    text: 'Former members describe life in a camp near Tirana.',
    source: { name: 'Iran Interlink' },
    publishedAt: '2019-05-02',
    organisationIds: [MKO],
  }),
  summary('survey', {
    title: 'Survey of Iranian Americans',
    text: 'Only five percent support the group, the survey found.',
    source: { name: 'PAAIA' },
    publishedAt: '2012-11',
    organisationIds: [MKO],
  }),
  summary('council', {
    title: 'Members of the council resign',
    text: 'The last members from outside the organisation resigned.',
    source: { name: 'Iran Interlink' },
    publishedAt: '2008',
    organisationIds: [MKO, NCRI],
  }),
  summary('persian', {
    // Arabic yeh and kaf (ي ك), as Arabic keyboards and many sites write Persian.
    title: 'گزارشي از كمپ اشرف',
    text: 'اعضای جدا شده می‌گویند که سازمان آنها را کنترل می‌کند.',
    source: { name: 'Habilian' },
    publishedAt: '2015-03-10',
    lang: 'fa',
    organisationIds: [MKO],
  }),
  summary('unrelated', {
    title: 'Albanian elections',
    text: 'Voters in Albania went to the polls; turnout was low.',
    source: { name: 'Balkan Wire' },
    publishedAt: '2021-04-25',
    organisationIds: [],
  }),
  summary('note', {
    packId: 'my-notes',
    title: 'My note on Tirana',
    text: 'Visited the camp; wrote this down.',
    source: { name: 'Me' },
    archivedAt: '2023-07-01T10:00:00Z',
    organisationIds: [MKO],
  }),
];
