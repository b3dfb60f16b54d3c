/**
 * The user's changes to organisations from the options page: aliases edited on any organisation,
 * and organisations of their own. Own organisations live in the notes pack (`my-notes`), next to
 * the notes that may be about them: no import or update ever writes to that pack, and a backup
 * carries it whole.
 */
import type { IDBPDatabase } from 'idb';
import * as v from 'valibot';
import { NOTES_PACK_ID, globalKey } from '../packs/model';
import { AliasSchema, OrganisationSchema, PACK_LIMITS } from '../packs/schema';
import { formatPath, type ValidationIssue, type ValidationResult } from '../packs/validate';
import { sameAliases } from './alias-edits';
import { notesPack } from './repository';
import type { ArchiveSchema, StoredOrganisation } from './schema';

type ArchiveDb = IDBPDatabase<ArchiveSchema>;

/** An organisation's aliases as the options page sends them. */
export const AliasListSchema = v.pipe(
  v.array(AliasSchema, 'must be a list'),
  v.maxLength(
    PACK_LIMITS.aliasesPerOrganisation,
    `must have at most ${PACK_LIMITS.aliasesPerOrganisation} aliases`,
  ),
);

/**
 * Replaces an organisation's aliases. For an organisation of a pack the pack's own aliases are
 * kept aside (`packAliases`) the first time, so later pack updates keep the user's edits; setting
 * the pack's aliases again clears the edit. Own organisations are simply rewritten.
 */
export async function setOrganisationAliases(
  db: ArchiveDb,
  orgKey: string,
  input: unknown,
): Promise<ValidationResult<StoredOrganisation>> {
  const parsed = v.safeParse(AliasListSchema, input);
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.issues, 'aliases') };
  const aliases = parsed.output;
  const tx = db.transaction('organisations', 'readwrite');
  const organisation = await tx.store.get(orgKey);
  if (!organisation) {
    await tx.done;
    return { ok: false, issues: [{ path: '', message: `there is no organisation "${orgKey}"` }] };
  }
  const { packAliases, ...rest } = organisation;
  let record: StoredOrganisation;
  if (organisation.packId === NOTES_PACK_ID) {
    record = { ...rest, aliases };
  } else {
    const fromPack = packAliases ?? organisation.aliases;
    record = sameAliases(aliases, fromPack)
      ? { ...rest, aliases }
      : { ...rest, aliases, packAliases: fromPack };
  }
  await Promise.all([tx.store.put(record), tx.done]);
  return { ok: true, value: record };
}

/**
 * Creates or updates one of the user's own organisations (in the notes pack, created if needed).
 * Checked by the pack format's organisation schema; without an `id` a new one is made from the
 * name. An edit keeps the organisation's switch unless `enabled` is given.
 */
export async function saveOwnOrganisation(
  db: ArchiveDb,
  input: unknown,
  { now = new Date() }: { now?: Date } = {},
): Promise<ValidationResult<StoredOrganisation>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ path: '', message: 'must be an object' }] };
  }
  const given = input as Record<string, unknown>;
  const tx = db.transaction(['packs', 'organisations'], 'readwrite');
  const organisations = tx.objectStore('organisations');
  let id = given.id;
  if (id === undefined) {
    id = organisationIdFor(given.name);
    // A clash with an existing id gets a random suffix rather than a loop of lookups.
    if ((await organisations.getKey(globalKey(NOTES_PACK_ID, String(id)))) !== undefined) {
      id = `${String(id).slice(0, 80)}-${crypto.randomUUID().slice(0, 8)}`;
    }
  }
  const existing =
    typeof id === 'string' ? await organisations.get(globalKey(NOTES_PACK_ID, id)) : undefined;
  const parsed = v.safeParse(OrganisationSchema, {
    ...given,
    id,
    enabled: given.enabled ?? existing?.enabled ?? true,
  });
  if (!parsed.success) {
    tx.abort();
    await tx.done.catch(() => undefined);
    return { ok: false, issues: issuesOf(parsed.issues, '') };
  }
  const fields = parsed.output;
  const record: StoredOrganisation = withoutUndefined({
    ...fields,
    key: globalKey(NOTES_PACK_ID, fields.id),
    packId: NOTES_PACK_ID,
  });
  const pack = await tx.objectStore('packs').get(NOTES_PACK_ID);
  await Promise.all([
    organisations.put(record),
    tx.objectStore('packs').put({ ...(pack ?? notesPack(now)), updatedAt: now.toISOString() }),
    tx.done,
  ]);
  return { ok: true, value: record };
}

/** Why an own organisation was not deleted. */
export type DeleteOrganisationResult =
  | { ok: true }
  | { ok: false; reason: 'not-found' | 'not-own' }
  | { ok: false; reason: 'in-use'; summaries: number };

/**
 * Deletes one of the user's own organisations. Refused while summaries (notes) are about it, so
 * no note is left pointing at nothing; pack organisations can only be switched off.
 */
export async function deleteOwnOrganisation(
  db: ArchiveDb,
  orgKey: string,
): Promise<DeleteOrganisationResult> {
  const tx = db.transaction(['organisations', 'summaries'], 'readwrite');
  const organisations = tx.objectStore('organisations');
  const [organisation, summaries] = await Promise.all([
    organisations.get(orgKey),
    tx.objectStore('summaries').index('by-organisation').count(orgKey),
  ]);
  let result: DeleteOrganisationResult;
  if (!organisation) result = { ok: false, reason: 'not-found' };
  else if (organisation.packId !== NOTES_PACK_ID) result = { ok: false, reason: 'not-own' };
  else if (summaries > 0) result = { ok: false, reason: 'in-use', summaries };
  else {
    await organisations.delete(orgKey);
    result = { ok: true };
  }
  await tx.done;
  return result;
}

/**
 * A pack id made from an organisation's name: Latin letters and digits, accents dropped; names in
 * other scripts (Persian, for one) get a neutral `organisation-…` id, which is never shown.
 */
export function organisationIdFor(name: unknown): string {
  const slug = String(typeof name === 'string' ? name : '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || `organisation-${crypto.randomUUID().slice(0, 8)}`;
}

function issuesOf(issues: readonly v.BaseIssue<unknown>[], prefix: string): ValidationIssue[] {
  return issues.slice(0, 100).map((issue) => {
    const path = formatPath(issue.path);
    return {
      path: prefix && path ? `${prefix}${path.startsWith('[') ? '' : '.'}${path}` : prefix || path,
      message: issue.message,
    };
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
