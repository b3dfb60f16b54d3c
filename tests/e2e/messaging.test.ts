/**
 * The message protocol in the real browsers: a content script's read-only lookup is answered, and
 * a privileged request sent from a tab is refused with the archive unchanged.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { browsers, fixtureUrl, useExtensionBrowser } from './harness';
import { tabState } from './detection-helpers';
import { dumpArchive } from './harness/archive-db';
import { prepareBuildVariant } from './harness/variants';

/**
 * A test-only content script, standing in for a compromised or forged tab: it sends the
 * privileged requests an extension page may send, and leaves the replies on its test page.
 */
const FORGING_CONTENT_SCRIPT = `
const api = globalThis.browser ?? globalThis.chrome;
const requests = [
  { type: 'ui:set-pack-enabled', payload: { packId: ${JSON.stringify(bundled.pack.id)}, enabled: false } },
  { type: 'ui:restore-bundled', payload: {} },
  { type: 'ui:import-pack', payload: { mode: 'replace', text: '{}' } },
  { type: 'ui:get-tab-report', payload: { tabId: 1 } },
  { type: 'content:get-matcher-source', payload: {} },
];
Promise.all(requests.map((message) => api.runtime.sendMessage(message))).then((replies) => {
  document.documentElement.dataset.replies = JSON.stringify(replies);
});
`;

describe.each(browsers)('%s', (name, launch) => {
  let workDir = '';
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), `backstory-e2e-messaging-${name}-`));
    await prepareBuildVariant(name, join(workDir, 'extension'), {
      files: { 'forge.js': FORGING_CONTENT_SCRIPT },
      contentScripts: [{ matches: ['http://127.0.0.1/blank.html*'], js: ['forge.js'] }],
    });
  });
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });
  const extension = useExtensionBrowser(launch, () => ({
    extensionDir: join(workDir, 'extension'),
  }));

  it("answers the content script's lookup: the article is scanned and reported", async () => {
    const article = await extension().openPage(fixtureUrl('article.html'));
    // The content script asked the background for the aliases and highlighted what it found.
    await article.waitForFunction(() =>
      [...CSS.highlights.keys()].some((key) => key.startsWith('backstory-')),
    );
    const popup = await extension().openExtensionPage('popup.html');
    const report = await tabState(popup, fixtureUrl('article.html'));
    expect(report).not.toBeNull();
    expect(report?.count).toBeGreaterThan(0);
    expect(article.consoleErrors()).toEqual([]);
    await popup.close();
    await article.close();
  });

  it('refuses privileged requests from a tab and leaves the archive as it was', async () => {
    const popup = await extension().openExtensionPage('popup.html');
    await popup.waitForFunction(() => document.querySelectorAll('.summary').length === 8);
    const before = await dumpArchive(popup);

    const tab = await extension().openPage(fixtureUrl('blank.html'));
    await tab.waitForFunction(() => document.documentElement.dataset.replies !== undefined);
    const replies = JSON.parse(
      await tab.evaluate(() => document.documentElement.dataset.replies ?? '[]'),
    ) as { ok: boolean; error?: string; value?: unknown }[];

    expect(replies.slice(0, 4)).toEqual([
      { ok: false, error: 'ui:set-pack-enabled is only accepted from extension pages' },
      { ok: false, error: 'ui:restore-bundled is only accepted from extension pages' },
      { ok: false, error: 'ui:import-pack is only accepted from extension pages' },
      { ok: false, error: 'ui:get-tab-report is only accepted from extension pages' },
    ]);
    // The same tab may still ask read-only questions.
    expect(replies[4]?.ok).toBe(true);

    expect(await dumpArchive(popup)).toEqual(before);
    await tab.close();
    await popup.close();
  });
});
