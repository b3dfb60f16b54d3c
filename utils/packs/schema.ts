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
// Hours 00-23, minutes and seconds 00-59: `new Date()` refuses anything else, and a stored date
// that cannot be parsed would break sorting by date later.
const TIME =
  '(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,9})?)?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)';
const DATE_PATTERN = new RegExp(
  `^\\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\\d|3[01])(?:T${TIME})?)?)?$`,
);
/**
 * An authority that is not empty, then an optional path, query or fragment; no whitespace or
 * control characters anywhere. The WHATWG parser would quietly drop or encode those (so
 * "java\nscript:" tricks and "http:///host" never reach it), and `assets/pack.schema.json` can
 * then say the same thing with one pattern.
 */
const HTTP_URL_PATTERN = /^https?:\/\/[^\s\p{Cc}/?#\\]+(?:[/?#][^\s\p{Cc}]*)?$/iu;

/** True for an absolute http: or https: URL (the only links Backstory will ever open). */
export function isHttpUrl(value: string): boolean {
  if (!HTTP_URL_PATTERN.test(value)) return false;
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
  // Plain arithmetic rather than `Date.UTC`, which reads years 0-99 as 1900-1999.
  const [year = 0, month = 1, day = 1] = value.slice(0, 10).split('-').map(Number);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}

// The length limit applies to the text as written (before trimming), as it does in
// `assets/pack.schema.json`; trimming then decides whether anything is left.
const text = (max: number, minMessage = 'must not be empty') =>
  v.pipe(
    v.string('must be a string'),
    v.maxLength(max, `must be at most ${max} characters`),
    v.trim(),
    v.minLength(1, minMessage),
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

/**
 * A strict object whose issues name the field at fault. `v.strictObject` alone takes arrays for
 * objects and gives a missing or unknown key the whole object's message
 * (`extra: must be a Backstory pack object`).
 */
const record = <const T extends v.ObjectEntries>(entries: T, expected: string) =>
  v.pipe(
    // Only a plain JSON object may go on: the strict object below never sees an array.
    v.custom<v.InferInput<v.StrictObjectSchema<T, undefined>>>(
      (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
      expected,
    ),
    v.strictObject(entries, (issue) =>
      issue.expected === 'never' ? 'is not a field of this format' : 'is required',
    ),
  );

/** One alias of an organisation. */
export const AliasSchema = record(
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
export const OrganisationSchema = record(
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
export const SummarySchema = record(
  {
    id,
    title: text(PACK_LIMITS.title),
    text: text(PACK_LIMITS.summaryText),
    source: record(
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
export const PackMetaSchema = record(
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
  record(
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
    const { pack, organisations, summaries } = dataset.value;
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
        // References qualified with another pack's id are resolved when the archive is read; one
        // qualified with this pack's own id names an organisation of this file like a bare id.
        const slash = ref.indexOf('/');
        const local = slash < 0 || ref.slice(0, slash) === pack.id ? ref.slice(slash + 1) : null;
        if (local !== null && !orgIds.has(local)) {
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
