/**
 * Backstory's data model: the shapes of packs, organisations and summaries as they are stored and
 * passed around. The pack *file* format (what users import) is validated by `schema.ts`, whose
 * output types must stay assignable to these.
 */

/** The kinds of organisation a pack may describe; UI labels come from the i18n messages. */
export const ORGANISATION_KINDS = [
  'organisation',
  'coalition',
  'party',
  'movement',
  'government',
  'company',
  'media',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** One way an organisation is written on the web. */
export interface Alias {
  /** The text as written, e.g. "MEK" or "مجاهدین خلق". */
  text: string;
  /** BCP 47 language tag of the alias, when it matters (e.g. "fa"). */
  lang?: string;
  /** When true the alias matches only with exactly this letter case (acronyms such as "MEK"). */
  caseSensitive: boolean;
  /**
   * For ambiguous aliases: words that must also appear nearby or on the page (another alias of the
   * same organisation also counts) before a match of this alias is treated as a mention.
   */
  context?: string[];
  /** Attached prefixes allowed before the alias in scripts without spaces between clitics (e.g. Persian "و"). */
  prefixes?: string[];
}

/** An organisation as stored: ids are global (`packId/orgId`). */
export interface Organisation {
  /** Global key: `${packId}/${localId}`. */
  key: string;
  /** Id inside its pack. */
  id: string;
  packId: string;
  name: string;
  kind: OrganisationKind;
  description: string;
  aliases: Alias[];
  /** The user's switch; survives pack updates. */
  enabled: boolean;
}

/** Where a summary's words come from. */
export interface SummarySource {
  name: string;
  url?: string;
}

/** An archived summary as stored. */
export interface Summary {
  /** Global key: `${packId}/${localId}`. */
  key: string;
  id: string;
  packId: string;
  title: string;
  text: string;
  source: SummarySource;
  /** Link to the full article (http/https only). */
  url?: string;
  /** ISO 8601 date (YYYY-MM-DD) or date-time. */
  publishedAt?: string;
  /** ISO 8601 date or date-time when the summary was archived. */
  archivedAt: string;
  /** Global organisation keys (`packId/orgId`). */
  organisationIds: string[];
  tags: string[];
  lang?: string;
}

/** A pack's metadata as stored. */
export interface Pack {
  id: string;
  name: string;
  version: string;
  publisher: string;
  description: string;
  /** Where the content comes from and whose words it is; shown with every summary. */
  provenance?: string;
  homepage?: string;
  license?: string;
  /** ISO 8601 date or date-time. */
  updatedAt: string;
  /** The user's switch; survives pack updates. */
  enabled: boolean;
  /** Where the pack came from: shipped with the extension, imported from a file, or the user's notes. */
  origin: 'bundled' | 'imported' | 'notes';
}

/** The id of the pack that holds the user's own notes; imports and updates never write to it. */
export const NOTES_PACK_ID = 'my-notes';

/** The id of the archive that ships inside the extension. */
export const BUNDLED_PACK_ID = 'backstory-digest-mko-ncri';

/** Builds the global key of an organisation or summary. */
export function globalKey(packId: string, localId: string): string {
  return `${packId}/${localId}`;
}
