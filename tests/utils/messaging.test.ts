import { describe, expect, it, vi } from 'vitest';
import {
  createMessageRouter,
  isExtensionPage,
  MessageError,
  sendRequest,
  type Handlers,
  type SenderInfo,
} from '../../utils/messaging';
import { defaultSettings } from '../../utils/settings/model';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
const identity = { extensionId: EXTENSION_ID, extensionOrigin: ORIGIN };

const fromPopup: SenderInfo = { id: EXTENSION_ID, url: `${ORIGIN}popup.html` };
const fromPopupInTab: SenderInfo = {
  id: EXTENSION_ID,
  url: `${ORIGIN}popup.html?tabId=3`,
  tabId: 9,
};
const fromContentScript: SenderInfo = {
  id: EXTENSION_ID,
  url: 'https://news.example/article',
  tabId: 4,
  frameId: 0,
};
const fromLookalikePage: SenderInfo = {
  id: EXTENSION_ID,
  url: `https://evil.example/${EXTENSION_ID}/popup.html`,
  tabId: 4,
};
const fromOtherExtension: SenderInfo = {
  id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz',
  url: 'chrome-extension://zzzz/x.html',
};

function makeHandlers(): Handlers {
  return {
    'content:get-matcher-source': vi.fn(() => ({ revision: 1, organisations: [] })),
    'content:get-aliases': vi.fn(() => ({ revision: 1, organisations: [] })),
    'content:get-card': vi.fn(() => null),
    'content:open-archive': vi.fn(() => ({ opened: true as const })),
    'content:report-mentions': vi.fn(() => ({ accepted: true as const })),
    'ui:get-tab-report': vi.fn(() => null),
    'ui:import-pack': vi.fn(() => ({
      ok: false as const,
      error: { kind: 'refused' as const, message: 'test' },
    })),
    'ui:restore-bundled': vi.fn(() => ({
      ok: false as const,
      error: { kind: 'refused' as const, message: 'test' },
    })),
    'ui:set-pack-enabled': vi.fn(({ packId, enabled }) => ({ packId, enabled })),
    // The options page's requests (tested in tests/entrypoints/background/options-service.test.ts).
    'ui:set-organisation-enabled': vi.fn(({ orgKey, enabled }) => ({ orgKey, enabled })),
    'ui:set-aliases': vi.fn(() => ({ ok: false as const, issues: [] })),
    'ui:save-organisation': vi.fn(() => ({ ok: false as const, issues: [] })),
    'ui:delete-organisation': vi.fn(() => ({ ok: false as const, reason: 'not-found' as const })),
    'ui:save-note': vi.fn(() => ({ ok: false as const, issues: [] })),
    'ui:delete-note': vi.fn(({ id }) => ({ id, deleted: false })),
    'ui:delete-pack': vi.fn(({ packId }) => ({ packId })),
    'ui:preview-import': vi.fn(() => ({
      ok: false as const,
      error: { kind: 'refused' as const, message: 'test' },
    })),
    'ui:preview-backup': vi.fn(() => ({
      ok: false as const,
      error: { kind: 'newer' as const, message: 'test' },
    })),
    'ui:restore-backup': vi.fn(() => ({
      ok: false as const,
      error: { kind: 'newer' as const, message: 'test' },
    })),
    'ui:update-settings': vi.fn(() => ({ settings: defaultSettings() })),
    'ui:reset-settings': vi.fn(() => ({ settings: defaultSettings() })),
    'ui:set-site-paused': vi.fn(() => ({ settings: defaultSettings() })),
  };
}

describe('isExtensionPage', () => {
  it.each([
    ['the popup', fromPopup, true],
    ['the popup opened in a tab', fromPopupInTab, true],
    ['a content script', fromContentScript, false],
    ['a web page whose path looks like the extension', fromLookalikePage, false],
    ['another extension', fromOtherExtension, false],
    ['a sender without URL', { id: EXTENSION_ID }, false],
    ['a sender with a malformed URL', { id: EXTENSION_ID, url: 'not a url' }, false],
  ])('%s → %s', (_name, sender, expected) => {
    expect(isExtensionPage(sender, EXTENSION_ID, ORIGIN)).toBe(expected);
  });
});

describe('createMessageRouter', () => {
  it('answers a read-only request from a content script', async () => {
    const handlers = makeHandlers();
    const route = createMessageRouter(handlers, identity);
    await expect(
      route({ type: 'content:get-matcher-source', payload: {} }, fromContentScript),
    ).resolves.toEqual({ ok: true, value: { revision: 1, organisations: [] } });
  });

  it.each([
    ['ui:set-pack-enabled', { packId: 'p', enabled: false }],
    ['ui:import-pack', { text: '{}', mode: 'replace' }],
    ['ui:restore-bundled', {}],
    ['ui:get-tab-report', { tabId: 1 }],
  ] as const)('refuses %s from a tab and never calls its handler', async (type, payload) => {
    const handlers = makeHandlers();
    const route = createMessageRouter(handlers, identity);
    for (const sender of [fromContentScript, fromLookalikePage]) {
      await expect(route({ type, payload }, sender)).resolves.toEqual({
        ok: false,
        error: `${type} is only accepted from extension pages`,
      });
    }
    expect(handlers[type]).not.toHaveBeenCalled();
  });

  it('accepts a privileged request from an extension page, even one open in a tab', async () => {
    const handlers = makeHandlers();
    const route = createMessageRouter(handlers, identity);
    for (const sender of [fromPopup, fromPopupInTab]) {
      await expect(
        route({ type: 'ui:set-pack-enabled', payload: { packId: 'p', enabled: false } }, sender),
      ).resolves.toEqual({ ok: true, value: { packId: 'p', enabled: false } });
    }
  });

  it('refuses messages from other extensions', async () => {
    const handlers = makeHandlers();
    const route = createMessageRouter(handlers, identity);
    await expect(
      route({ type: 'content:get-matcher-source', payload: {} }, fromOtherExtension),
    ).resolves.toEqual({ ok: false, error: 'unknown sender' });
    expect(handlers['content:get-matcher-source']).not.toHaveBeenCalled();
  });

  it.each([
    ['a string', 'hello'],
    ['null', null],
    ['an unknown type', { type: 'ui:delete-everything', payload: {} }],
    ['a missing payload', { type: 'content:get-matcher-source' }],
    ['an extra envelope field', { type: 'content:get-matcher-source', payload: {}, x: 1 }],
    [
      'a prototype key',
      JSON.parse('{"type":"content:get-matcher-source","payload":{},"__proto__":{}}'),
    ],
  ])('refuses a malformed message: %s', async (_name, message) => {
    const handlers = makeHandlers();
    const route = createMessageRouter(handlers, identity);
    await expect(route(message, fromContentScript)).resolves.toEqual({
      ok: false,
      error: 'malformed message',
    });
  });

  it.each([
    ['a wrong payload type', 'content:get-card', { orgKey: 42 }],
    ['an org key that is not packId/orgId', 'content:get-card', { orgKey: '../../etc' }],
    ['an extra payload field', 'content:get-matcher-source', { all: true }],
    [
      'a negative count',
      'content:report-mentions',
      {
        frameUrl: 'https://a.example/',
        documentId: 'd',
        report: { count: -1, organisations: [], snippets: [] },
      },
    ],
    [
      'a huge snippet',
      'content:report-mentions',
      {
        frameUrl: 'https://a.example/',
        documentId: 'd',
        report: {
          count: 1,
          organisations: [],
          snippets: [{ orgKey: 'p/o', alias: 'x', text: 'x'.repeat(10_000) }],
        },
      },
    ],
  ])('refuses an invalid payload: %s', async (_name, type, payload) => {
    const handlers = makeHandlers();
    const route = createMessageRouter(handlers, identity);
    const reply = await route({ type, payload }, fromContentScript);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(new RegExp(`^invalid ${type} payload: `));
    expect(handlers[type as keyof Handlers]).not.toHaveBeenCalled();
  });

  it('turns a handler failure into an error reply', async () => {
    const handlers = makeHandlers();
    handlers['content:get-card'] = () => {
      throw new Error('database closed');
    };
    const route = createMessageRouter(handlers, identity);
    await expect(
      route({ type: 'content:get-card', payload: { orgKey: 'p/o' } }, fromContentScript),
    ).resolves.toEqual({ ok: false, error: 'database closed' });
  });
});

describe('sendRequest', () => {
  it('sends the envelope and unwraps a successful reply', async () => {
    const send = vi.fn(async () => ({ ok: true, value: null }));
    await expect(sendRequest(send, 'content:get-card', { orgKey: 'p/o' })).resolves.toBeNull();
    expect(send).toHaveBeenCalledWith({ type: 'content:get-card', payload: { orgKey: 'p/o' } });
  });

  it('throws the background’s message on an error reply', async () => {
    const send = async () => ({ ok: false, error: 'nope' });
    await expect(sendRequest(send, 'content:get-card', { orgKey: 'p/o' })).rejects.toEqual(
      new MessageError('nope'),
    );
  });

  it('throws when nobody answers', async () => {
    const send = async () => undefined;
    await expect(sendRequest(send, 'content:get-card', { orgKey: 'p/o' })).rejects.toThrow(
      'no reply to content:get-card',
    );
  });
});
