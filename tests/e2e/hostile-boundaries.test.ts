/**
 * Hostile pages at Backstory's boundaries, in real Chromium and Firefox: a page under the
 * strictest usual Content-Security-Policy (highlights and the hover card still work), and a page
 * that forges Backstory's messages every way a page can (nothing changes: not the archive, not
 * the settings, not what the tab reports, and no card opens). Scale and churn are in
 * hostile-pages.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import {
  BACKGROUND_MESSAGES,
  PROTOCOL,
  type BackgroundMessageType,
  type MessageType,
} from '../../utils/messaging';
import { ARCHIVE_CHANGED_CHANNEL } from '../../utils/search/changes';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';
import { dumpArchive, waitForSummaries } from './harness/archive-db';
import { highlightedTexts, tabState } from './detection-helpers';
import { CARD_HOST, hoverMention, waitForCard, waitForHighlights } from './card-helpers';
import { POLL, rangesOnRemovedText, useFixturePages } from './hostile-helpers';

const MKO = bundled.organisations.find((org) => org.id === 'mko');
const NCRI = bundled.organisations.find((org) => org.id === 'ncri');
if (!MKO || !NCRI) throw new Error('the bundled pack lost an organisation');
const MKO_KEY = `${bundled.pack.id}/mko`;

/** A valid pack that would make "Acme Forgery" on forge.html a mention, were it ever imported. */
const FORGED_PACK = JSON.stringify({
  format: 'backstory-pack',
  formatVersion: 1,
  pack: {
    id: 'forged-pack',
    name: 'Forged pack',
    version: '1',
    publisher: 'A hostile page',
    description: 'Imported by a page that forges messages.',
    updatedAt: '2026-01-01',
  },
  organisations: [
    {
      id: 'acme',
      name: 'Acme Forgery',
      kind: 'company',
      description: 'Fictional.',
      aliases: [{ text: 'Acme Forgery' }],
    },
  ],
  summaries: [],
});

/** Payloads for the forged messages; a type not listed gets `{}`. */
function forgedPayloads(
  pageUrl: string,
): Partial<Record<MessageType | BackgroundMessageType, unknown>> {
  return {
    'content:get-card': { orgKey: MKO_KEY },
    'content:open-archive': { orgKey: MKO_KEY },
    'content:report-mentions': {
      frameUrl: pageUrl,
      documentId: 'forged',
      report: { count: 999, organisations: [{ key: MKO_KEY, count: 999 }], snippets: [] },
    },
    'ui:get-tab-report': { tabId: 1 },
    'ui:import-pack': { text: FORGED_PACK, mode: 'replace' },
    'ui:preview-import': { text: FORGED_PACK, mode: 'replace' },
    'ui:set-pack-enabled': { packId: bundled.pack.id, enabled: false },
    'ui:set-organisation-enabled': { orgKey: MKO_KEY, enabled: false },
    'ui:set-aliases': { orgKey: MKO_KEY, aliases: [{ text: 'Acme Forgery' }] },
    'ui:delete-organisation': { orgKey: MKO_KEY },
    'ui:delete-note': { id: 'note' },
    'ui:delete-pack': { packId: bundled.pack.id },
    'ui:restore-backup': { text: '{}' },
    'ui:update-settings': { patch: { highlightStyle: 'none' } },
    'ui:set-site-paused': { url: pageUrl, paused: true },
    'background:archive-changed': { revision: 999_999 },
    'background:show-mention': { orgKey: MKO_KEY, ordinal: 0 },
  };
}

/** Every message of the protocol, both directions, as a page would forge it. */
function forgedMessages(pageUrl: string): { type: string; payload: unknown }[] {
  const payloads = forgedPayloads(pageUrl);
  const types = [
    ...(Object.keys(PROTOCOL) as MessageType[]),
    ...(Object.keys(BACKGROUND_MESSAGES) as BackgroundMessageType[]),
  ];
  return types.map((type) => ({ type, payload: payloads[type] ?? {} }));
}

/** Runs in an extension page: both storage areas the settings may live in, and the open tabs. */
async function readExtensionState(): Promise<{ sync: unknown; local: unknown; tabs: number }> {
  type Api = {
    storage: Record<'sync' | 'local', { get(keys: null): Promise<unknown> }>;
    tabs: { query(query: object): Promise<unknown[]> };
  };
  const scope = globalThis as unknown as { browser?: Api; chrome: Api };
  const api = scope.browser ?? scope.chrome;
  return {
    sync: await api.storage.sync.get(null),
    local: await api.storage.local.get(null),
    tabs: (await api.tabs.query({})).length,
  };
}

type Forge = {
  fakeCalls: string[];
  seen: { cardHost: boolean };
  attack(args: {
    extensionId: string;
    extensionOrigin: string;
    channelName: string;
    messages: { type: string; payload: unknown }[];
  }): Promise<{ type: string; outcome: string }[]>;
};

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);
  // Opened first, so the fixture pages opened later are the visible tabs.
  let extensionPage: TestPage;
  beforeAll(async () => {
    extensionPage = await extension().openExtensionPage('popup.html');
    await waitForSummaries(extensionPage, bundled.summaries.length);
  });

  const openPage = useFixturePages(extension);

  it('highlights and shows the card under a strict Content-Security-Policy', async () => {
    const url = fixtureUrl('hostile/csp.html');
    const page = await openPage('hostile/csp.html');
    await waitForHighlights(page, 3);
    expect(await highlightedTexts(page)).toEqual([
      'MKO',
      'National Council of Resistance of Iran',
      'PMOI',
    ]);
    expect(await rangesOnRemovedText(page)).toEqual([]);
    await expect
      .poll(() => tabState(extensionPage, url), POLL)
      .toMatchObject({ count: 3, badge: '3' });

    await page.mouse.move(5, 5);
    await hoverMention(page, 'MKO');
    const card = await waitForCard(page, MKO.name);
    expect(card.matched).toBe('Matched “MKO”');
    expect(card.titles.length).toBeGreaterThan(0);
    // The card's own styles apply although the page allows no style at all.
    const radius = await page.evaluateInShadowRoot(
      CARD_HOST,
      (root) => getComputedStyle(root.querySelector('.card') as Element).borderTopLeftRadius,
    );
    expect(radius).toBe('8px');
    await hoverMention(page, 'National Council');
    await waitForCard(page, NCRI.name);
    expect(page.consoleErrors()).toEqual([]);
  });

  it('ignores messages, events and runtimes a page forges', async () => {
    const url = fixtureUrl('hostile/forge.html');
    const archiveBefore = await dumpArchive(extensionPage);
    const page = await openPage('hostile/forge.html');
    const real = ['MKO', 'PMOI', 'National Council of Resistance of Iran'];
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(real);
    await expect
      .poll(() => tabState(extensionPage, url), POLL)
      .toMatchObject({ count: 3, badge: '3' });
    const before = await extensionPage.evaluate(readExtensionState);

    const outcomes = await page.evaluate(
      (args) => (window as unknown as { forge: Forge }).forge.attack(args),
      {
        extensionId: extension().extensionId,
        extensionOrigin: extension().extensionOrigin,
        channelName: ARCHIVE_CHANGED_CHANNEL,
        messages: forgedMessages(url),
      },
    );
    // The page cannot reach the extension's runtime at all: Backstory lets no page connect.
    expect(outcomes.length).toBe(forgedMessages(url).length);
    for (const { outcome } of outcomes) expect(outcome).toBe('no chrome.runtime in the page');

    // A real change after the forgeries: once it is reported, the content script has long had
    // its chance to act on them.
    await page.evaluate(() => {
      const paragraph = document.createElement('p');
      paragraph.textContent = 'Later: the Mujahedin-e Khalq.';
      document.body.append(paragraph);
    });
    await expect
      .poll(() => tabState(extensionPage, url), POLL)
      .toMatchObject({ count: 4, badge: '4' });
    // Past the card's dwell (200 ms) with room to spare: a forged pointer would have opened it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(await highlightedTexts(page)).toEqual([...real, 'Mujahedin-e Khalq']);
    const report = await tabState(extensionPage, url);
    expect(report?.snippets.map((snippet) => snippet.alias)).toEqual([
      'MKO',
      'PMOI',
      'National Council of Resistance of Iran',
      'Mujahedin-e Khalq',
    ]);
    expect(await dumpArchive(extensionPage)).toEqual(archiveBefore);
    expect(await extensionPage.evaluate(readExtensionState)).toEqual(before);
    const forge = await page.evaluate(() => {
      const { fakeCalls, seen } = (window as unknown as { forge: Forge }).forge;
      return { fakeCalls, cardHost: seen.cardHost };
    });
    expect(forge).toEqual({ fakeCalls: [], cardHost: false });
    expect(page.consoleErrors()).toEqual([]);
  });
});
