/**
 * An update (or a reload, or a disable) of the extension under an open page leaves nothing
 * behind: the old content script notices it is orphaned and takes its highlights away, and where
 * the browser starts the new version's content script on the open page (Firefox), the page ends
 * up with exactly one set of highlights.
 */
import { describe, expect, it } from 'vitest';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';
import { waitForSummaries } from './harness/archive-db';
import { drawnRanges, highlightedTexts } from './detection-helpers';

const POLL = { timeout: 20_000, interval: 100 };

/** Runs in an extension page: reloads the extension (what an update does to a running copy). */
function reloadExtension() {
  type Api = { runtime: { reload(): void } };
  const scope = globalThis as unknown as { browser?: Api; chrome: Api };
  // Later, so the evaluate call can return before the page goes away.
  setTimeout(() => (scope.browser ?? scope.chrome).runtime.reload(), 50);
}

/** Runs in the page: a change of the page's own, as any live page makes. */
function appendParagraph() {
  const p = document.createElement('p');
  p.textContent = 'A later paragraph with no organisation in it.';
  document.body.append(p);
}

/** How many Backstory host elements the page holds (the card's, at most one). */
function ownElements(page: TestPage) {
  return page.evaluate(() => document.querySelectorAll('[data-backstory-ui]').length);
}

describe.each(browsers)('%s', (name, launch) => {
  const extension = useExtensionBrowser(launch);

  it('leaves no stale highlights behind when the extension is reloaded under a page', async () => {
    const setup = await extension().openExtensionPage('options.html');
    await waitForSummaries(setup, 8);
    const page = await extension().openPage(fixtureUrl('article.html'));
    await page.bringToFront();
    await expect.poll(() => highlightedTexts(page), POLL).toHaveLength(10);
    const before = await drawnRanges(page);

    await setup.evaluate(reloadExtension);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // The page changes (as pages do): an orphaned content script notices at its next slice.
    await page.evaluate(appendParagraph);

    if (name === 'chromium') {
      // Chromium does not start content scripts in open tabs after a reload: the page ends up
      // with no highlights at all, rather than dead ones nobody maintains.
      await expect.poll(() => highlightedTexts(page), POLL).toEqual([]);
    } else {
      // Firefox starts the new version's content script in the open tab: one set, the same.
      await expect
        .poll(async () => (await drawnRanges(page)).map((r) => [r.name, r.text]), POLL)
        .toEqual(before.map((r) => [r.name, r.text]));
    }
    expect(await ownElements(page)).toBeLessThanOrEqual(1);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });
});
