/**
 * The one protocol between Backstory's parts. Every message is declared here once, named by its
 * direction (`content:` from a content script, `ui:` from an extension page), with a valibot schema
 * for its payload and a reply type. Payloads are validated on receipt; `ui:` messages are refused
 * unless they come from one of the extension's own pages.
 */
import * as v from 'valibot';
import type { Alias, Organisation, Pack, Summary } from './packs/model';
import type { ImportPreview, ImportResult } from './archive/import';
import { BACKUP_LIMITS, type BackupCheckResult, type RestoreBackupResult } from './archive/backup';
import type { DeleteOrganisationResult } from './archive/organisations';
import { AliasSchema, PACK_LIMITS } from './packs/schema';
import type { ValidationResult } from './packs/validate';
import type { Settings } from './settings/model';
import type { PartialOrganisation } from './matching/keyed-source';
import type { KeyIndexData } from './matching/keys';
import { SettingsPatchSchema } from './settings/schema';

const MAX_SNIPPETS = 500;
/** Keys per alias request: a page with more asks again. */
export const MAX_ALIAS_KEYS = 5_000;

const orgKey = v.pipe(v.string(), v.maxLength(201), v.regex(/^[a-z0-9._-]+\/[a-z0-9._-]+$/));
const packId = v.pipe(v.string(), v.maxLength(100), v.regex(/^[a-z0-9._-]+$/));

/** Why a mention counts (the matcher's `MatchReason`), so the popup can explain it. */
const MatchReasonSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('alias') }),
  v.strictObject({
    kind: v.literal('context-alias'),
    supportingAlias: v.pipe(v.string(), v.maxLength(300)),
  }),
  v.strictObject({ kind: v.literal('context-word'), word: v.pipe(v.string(), v.maxLength(300)) }),
]);

/** What one frame found: sent by the content script after each scan. */
const MentionReportSchema = v.strictObject({
  /** Total mentions in this frame. */
  count: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000_000)),
  organisations: v.pipe(
    v.array(
      v.strictObject({
        key: orgKey,
        count: v.pipe(v.number(), v.integer(), v.minValue(0)),
      }),
    ),
    v.maxLength(5_000),
  ),
  /** A short line of context per mention, for the popup's "On this page" list. */
  snippets: v.pipe(
    v.array(
      v.strictObject({
        orgKey,
        alias: v.pipe(v.string(), v.maxLength(300)),
        text: v.pipe(v.string(), v.maxLength(400)),
        /** Why it counts; optional so reports from older content scripts stay valid. */
        reason: v.optional(MatchReasonSchema),
      }),
    ),
    v.maxLength(MAX_SNIPPETS),
  ),
});
export type MentionReport = v.InferOutput<typeof MentionReportSchema>;

/** Every request: its payload schema, who may send it, and (as a type) what it answers. */
export const PROTOCOL = {
  /** Content script asks for the enabled organisations and aliases to compile its matcher. */
  'content:get-matcher-source': { from: 'any', payload: v.strictObject({}) },
  /**
   * Content script asks for the aliases behind the keys its page holds, when the matcher source
   * came as keys (read-only). `revision` is the source's: an answer for another says so.
   */
  'content:get-aliases': {
    from: 'any',
    payload: v.strictObject({
      revision: v.pipe(v.number(), v.integer(), v.minValue(0)),
      keys: v.pipe(
        v.array(v.pipe(v.number(), v.integer(), v.minValue(-(2 ** 31)), v.maxValue(2 ** 31 - 1))),
        v.maxLength(MAX_ALIAS_KEYS),
      ),
    }),
  },
  /** Content script asks for the card data of one organisation (read-only). */
  'content:get-card': {
    from: 'any',
    payload: v.strictObject({
      orgKey,
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200))),
    }),
  },
  /**
   * Content script's hover card asks for the archive at one organisation ("Open all N in the
   * archive"): the background opens the extension's own archive page in a new tab. Accepted from
   * tabs only; it reads nothing and writes nothing.
   */
  'content:open-archive': { from: 'any', payload: v.strictObject({ orgKey }) },
  /** Content script reports what a frame found; it only ever describes the sender's own tab. */
  'content:report-mentions': {
    from: 'any',
    payload: v.strictObject({
      frameUrl: v.pipe(v.string(), v.maxLength(8_192)),
      /** Random per document, so a reload or a new page replaces what the tab reported before. */
      documentId: v.pipe(v.string(), v.maxLength(64)),
      report: MentionReportSchema,
    }),
  },
  /** Extension page asks what a tab's frames reported. */
  'ui:get-tab-report': {
    from: 'extension',
    payload: v.strictObject({ tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  },
  /** Extension page imports a pack file's text. */
  'ui:import-pack': {
    from: 'extension',
    payload: v.strictObject({
      text: v.string(),
      mode: v.picklist(['replace', 'merge']),
    }),
  },
  /** Extension page reinstalls the bundled archive (the user's switches and notes stay). */
  'ui:restore-bundled': { from: 'extension', payload: v.strictObject({}) },
  /** Extension page switches a pack on or off. */
  'ui:set-pack-enabled': {
    from: 'extension',
    payload: v.strictObject({ packId, enabled: v.boolean() }),
  },
  /** Options page switches one organisation on or off. */
  'ui:set-organisation-enabled': {
    from: 'extension',
    payload: v.strictObject({ orgKey, enabled: v.boolean() }),
  },
  /** Options page replaces an organisation's aliases (a pack's organisation keeps its edits). */
  'ui:set-aliases': {
    from: 'extension',
    payload: v.strictObject({
      orgKey,
      aliases: v.pipe(v.array(AliasSchema), v.maxLength(PACK_LIMITS.aliasesPerOrganisation)),
    }),
  },
  /**
   * Options page creates or edits one of the user's own organisations. The organisation is
   * checked by the pack format's schema in the handler, which answers with issues by path.
   */
  'ui:save-organisation': {
    from: 'extension',
    payload: v.strictObject({ organisation: v.unknown() }),
  },
  /** Options page deletes one of the user's own organisations (refused while notes use it). */
  'ui:delete-organisation': { from: 'extension', payload: v.strictObject({ orgKey }) },
  /** Options page saves a note; checked in the handler by the summary schema, issues by path. */
  'ui:save-note': { from: 'extension', payload: v.strictObject({ note: v.unknown() }) },
  /** Options page deletes a note by its id in the notes pack. */
  'ui:delete-note': { from: 'extension', payload: v.strictObject({ id: packId }) },
  /** Options page removes a pack with its organisations and summaries. */
  'ui:delete-pack': { from: 'extension', payload: v.strictObject({ packId }) },
  /** Options page asks what importing a pack file would change, before anything is written. */
  'ui:preview-import': {
    from: 'extension',
    payload: v.strictObject({
      text: v.pipe(v.string(), v.maxLength(PACK_LIMITS.fileBytes)),
      mode: v.picklist(['replace', 'merge']),
    }),
  },
  /** Options page asks what a backup file holds, before restoring it. */
  'ui:preview-backup': {
    from: 'extension',
    payload: v.strictObject({ text: v.pipe(v.string(), v.maxLength(BACKUP_LIMITS.fileBytes)) }),
  },
  /** Options page restores a backup: the whole archive and the settings, all or nothing. */
  'ui:restore-backup': {
    from: 'extension',
    payload: v.strictObject({ text: v.pipe(v.string(), v.maxLength(BACKUP_LIMITS.fileBytes)) }),
  },
  /** Options page changes settings; each field given replaces that setting. */
  'ui:update-settings': {
    from: 'extension',
    payload: v.strictObject({ patch: SettingsPatchSchema }),
  },
  /** Options page puts every setting back to its default. */
  'ui:reset-settings': { from: 'extension', payload: v.strictObject({}) },
  /** Popup pauses or resumes Backstory on a page's site (the options page's paused list). */
  'ui:set-site-paused': {
    from: 'extension',
    payload: v.strictObject({ url: v.pipe(v.string(), v.maxLength(8_192)), paused: v.boolean() }),
  },
} as const;

export type MessageType = keyof typeof PROTOCOL;
export type MessagePayload<T extends MessageType> = v.InferOutput<(typeof PROTOCOL)[T]['payload']>;

/** The organisation shape a content script compiles into its matcher. */
export interface MatcherOrganisationData {
  key: string;
  name: string;
  aliases: Alias[];
}

/**
 * What a content script compiles its matcher from: every enabled alias, or, for large alias
 * lists, their keys and the aliases without one (see utils/matching/keyed-source.ts), the rest
 * to be asked for with `content:get-aliases`.
 */
export interface MatcherSource {
  revision: number;
  organisations: MatcherOrganisationData[];
  keyed?: { keys: KeyIndexData; always: PartialOrganisation[] };
}

/** Everything the hover card shows for one organisation. */
export interface CardData {
  organisation: Organisation;
  /** Newest first, from enabled packs only. */
  summaries: Summary[];
  /** All summaries about the organisation in enabled packs (the card may show fewer). */
  total: number;
  /** The packs the shown summaries and the organisation come from, by id. */
  packs: Record<string, Pack>;
}

/** What a tab's frames reported, merged. */
export interface TabReport {
  tabId: number;
  url: string;
  count: number;
  organisations: { key: string; count: number }[];
  snippets: MentionReport['snippets'];
}

/** The reply to each request. */
export interface ReplyTypes {
  'content:get-matcher-source': MatcherSource;
  'content:get-aliases': { revision: number; organisations: PartialOrganisation[] };
  'content:get-card': CardData | null;
  'content:open-archive': { opened: true };
  'content:report-mentions': { accepted: true };
  'ui:get-tab-report': TabReport | null;
  'ui:import-pack': ImportResult;
  'ui:restore-bundled': ImportResult;
  'ui:set-pack-enabled': { packId: string; enabled: boolean };
  'ui:set-organisation-enabled': { orgKey: string; enabled: boolean };
  'ui:set-aliases': ValidationResult<Organisation>;
  'ui:save-organisation': ValidationResult<Organisation>;
  'ui:delete-organisation': DeleteOrganisationResult;
  'ui:save-note': ValidationResult<Summary>;
  'ui:delete-note': { id: string; deleted: boolean };
  'ui:delete-pack': { packId: string };
  'ui:preview-import': ImportPreview;
  'ui:preview-backup': BackupCheckResult;
  'ui:restore-backup': RestoreBackupResult;
  'ui:update-settings': { settings: Settings };
  'ui:reset-settings': { settings: Settings };
  'ui:set-site-paused': { settings: Settings };
}

/** A request on the wire. */
export interface Envelope<T extends MessageType = MessageType> {
  type: T;
  payload: MessagePayload<T>;
}

/** A reply on the wire: errors travel as data so the sender gets a clear message, never a hang. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** Who sent a message, reduced to what the protocol decides on. */
export interface SenderInfo {
  /** The sending extension's id (runtime.MessageSender.id). */
  id?: string;
  /** URL of the sending document (runtime.MessageSender.url). */
  url?: string;
  /** Present when the sender is a tab (a content script, or an extension page opened in a tab). */
  tabId?: number;
  /** The frame the message came from (0 for the top frame). */
  frameId?: number;
}

/** True when the sender is one of this extension's own pages (popup, options), never a web page. */
export function isExtensionPage(
  sender: SenderInfo,
  extensionId: string,
  extensionOrigin: string,
): boolean {
  if (sender.id !== extensionId || !sender.url) return false;
  try {
    return new URL(sender.url).origin === new URL(extensionOrigin).origin;
  } catch {
    return false;
  }
}

const EnvelopeSchema = v.strictObject({
  type: v.picklist(Object.keys(PROTOCOL) as MessageType[]),
  payload: v.unknown(),
});

/** A handler for each request type, given the validated payload and the sender. */
export type Handlers = {
  [T in MessageType]: (
    payload: MessagePayload<T>,
    sender: SenderInfo,
  ) => Promise<ReplyTypes[T]> | ReplyTypes[T];
};

/**
 * Builds the background's receiver: validates the envelope and payload, checks who may send it,
 * runs the handler and wraps the outcome in a `Reply`. Unknown senders and bad input get an error
 * reply; nothing throws across the message boundary.
 */
export function createMessageRouter(
  handlers: Handlers,
  identity: { extensionId: string; extensionOrigin: string },
): (message: unknown, sender: SenderInfo) => Promise<Reply<unknown>> {
  return async (message, sender) => {
    if (sender.id !== identity.extensionId) return { ok: false, error: 'unknown sender' };
    const envelope = v.safeParse(EnvelopeSchema, message);
    if (!envelope.success) return { ok: false, error: 'malformed message' };
    const type = envelope.output.type;
    const spec = PROTOCOL[type];
    if (
      spec.from === 'extension' &&
      !isExtensionPage(sender, identity.extensionId, identity.extensionOrigin)
    ) {
      return { ok: false, error: `${type} is only accepted from extension pages` };
    }
    const payload = v.safeParse(spec.payload, envelope.output.payload);
    if (!payload.success) {
      const first = payload.issues[0];
      return {
        ok: false,
        error: `invalid ${type} payload: ${first?.message ?? 'unknown problem'}`,
      };
    }
    try {
      const handler = handlers[type] as (p: unknown, s: SenderInfo) => Promise<unknown> | unknown;
      return { ok: true, value: await handler(payload.output, sender) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}

/**
 * Notices the background sends to content scripts (`tabs.sendMessage`), declared like requests:
 * a payload schema each. Content scripts validate them with {@link parseBackgroundMessage} and
 * act only on what they can check themselves (e.g. refetch the matcher source); no reply.
 */
export const BACKGROUND_MESSAGES = {
  /** The archive changed (import, pack switched on or off): matchers built before are stale. */
  'background:archive-changed': v.strictObject({
    revision: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  /**
   * The user pressed the "next mention" shortcut (`commands` in the manifest): the top frame
   * moves to the next mention, scrolls to it and opens its card with focus in it.
   */
  'background:next-mention': v.strictObject({}),
  /**
   * The popup's "On this page" list: scroll the top frame to the `ordinal`-th mention (from 0, in
   * reading order, the order of the tab report's snippets) of `orgKey` and flash it.
   */
  'background:show-mention': v.strictObject({
    orgKey,
    ordinal: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000_000)),
  }),
} as const;

export type BackgroundMessageType = keyof typeof BACKGROUND_MESSAGES;

/** A background notice on the wire. */
export type BackgroundMessage = {
  [T in BackgroundMessageType]: {
    type: T;
    payload: v.InferOutput<(typeof BACKGROUND_MESSAGES)[T]>;
  };
}[BackgroundMessageType];

const BackgroundEnvelopeSchema = v.strictObject({
  type: v.picklist(Object.keys(BACKGROUND_MESSAGES) as BackgroundMessageType[]),
  payload: v.unknown(),
});

/**
 * Validates a notice received by a content script: the envelope and the payload. Anything else
 * (another extension's message, a malformed one) gives `null` and is ignored.
 */
export function parseBackgroundMessage(message: unknown): BackgroundMessage | null {
  const envelope = v.safeParse(BackgroundEnvelopeSchema, message);
  if (!envelope.success) return null;
  const type = envelope.output.type;
  const payload = v.safeParse(BACKGROUND_MESSAGES[type], envelope.output.payload);
  return payload.success ? ({ type, payload: payload.output } as BackgroundMessage) : null;
}

/** Thrown by `sendRequest` when the background answers with an error. */
export class MessageError extends Error {
  override name = 'MessageError';
}

/**
 * Sends a typed request through the given transport (`browser.runtime.sendMessage`) and unwraps the
 * reply, throwing `MessageError` with the background's message on failure.
 */
export async function sendRequest<T extends MessageType>(
  send: (message: Envelope<T>) => Promise<unknown>,
  type: T,
  payload: MessagePayload<T>,
): Promise<ReplyTypes[T]> {
  const reply = (await send({ type, payload })) as Reply<ReplyTypes[T]> | undefined;
  if (!reply || typeof reply !== 'object') throw new MessageError(`no reply to ${type}`);
  if (!reply.ok) throw new MessageError(reply.error);
  return reply.value;
}
