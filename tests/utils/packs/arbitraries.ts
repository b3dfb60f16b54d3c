/**
 * fast-check generators of pack files for the fuzz tests: hostile mutations of `valid-full.json`
 * at random paths, and small valid packs. A generated input is either a parsed value or a file's
 * text; prototype keys only exist as text, since building them as objects would set a prototype
 * rather than add a key.
 */
import fc from 'fast-check';
import { ORGANISATION_KINDS } from '../../../utils/packs/model';
import { PACK_LIMITS, isHttpUrl } from '../../../utils/packs/schema';
import { getAt, validFullPack, type FieldPath } from '../../fixtures/packs/malformed';
import validFull from '../../fixtures/packs/valid-full.json';

/** A generated input: a value for `validatePack`, or a file's text for `parsePackText`. */
export type FuzzInput = { kind: 'value'; value: unknown } | { kind: 'text'; text: string };

/** How many runs a property gets: `env[name]` when set, else `fallback`. */
export function runCount(name: string, fallback: number): number {
  const raw = process.env[name];
  const count = raw ? Number(raw) : fallback;
  if (!Number.isInteger(count) || count < 1) throw new Error(`${name} must be a positive integer`);
  return count;
}

/** fast-check parameters: `FC_SEED` fixes the seed (random by default; failures print it). */
export function fuzzParameters(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED;
  return { numRuns, ...(seed ? { seed: Number(seed) } : {}) };
}

/** Stand-ins for prototype keys, swapped for the real keys in the JSON text. */
const PROTOTYPE_KEYS: Readonly<Record<string, string>> = {
  __fuzz_proto__: '__proto__',
  __fuzz_constructor__: 'constructor',
  __fuzz_prototype__: 'prototype',
};

/** Every path inside `valid-full.json`, the root (`[]`) included. */
function allPaths(node: unknown, path: FieldPath = []): FieldPath[] {
  const paths: FieldPath[] = [path];
  if (Array.isArray(node)) node.forEach((item, i) => paths.push(...allPaths(item, [...path, i])));
  else if (node !== null && typeof node === 'object') {
    for (const [key, item] of Object.entries(node)) paths.push(...allPaths(item, [...path, key]));
  }
  return paths;
}

const PATHS = allPaths(validFull);

/** Strings of a length just under, at and over each limit of the format. */
const nearLimitString = fc
  .tuple(
    fc.constantFrom(
      PACK_LIMITS.idLength,
      20,
      35,
      50,
      100,
      PACK_LIMITS.shortText,
      PACK_LIMITS.title,
      PACK_LIMITS.urlLength,
      PACK_LIMITS.description,
      PACK_LIMITS.summaryText,
    ),
    fc.integer({ min: -1, max: 1 }),
    fc.constantFrom('a', 'é', '😀', ' ', 'ا'),
  )
  .map(([limit, delta, unit]) => unit.repeat(Math.max(0, limit + delta)));

/** URLs Backstory must never store: other schemes, relative, malformed, disguised. */
export const BAD_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'java\nscript:alert(1)',
  ' javascript:alert(1)',
  'javascript://example.org/%0Aalert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:,x',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'blob:https://example.org/uuid',
  'ftp://example.org/',
  '/relative/path',
  'relative',
  '//example.org/protocol-relative',
  'http:///no-host',
  'https://',
  'http:\\\\example.org',
  'https://exa mple.org/',
  'https://example.org/\u0000',
  'https://example.org/\t',
  '\u202ehttps://example.org',
  'https://example.org/' + 'a'.repeat(PACK_LIMITS.urlLength),
  '',
];

const badUrl = fc.constantFrom(...BAD_URLS);

/** Text with control characters, lone surrogates, bidi overrides and other junk. */
const unicodeJunk = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    maxLength: 8,
  }),
  fc.constantFrom('\u0000', '\u202e', '\ufeff', '\u200b\u200b', '\ud800', 'a\udc00b', ' \n\t '),
);

/** A value nested `depth` levels deep in arrays or objects. */
const deepNesting = fc
  .tuple(fc.integer({ min: 1, max: 64 }), fc.boolean())
  .map(([depth, arrays]) => {
    let node: unknown = 'deep';
    for (let i = 0; i < depth; i++) node = arrays ? [node] : { a: node };
    return node;
  });

/** Something in place of a field: the wrong type, the wrong size, the wrong scheme, junk. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, '', [], {}, '1', 'my-notes'),
  nearLimitString,
  badUrl,
  unicodeJunk,
  deepNesting,
  fc.jsonValue({ maxDepth: 3 }),
);

type Mutation =
  | { op: 'replace'; path: FieldPath; value: unknown }
  | { op: 'delete'; path: FieldPath }
  | { op: 'add-key'; path: FieldPath; key: string; value: unknown }
  | { op: 'duplicate'; list: 'organisations' | 'summaries'; index: number }
  | { op: 'dangling'; index: number; ref: string }
  | { op: 'prototype-key'; path: FieldPath; key: string };

const path = fc.constantFrom(...PATHS);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('replace' as const), path, value: hostileValue }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), path }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('add-key' as const),
      path,
      key: fc.oneof(
        fc.string({ maxLength: 10 }),
        fc.constantFrom('polluted', 'toString', 'hasOwnProperty'),
      ),
      value: hostileValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('duplicate' as const),
      list: fc.constantFrom('organisations' as const, 'summaries' as const),
      index: fc.nat(3),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('dangling' as const),
      index: fc.nat(3),
      ref: fc.constantFrom('no-such-org', 'full-pack/no-such-org', 'full-pack/', '/x', 'a//b'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('prototype-key' as const),
      path,
      key: fc.constantFrom(...Object.keys(PROTOTYPE_KEYS)),
    }),
  },
);

function isObject(node: unknown): node is Record<string, unknown> {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}

/** Applies one mutation in place; one whose path no longer exists does nothing. */
function applyMutation(pack: Record<string, unknown>, change: Mutation): void {
  switch (change.op) {
    case 'replace':
    case 'delete': {
      if (change.path.length === 0) return;
      const parent = getAt(pack, change.path.slice(0, -1));
      const key = change.path[change.path.length - 1] as string | number;
      if (Array.isArray(parent) && typeof key === 'number') {
        if (change.op === 'replace') parent[key] = change.value;
        else parent.splice(key, 1);
      } else if (isObject(parent)) {
        if (change.op === 'replace') parent[key] = change.value;
        else Reflect.deleteProperty(parent, key);
      }
      return;
    }
    case 'add-key': {
      const target = getAt(pack, change.path);
      // defineProperty: a plain assignment of e.g. "toString" is fine, but this states the intent.
      if (isObject(target)) {
        Object.defineProperty(target, change.key, {
          value: change.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return;
    }
    case 'duplicate': {
      const list = pack[change.list];
      if (Array.isArray(list) && list.length > 0) {
        list.push(structuredClone(list[change.index % list.length]));
      }
      return;
    }
    case 'dangling': {
      const summary = getAt(pack, ['summaries', change.index]);
      if (isObject(summary) && Array.isArray(summary.organisationIds)) {
        summary.organisationIds.push(change.ref);
      }
      return;
    }
    case 'prototype-key': {
      const target = getAt(pack, change.path);
      if (isObject(target)) {
        target[change.key] =
          PROTOTYPE_KEYS[change.key] === 'constructor'
            ? { prototype: { polluted: 'yes' } }
            : { polluted: 'yes' };
      }
      return;
    }
  }
}

/** Turns a mutated pack into an input: text when it carries a prototype key, else a value. */
function toInput(pack: unknown, asText: boolean): FuzzInput {
  let text = JSON.stringify(pack);
  const hasPrototypeKey = Object.keys(PROTOTYPE_KEYS).some((key) => text.includes(`"${key}"`));
  if (!hasPrototypeKey && !asText) return { kind: 'value', value: pack };
  for (const [placeholder, key] of Object.entries(PROTOTYPE_KEYS)) {
    text = text.replaceAll(`"${placeholder}"`, `"${key}"`);
  }
  return { kind: 'text', text };
}

/** `valid-full.json` after one to three random mutations, as a value or as text. */
export const mutatedPack: fc.Arbitrary<FuzzInput> = fc
  .tuple(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([changes, asText]) => {
    const pack = validFullPack();
    for (const change of changes) applyMutation(pack, change);
    return toInput(pack, asText);
  });

/** Any JSON value at all, or text that is not JSON, or JSON text nested far too deep. */
export const randomInput: fc.Arbitrary<FuzzInput> = fc.oneof(
  fc.jsonValue().map((value): FuzzInput => ({ kind: 'value', value })),
  fc.json().map((text): FuzzInput => ({ kind: 'text', text })),
  fc.string({ maxLength: 50 }).map((text): FuzzInput => ({ kind: 'text', text })),
  fc
    .integer({ min: 1_000, max: 5_000 })
    .map((depth): FuzzInput => ({ kind: 'text', text: '['.repeat(depth) + ']'.repeat(depth) })),
);

/** Every hostile input the fuzz tests use, mutations weighted most. */
export const hostileInput: fc.Arbitrary<FuzzInput> = fc.oneof(
  { weight: 4, arbitrary: mutatedPack },
  { weight: 1, arbitrary: randomInput },
);

// ---- Valid packs ----

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const validId = fc.string({ unit: fc.constantFrom(...ID_CHARS), minLength: 1, maxLength: 12 });
// Code points take at most two UTF-16 units, so half the limit in code points always fits.
const someText = (max: number) =>
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: Math.min(Math.floor(max / 2), 30) })
    .filter((text) => text.trim().length > 0);
const validUrl = fc.webUrl({ validSchemes: ['http', 'https'] }).filter(isHttpUrl);
const validDate = fc.constantFrom(
  '2024',
  '2024-05',
  '2024-02-29',
  '2023-12-31T23:59:59Z',
  '2024-05-31T12:30:00.5+03:30',
);
const validLang = fc.constantFrom('en', 'fa', 'en-GB', 'zh-Hant-TW');

const alias = fc.record(
  {
    text: someText(PACK_LIMITS.shortText),
    lang: validLang,
    caseSensitive: fc.boolean(),
    context: fc.array(someText(PACK_LIMITS.shortText), { maxLength: 3 }),
    prefixes: fc.array(someText(20), { maxLength: 2 }),
  },
  { requiredKeys: ['text'] },
);

/** A small valid pack file with unique ids and references that resolve (or name another pack). */
export const validPack = fc
  .record({
    packId: validId,
    meta: fc.record(
      {
        name: someText(PACK_LIMITS.shortText),
        version: someText(50),
        publisher: someText(PACK_LIMITS.shortText),
        description: someText(PACK_LIMITS.description),
        provenance: fc.string({ maxLength: 30 }),
        homepage: validUrl,
        license: fc.string({ maxLength: 20 }),
        updatedAt: validDate,
      },
      { requiredKeys: ['name', 'version', 'publisher', 'description', 'updatedAt'] },
    ),
    orgIds: fc.uniqueArray(validId, { minLength: 1, maxLength: 4 }),
    summaryIds: fc.uniqueArray(validId, { maxLength: 5 }),
    orgs: fc.array(
      fc.record(
        {
          name: someText(PACK_LIMITS.shortText),
          kind: fc.constantFrom(...ORGANISATION_KINDS),
          description: someText(PACK_LIMITS.description),
          aliases: fc.array(alias, { maxLength: 3 }),
          enabled: fc.boolean(),
        },
        { requiredKeys: ['name', 'kind', 'description', 'aliases'] },
      ),
      { minLength: 4, maxLength: 4 },
    ),
    summaries: fc.array(
      fc.record(
        {
          title: someText(PACK_LIMITS.title),
          text: someText(PACK_LIMITS.summaryText),
          source: fc.record(
            { name: someText(PACK_LIMITS.shortText), url: validUrl },
            {
              requiredKeys: ['name'],
            },
          ),
          url: validUrl,
          publishedAt: validDate,
          archivedAt: validDate,
          refs: fc.array(fc.nat(4), { minLength: 1, maxLength: 3 }),
          tags: fc.array(someText(100), { maxLength: 3 }),
          lang: validLang,
        },
        { requiredKeys: ['title', 'text', 'source', 'archivedAt', 'refs'] },
      ),
      { minLength: 5, maxLength: 5 },
    ),
  })
  .map(({ packId, meta, orgIds, summaryIds, orgs, summaries }) => ({
    format: 'backstory-pack',
    formatVersion: 1,
    pack: { id: packId, ...meta },
    organisations: orgIds.map((id, i) => ({ id, ...orgs[i] })),
    summaries: summaryIds.map((id, i) => {
      const { refs, ...rest } = summaries[i] as NonNullable<(typeof summaries)[number]>;
      // Index `orgIds.length` and beyond name an organisation of another pack.
      const organisationIds = [...new Set(refs.map((n) => orgIds[n] ?? `other-pack/org-${n}`))];
      return { id, ...rest, organisationIds };
    }),
  }));
