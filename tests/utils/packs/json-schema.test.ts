/**
 * Keeps `assets/pack.schema.json` (for pack authors) and the valibot schema (what Backstory runs)
 * in agreement: the same files pass both and the same files fail both, apart from the checks JSON
 * Schema cannot express, which the malformed table marks.
 */
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import packSchema from '../../../assets/pack.schema.json';
import {
  DATE_SAMPLES,
  MALFORMED_PACKS,
  URLS_ONLY_WHATWG_REFUSES,
  URL_SAMPLES,
  getAt,
  validFullPack,
  withValue,
  withoutField,
  type FieldPath,
} from '../../fixtures/packs/malformed';
import validFull from '../../fixtures/packs/valid-full.json';
import validMinimal from '../../fixtures/packs/valid-minimal.json';
import { ORGANISATION_KINDS } from '../../../utils/packs/model';
import {
  PACK_FORMAT,
  PACK_FORMAT_VERSION,
  isHttpUrl,
  isPackDate,
} from '../../../utils/packs/schema';
import { validatePack, type ValidationIssue } from '../../../utils/packs/validate';

// `strict: true` turns every ajv strictness warning (unknown keyword, missing type) into an error,
// so a typo in the schema fails here instead of being ignored by pack authors' editors.
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateWithJsonSchema = ajv.compile(packSchema);
const definition = (name: string) => {
  const validate = ajv.getSchema(`${packSchema.$id}#/$defs/${name}`);
  if (!validate) throw new Error(`no $defs/${name} in pack.schema.json`);
  return validate;
};

/** Whether the JSON Schema accepts a value, with its errors for the failure message. */
function jsonSchemaVerdict(value: unknown): { ok: boolean; errors: string } {
  const ok = validateWithJsonSchema(value);
  return { ok, errors: JSON.stringify(validateWithJsonSchema.errors?.slice(0, 3)) };
}

describe('pack.schema.json', () => {
  it('says the same format, version and kinds as the valibot schema', () => {
    expect(packSchema.properties.format.const).toBe(PACK_FORMAT);
    expect(packSchema.properties.formatVersion.const).toBe(PACK_FORMAT_VERSION);
    expect(packSchema.$defs.organisation.properties.kind.enum).toEqual([...ORGANISATION_KINDS]);
  });

  it('describes every property it defines', () => {
    const undocumented: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      for (const [key, child] of Object.entries(record.properties ?? {})) {
        if (
          !(child as Record<string, unknown>).description &&
          !(child as Record<string, unknown>).$ref
        ) {
          undocumented.push(`${path}.${key}`);
        }
      }
      for (const [key, child] of Object.entries(record)) visit(child, `${path}.${key}`);
    };
    visit(packSchema, '$');
    for (const [name, def] of Object.entries(packSchema.$defs)) {
      if (!def.description) undocumented.push(`$defs.${name}`);
    }
    expect(undocumented).toEqual([]);
  });

  it.each([
    ['valid-minimal.json', validMinimal],
    ['valid-full.json', validFull],
  ])('accepts %s, as valibot does', (_name, pack) => {
    expect(validatePack(structuredClone(pack)).ok).toBe(true);
    const verdict = jsonSchemaVerdict(structuredClone(pack));
    expect(verdict.ok, verdict.errors).toBe(true);
  });
});

describe('the malformed table', () => {
  const structural = MALFORMED_PACKS.filter((row) => !row.crossReference && !row.notJsonSchema);
  const crossReference = MALFORMED_PACKS.filter((row) => row.crossReference);

  it('is mostly structural', () => {
    expect(structural.length).toBeGreaterThanOrEqual(30);
  });

  it.each(structural)('refuses $name, as valibot does', (row) => {
    const made = row.make();
    const value: unknown = typeof made === 'string' ? JSON.parse(made) : made;
    expect(validatePack(value).ok).toBe(false);
    expect(jsonSchemaVerdict(value).ok).toBe(false);
  });

  // Pins down what the top-level description says JSON Schema cannot check.
  it.each(crossReference)('cannot see $name (a cross-reference)', (row) => {
    const verdict = jsonSchemaVerdict(row.make());
    expect(verdict.ok, verdict.errors).toBe(true);
  });
});

/** True for the issues of the checks JSON Schema cannot express: unique ids, known organisations. */
function isCrossReferenceIssue(issue: ValidationIssue): boolean {
  return /^duplicate (organisation|summary) id |is not an organisation in this pack$/.test(
    issue.message,
  );
}

/** One generated change to `valid-full.json`. */
interface Mutation {
  name: string;
  make: () => unknown;
}

/** Every path to a value in `node`: object fields and array items, depth first. */
function pathsIn(node: unknown, path: FieldPath = []): FieldPath[] {
  if (node === null || typeof node !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
  return keys.flatMap((key) => {
    const child = [...path, key];
    return [child, ...pathsIn(getAt(node, [key]), child)];
  });
}

/** A value of another JSON type than `value`. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return {};
  return [];
}

function mutationsOf(path: FieldPath): Mutation[] {
  const at = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('');
  const value = getAt(validFull, path);
  const inObject = typeof path[path.length - 1] === 'string';
  const mutations: Mutation[] = [
    { name: `${at} = null`, make: () => withValue(path, null) },
    { name: `${at} of the wrong type`, make: () => withValue(path, wrongType(value)) },
  ];
  if (inObject) mutations.push({ name: `${at} deleted`, make: () => withoutField(path) });
  if (typeof value === 'string') {
    mutations.push(
      { name: `${at} = ""`, make: () => withValue(path, '') },
      { name: `${at} = whitespace`, make: () => withValue(path, ' \u00a0\u3000\n') },
      { name: `${at} padded with spaces`, make: () => withValue(path, `  ${value}  `) },
    );
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    mutations.push({
      name: `${at} with an extra field`,
      make: () => withValue([...path, 'extra'], 1),
    });
  }
  if (Array.isArray(value)) {
    mutations.push({ name: `${at} = []`, make: () => withValue(path, []) });
  }
  return mutations;
}

describe('valibot and pack.schema.json agree on generated changes to valid-full.json', () => {
  const mutations = pathsIn(validFullPack()).flatMap(mutationsOf);

  it('generates enough changes to mean something', () => {
    expect(mutations.length).toBeGreaterThan(300);
  });

  it.each(mutations)('$name', ({ make }) => {
    const valibot = validatePack(make());
    // A change such as emptying `organisations` breaks only cross-references, which JSON Schema
    // cannot see: there it must accept what valibot refuses.
    const structurallyValid = valibot.ok || valibot.issues.every(isCrossReferenceIssue);
    const jsonSchema = jsonSchemaVerdict(make());
    const why = valibot.ok ? jsonSchema.errors : JSON.stringify(valibot.issues.slice(0, 3));
    expect(jsonSchema.ok, why).toBe(structurallyValid);
  });
});

/** The JSON Schema node that describes the value at `path`, with any `$ref` merged in. */
function schemaAt(path: FieldPath): Record<string, unknown> {
  const resolve = (node: Record<string, unknown>): Record<string, unknown> => {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    const target = (packSchema.$defs as Record<string, Record<string, unknown>>)[
      ref.replace('#/$defs/', '')
    ];
    return { ...resolve(target ?? {}), ...node };
  };
  let node = resolve(packSchema as Record<string, unknown>);
  for (const key of path) {
    const next =
      typeof key === 'number'
        ? node.items
        : (node.properties as Record<string, unknown> | undefined)?.[key];
    node = resolve((next ?? {}) as Record<string, unknown>);
  }
  return node;
}

/** A string of exactly `length` characters that the field's pattern accepts. */
function stringOfLength(field: Record<string, unknown>, length: number): string {
  switch (field.$ref) {
    case '#/$defs/id':
      return 'a'.repeat(length);
    case '#/$defs/organisationRef':
      return length <= 100 ? 'a'.repeat(length) : `${'a'.repeat(length - 101)}/${'a'.repeat(100)}`;
    case '#/$defs/httpUrl':
      return `https://example.org/${'a'.repeat(length - 20)}`;
    case '#/$defs/lang': {
      // "en" then subtags of 1-8 letters: "-aaaaaaaa" is 9 characters, the shortest "-a" is 2.
      let rest = length - 2;
      let tag = 'en';
      while (rest > 0) {
        const chunk = rest > 9 ? (rest - 9 === 1 ? 8 : 9) : rest;
        tag += `-${'a'.repeat(chunk - 1)}`;
        rest -= chunk;
      }
      return tag;
    }
    default:
      return 'x'.repeat(length);
  }
}

describe('valibot and pack.schema.json agree on every limit, at it and one over', () => {
  const paths = pathsIn(validFullPack());
  const cases = paths.flatMap((path) => {
    const field = schemaAt(path);
    const value = getAt(validFull, path);
    const at = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('');
    if (typeof value === 'string' && typeof field.maxLength === 'number') {
      const max = field.maxLength;
      return [0, 1].map((over) => ({
        name: `${at}: ${max + over} characters`,
        over: over === 1,
        make: () => withValue(path, stringOfLength(field, max + over)),
      }));
    }
    if (Array.isArray(value) && value.length > 0 && typeof field.maxItems === 'number') {
      const max = field.maxItems;
      return [0, 1].map((over) => ({
        name: `${at}: ${max + over} items`,
        over: over === 1,
        make: () => withValue(path, Array<unknown>(max + over).fill(value[0])),
      }));
    }
    return [];
  });

  it('finds the limits of every kind of field', () => {
    const names = cases.map((c) => c.name);
    for (const field of ['.pack.id', '.pack.license', '.aliases[1].lang', '.organisationIds[1]']) {
      expect(
        names.some((name) => name.includes(field)),
        field,
      ).toBe(true);
    }
    for (const list of ['.organisations', '.summaries', '.prefixes', '.tags']) {
      expect(
        names.some((name) => name.includes(`${list}: `)),
        list,
      ).toBe(true);
    }
  });

  it.each(cases)('$name', ({ make, over }) => {
    const valibot = validatePack(make());
    const structurallyValid = valibot.ok || valibot.issues.every(isCrossReferenceIssue);
    expect(structurallyValid, JSON.stringify(!valibot.ok && valibot.issues.slice(0, 3))).toBe(
      !over,
    );
    const jsonSchema = jsonSchemaVerdict(make());
    expect(jsonSchema.ok, jsonSchema.errors).toBe(!over);
  });
});

describe('the patterns of pack.schema.json agree with isHttpUrl and isPackDate', () => {
  const httpUrl = definition('httpUrl');
  const date = definition('date');

  it.each(URL_SAMPLES)('URL %j', (url, valid) => {
    expect(isHttpUrl(url)).toBe(valid);
    expect(httpUrl(url)).toBe(valid || URLS_ONLY_WHATWG_REFUSES.includes(url));
  });

  it.each(DATE_SAMPLES)('date %j', (value, valid) => {
    expect(isPackDate(value)).toBe(valid);
    expect(date(value)).toBe(valid);
  });

  it('agrees with isPackDate on every day of a leap year, a common year and a century', () => {
    for (const year of ['2024', '2023', '1900', '2000']) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 0; day <= 32; day++) {
          const value = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(date(value), value).toBe(isPackDate(value));
        }
      }
    }
  });

  it.each([' ', '\t', '\n', '\u00a0', '\u2003', '\u2028', '\u3000', '\ufeff', '\u200b', '\u180e'])(
    'treats %j as blank exactly when String.prototype.trim does',
    (char) => {
      const title = char.repeat(3);
      const valibot = validatePack(withValue(['summaries', 0, 'title'], title)).ok;
      expect(jsonSchemaVerdict(withValue(['summaries', 0, 'title'], title)).ok).toBe(valibot);
      expect(valibot).toBe(title.trim() !== '');
    },
  );
});

describe('known differences, documented in the schema’s description', () => {
  it('counts characters outside the BMP twice in Backstory, once in JSON Schema', () => {
    const title = '🙂'.repeat(600); // 600 code points, 1200 UTF-16 code units; the limit is 1000
    expect(validatePack(withValue(['summaries', 0, 'title'], title)).ok).toBe(false);
    expect(jsonSchemaVerdict(withValue(['summaries', 0, 'title'], title)).ok).toBe(true);
  });
});
