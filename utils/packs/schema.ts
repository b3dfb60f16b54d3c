/**
 * The Backstory pack file format, version 1: one valibot schema that every pack passes before it
 * touches the archive. `assets/pack.schema.json` describes the same format for pack authors; a test
 * keeps the two in agreement.
 */
import * as v from 'valibot';
import { ORGANISATION_KINDS } from './model';

/** Hard limits that stop hostile or runaway files before they cost anything. */
export const PACK_LIMITS = {
  /** Largest pack file accepted, in bytes (UTF-8). */
  fileBytes: 32 * 1024 * 1024,
  /** Deepest nesting of arrays/objects in a pack file (the format itself needs 5). */
  depth: 8,
  organisations: 5_000,
  aliasesPerOrganisation: 200,
  contextWordsPerAlias: 50,
  prefixesPerAlias: 20,
  summaries: 50_000,
  organisationsPerSummary: 50,
  tagsPerSummary: 50,
  idLength: 100,
  shortText: 300,
  title: 1_000,
  description: 10_000,
  /** A summary's text; long enough for a 1 MB excerpt, no longer. */
  summaryText: 1_048_576,
  urlLength: 2_048,
} as const;

/** The only format version this build reads; newer files are refused with a clear message. */
export const PACK_FORMAT = 'backstory-pack';
export const PACK_FORMAT_VERSION = 1;

const ID_PATTERN = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;
const ORG_REF_PATTERN =
  /^(?:[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?\/)?[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;
const LANG_PATTERN = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
const DATE_PATTERN =
  /^\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** True for an absolute http: or https: URL (the only links Backstory will ever open). */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** True for a real calendar date written as YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time. */
export function isPackDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const [y, m = '01', d = '01'] = value.slice(0, 10).split('-');
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return (
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(m) - 1 &&
    date.getUTCDate() === Number(d)
  );
}

const text = (max: number, minMessage = 'must not be empty') =>
  v.pipe(
    v.string('must be a string'),
    v.trim(),
    v.minLength(1, minMessage),
    v.maxLength(max, `must be at most ${max} characters`),
  );

const optionalText = (max: number) =>
  v.optional(
    v.pipe(v.string('must be a string'), v.maxLength(max, `must be at most ${max} characters`)),
  );

const id = v.pipe(
  v.string('must be a string'),
  v.maxLength(PACK_LIMITS.idLength, `must be at most ${PACK_LIMITS.idLength} characters`),
  v.regex(ID_PATTERN, 'must be a lowercase id (a-z, 0-9, ".", "_", "-")'),
);

const httpUrl = v.pipe(
  v.string('must be a string'),
  v.maxLength(PACK_LIMITS.urlLength, `must be at most ${PACK_LIMITS.urlLength} characters`),
  v.check(isHttpUrl, 'must be an http(s) URL'),
);

const packDate = v.pipe(
  v.string('must be a string'),
  v.check(isPackDate, 'must be a date such as 2024-05-31 or 2024-05-31T12:00:00Z'),
);

const lang = v.pipe(
  v.string('must be a string'),
  v.maxLength(35, 'must be at most 35 characters'),
  v.regex(LANG_PATTERN, 'must be a language tag such as "en" or "fa"'),
);

const list = <T extends v.GenericSchema>(item: T, max: number) =>
  v.pipe(v.array(item, 'must be an array'), v.maxLength(max, `must have at most ${max} items`));

/** One alias of an organisation. */
export const AliasSchema = v.strictObject(
  {
    text: text(PACK_LIMITS.shortText),
    lang: v.optional(lang),
    caseSensitive: v.optional(v.boolean('must be true or false'), false),
    context: v.optional(list(text(PACK_LIMITS.shortText), PACK_LIMITS.contextWordsPerAlias)),
    prefixes: v.optional(list(text(20), PACK_LIMITS.prefixesPerAlias)),
  },
  'must be an object with text and optional lang, caseSensitive, context, prefixes',
);

/** One organisation described by a pack. */
export const OrganisationSchema = v.strictObject(
  {
    id,
    name: text(PACK_LIMITS.shortText),
    kind: v.picklist(ORGANISATION_KINDS, `must be one of: ${ORGANISATION_KINDS.join(', ')}`),
    description: text(PACK_LIMITS.description),
    aliases: list(AliasSchema, PACK_LIMITS.aliasesPerOrganisation),
    enabled: v.optional(v.boolean('must be true or false'), true),
  },
  'must be an object with id, name, kind, description and aliases',
);

/** One archived summary. */
export const SummarySchema = v.strictObject(
  {
    id,
    title: text(PACK_LIMITS.title),
    text: text(PACK_LIMITS.summaryText),
    source: v.strictObject(
      { name: text(PACK_LIMITS.shortText), url: v.optional(httpUrl) },
      'must be an object with name and optional url',
    ),
    url: v.optional(httpUrl),
    publishedAt: v.optional(packDate),
    archivedAt: packDate,
    organisationIds: v.pipe(
      list(
        v.pipe(
          v.string('must be a string'),
          v.maxLength(2 * PACK_LIMITS.idLength + 1, 'is too long'),
          v.regex(ORG_REF_PATTERN, 'must be an organisation id, or "pack-id/organisation-id"'),
        ),
        PACK_LIMITS.organisationsPerSummary,
      ),
      v.minLength(1, 'must name at least one organisation'),
    ),
    tags: v.optional(list(text(100), PACK_LIMITS.tagsPerSummary), []),
    lang: v.optional(lang),
  },
  'must be an object with id, title, text, source, archivedAt and organisationIds',
);

/** The pack's own metadata. */
export const PackMetaSchema = v.strictObject(
  {
    id,
    name: text(PACK_LIMITS.shortText),
    version: text(50),
    publisher: text(PACK_LIMITS.shortText),
    description: text(PACK_LIMITS.description),
    provenance: optionalText(PACK_LIMITS.description),
    homepage: v.optional(httpUrl),
    license: optionalText(PACK_LIMITS.shortText),
    updatedAt: packDate,
  },
  'must be an object with id, name, version, publisher, description and updatedAt',
);

/** The whole pack file. Cross-references (unique ids, known organisations) are checked here too. */
export const PackFileSchema = v.pipe(
  v.strictObject(
    {
      format: v.literal(PACK_FORMAT, `must be "${PACK_FORMAT}"`),
      formatVersion: v.literal(
        PACK_FORMAT_VERSION,
        `must be ${PACK_FORMAT_VERSION} (this version of Backstory reads format version ${PACK_FORMAT_VERSION} only)`,
      ),
      pack: PackMetaSchema,
      organisations: list(OrganisationSchema, PACK_LIMITS.organisations),
      summaries: list(SummarySchema, PACK_LIMITS.summaries),
    },
    'must be a Backstory pack object',
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { organisations, summaries } = dataset.value;
    const root = dataset.value as unknown as Record<string, unknown>;
    const orgIds = new Set<string>();
    organisations.forEach((org, index) => {
      if (orgIds.has(org.id)) {
        addIssue({
          message: `duplicate organisation id "${org.id}"`,
          path: pathTo(root, 'organisations', index, 'id'),
        });
      }
      orgIds.add(org.id);
    });
    const summaryIds = new Set<string>();
    summaries.forEach((summary, index) => {
      if (summaryIds.has(summary.id)) {
        addIssue({
          message: `duplicate summary id "${summary.id}"`,
          path: pathTo(root, 'summaries', index, 'id'),
        });
      }
      summaryIds.add(summary.id);
      summary.organisationIds.forEach((ref, refIndex) => {
        // References qualified with another pack's id are resolved when the archive is read.
        if (!ref.includes('/') && !orgIds.has(ref)) {
          addIssue({
            message: `"${ref}" is not an organisation in this pack`,
            path: [
              ...pathTo(root, 'summaries', index, 'organisationIds'),
              arrayItem(summary.organisationIds, refIndex),
            ],
          });
        }
      });
    });
  }),
);

/** A pack file after validation, with defaults filled in. */
export type PackFile = v.InferOutput<typeof PackFileSchema>;
export type PackFileOrganisation = PackFile['organisations'][number];
export type PackFileSummary = PackFile['summaries'][number];

function arrayItem(input: unknown[], key: number): v.IssuePathItem {
  return { type: 'array', origin: 'value', input, key, value: input[key] };
}

function pathTo(
  root: Record<string, unknown>,
  listKey: 'organisations' | 'summaries',
  index: number,
  field: string,
): [v.IssuePathItem, ...v.IssuePathItem[]] {
  const items = root[listKey] as Record<string, unknown>[];
  const item = items[index] ?? {};
  return [
    { type: 'object', origin: 'value', input: root, key: listKey, value: items },
    arrayItem(items, index),
    { type: 'object', origin: 'value', input: item, key: field, value: item[field] },
  ];
}
