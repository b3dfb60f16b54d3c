import { describe, expect, it, vi } from 'vitest';
import {
  type CardActionsBrowser,
  NEXT_MENTION_COMMAND,
  OPEN_ARCHIVE_INTERVAL_MS,
  createCardActions,
} from '../../../entrypoints/background/card-actions';
import { createHandlers } from '../../../entrypoints/background/handlers';
import { createMessageRouter } from '../../../utils/messaging';

const ORIGIN = 'chrome-extension://test-extension-id/';

function fakeBrowser(activeTabs: { id?: number }[] = [{ id: 7 }]) {
  const api = {
    runtime: { getURL: (path: string) => new URL(path, ORIGIN).href },
    tabs: {
      create: vi.fn(async () => ({})),
      query: vi.fn(async () => activeTabs),
      sendMessage: vi.fn(async () => undefined),
    },
  } satisfies CardActionsBrowser;
  return api;
}

describe('opening the archive from a card', () => {
  it('opens the popup’s archive view at the organisation, next to the page that asked', async () => {
    const api = fakeBrowser();
    await expect(createCardActions(api).openArchive('pack-1/org.a', 4)).resolves.toEqual({
      opened: true,
    });
    expect(api.tabs.create).toHaveBeenCalledWith({
      url: `${ORIGIN}popup.html#archive?org=pack-1%2Forg.a`,
      openerTabId: 4,
    });
  });

  it('is refused from anything but a tab, and for a malformed key before anything opens', async () => {
    const api = fakeBrowser();
    const route = createMessageRouter(
      createHandlers({
        archive: {} as never,
        tabs: {} as never,
        options: {} as never,
        cardActions: createCardActions(api),
      }),
      { extensionId: 'test-extension-id', extensionOrigin: ORIGIN },
    );
    const fromTab = { id: 'test-extension-id', url: 'https://news.example/', tabId: 3 };
    const fromNowhere = { id: 'test-extension-id', url: 'https://news.example/' };
    expect(
      await route({ type: 'content:open-archive', payload: { orgKey: 'pack/org' } }, fromTab),
    ).toEqual({ ok: true, value: { opened: true } });
    expect(
      await route({ type: 'content:open-archive', payload: { orgKey: 'pack/org' } }, fromNowhere),
    ).toMatchObject({ ok: false });
    for (const orgKey of ['javascript:alert(1)', '../../popup.html', 'pack/org?x=1', '']) {
      expect(
        await route({ type: 'content:open-archive', payload: { orgKey } }, fromTab),
      ).toMatchObject({ ok: false });
    }
    expect(api.tabs.create).toHaveBeenCalledTimes(1);
  });

  it('opens one tab for a double click, and another a moment later', async () => {
    const api = fakeBrowser();
    let now = 10_000;
    const actions = createCardActions(api, () => now);
    await actions.openArchive('pack/org', 4);
    await expect(actions.openArchive('pack/org', 4)).rejects.toThrow('a moment ago');
    // Another page is not held up.
    await actions.openArchive('pack/org', 5);
    now += OPEN_ARCHIVE_INTERVAL_MS;
    await actions.openArchive('pack/org', 4);
    expect(api.tabs.create).toHaveBeenCalledTimes(3);
  });
});

describe('the "next mention" shortcut', () => {
  it('goes to the top frame of the active tab', async () => {
    const api = fakeBrowser([{ id: 7 }]);
    await createCardActions(api).onCommand(NEXT_MENTION_COMMAND);
    expect(api.tabs.query).toHaveBeenCalledWith({ active: true, currentWindow: true });
    expect(api.tabs.sendMessage).toHaveBeenCalledWith(
      7,
      { type: 'background:next-mention', payload: {} },
      { frameId: 0 },
    );
  });

  it('ignores other commands, and tabs without the content script', async () => {
    const api = fakeBrowser([{ id: 7 }]);
    await createCardActions(api).onCommand('something-else');
    expect(api.tabs.sendMessage).not.toHaveBeenCalled();
    api.tabs.sendMessage.mockRejectedValueOnce(new Error('Could not establish connection'));
    await expect(createCardActions(api).onCommand(NEXT_MENTION_COMMAND)).resolves.toBeUndefined();
    const none = fakeBrowser([]);
    await createCardActions(none).onCommand(NEXT_MENTION_COMMAND);
    expect(none.tabs.sendMessage).not.toHaveBeenCalled();
  });
});
