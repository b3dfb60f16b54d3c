/**
 * Records and fake services for the options components: a small archive, and a `request` that
 * records what was asked and answers from a table.
 */
import { vi } from 'vitest';
import type { OptionsServices, RequestFn } from '../../../components/options';
import type { StoredOrganisation } from '../../../utils/archive/schema';
import type { MessageType, ReplyTypes } from '../../../utils/messaging';
import type { Pack, Summary } from '../../../utils/packs/model';
import { defaultSettings } from '../../../utils/settings/model';

export const PACK: Pack = {
  id: 'digest',
  name: 'Backstory digest',
  version: '1.0.0',
  publisher: 'Backstory',
  description: 'Summaries.',
  updatedAt: '2024-05-01',
  enabled: true,
  origin: 'bundled',
};

export const NOTES: Pack = {
  id: 'my-notes',
  name: 'My notes',
  version: '1',
  publisher: 'You',
  description: 'Notes.',
  updatedAt: '2024-05-01',
  enabled: true,
  origin: 'notes',
};

export const MEK: StoredOrganisation = {
  key: 'digest/mek',
  id: 'mek',
  packId: 'digest',
  name: 'Mujahedin Khalq',
  kind: 'organisation',
  description: 'An organisation.',
  aliases: [
    { text: 'Mujahedin Khalq', caseSensitive: false },
    { text: 'MEK', caseSensitive: true, context: ['Tehran'] },
  ],
  enabled: true,
};

export const NCRI: StoredOrganisation = {
  key: 'digest/ncri',
  id: 'ncri',
  packId: 'digest',
  name: 'National Council of Resistance of Iran',
  kind: 'coalition',
  description: 'A coalition.',
  aliases: [{ text: 'NCRI', caseSensitive: true }],
  enabled: true,
};

export const NOTE: Summary = {
  key: 'my-notes/n1',
  id: 'n1',
  packId: 'my-notes',
  title: 'یادداشت',
  text: 'A note.',
  source: { name: 'Me' },
  archivedAt: '2024-05-01T00:00:00.000Z',
  organisationIds: ['digest/mek'],
  tags: [],
};

type Answers = {
  [T in MessageType]?: (payload: unknown) => ReplyTypes[T] | Promise<ReplyTypes[T]>;
};

/** A `request` that records every call and answers from `answers` (unanswered types reject). */
export function fakeRequest(answers: Answers = {}) {
  const calls: { type: MessageType; payload: unknown }[] = [];
  const request = vi.fn(async (type: MessageType, payload: unknown) => {
    calls.push({ type, payload });
    const answer = answers[type];
    if (!answer) throw new Error(`unexpected request ${type}`);
    return answer(payload);
  }) as unknown as RequestFn;
  return { request, calls };
}

/** Services over an in-memory archive, with `request` from `fakeRequest`. */
export function fakeServices(
  request: RequestFn,
  overrides: Partial<OptionsServices> = {},
): OptionsServices {
  return {
    loadArchive: async () => ({
      packs: [PACK, NOTES],
      organisations: [MEK, NCRI],
      notes: [NOTE],
      summaryCounts: { digest: 8, 'my-notes': 1 },
    }),
    watchArchive: () => () => undefined,
    loadSettings: async () => ({ settings: defaultSettings(), reset: [], area: 'default' }),
    watchSettings: () => () => undefined,
    request,
    exportPack: async () => ({ fileName: 'digest.json', text: '{}' }),
    createBackup: async () => ({ fileName: 'backup.json', text: '{}' }),
    storageInfo: async () => ({ usage: 1_048_576, quota: 1_073_741_824, persistence: 'denied' }),
    requestPersistence: async () => 'denied',
    nextMentionShortcut: async () => 'Alt+Shift+B',
    openShortcutSettings: vi.fn(async () => undefined),
    download: vi.fn(),
    locale: 'en',
    ...overrides,
  };
}

/** Hands `file` to a file input as a picker would. */
export function fileFor(name: string, text: string): File {
  return new File([text], name, { type: 'application/json' });
}
