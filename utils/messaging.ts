/**
 * The one protocol between Backstory's parts. Every message is declared here once, named by its
 * direction (`content:` from a content script, `ui:` from an extension page), with a valibot schema
 * for its payload and a reply type. Payloads are validated on receipt; `ui:` messages are refused
 * unless they come from one of the extension's own pages.
 */
import * as v from 'valibot';
import type { Alias, Organisation, Pack, Summary } from './packs/model';
import type { ImportResult } from './archive/import';

const MAX_SNIPPETS = 500;

const orgKey = v.pipe(v.string(), v.maxLength(201), v.regex(/^[a-z0-9._-]+\/[a-z0-9._-]+$/));
const packId = v.pipe(v.string(), v.maxLength(100), v.regex(/^[a-z0-9._-]+$/));

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
  /** Content script asks for the card data of one organisation (read-only). */
  'content:get-card': {
    from: 'any',
    payload: v.strictObject({
      orgKey,
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200))),
    }),
  },
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
} as const;

export type MessageType = keyof typeof PROTOCOL;
export type MessagePayload<T extends MessageType> = v.InferOutput<(typeof PROTOCOL)[T]['payload']>;

/** The organisation shape a content script compiles into its matcher. */
export interface MatcherOrganisationData {
  key: string;
  name: string;
  aliases: Alias[];
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
  'content:get-matcher-source': { revision: number; organisations: MatcherOrganisationData[] };
  'content:get-card': CardData | null;
  'content:report-mentions': { accepted: true };
  'ui:get-tab-report': TabReport | null;
  'ui:import-pack': ImportResult;
  'ui:restore-bundled': ImportResult;
  'ui:set-pack-enabled': { packId: string; enabled: boolean };
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
