/**
 * The popup's one-click pause, in both browsers: "Pause on this site" empties the open tab's
 * highlights at once and shows the paused state; "Resume on this site" brings them back.
 */
import { describe, expect, it } from 'vitest';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';
import { waitForSummaries } from './harness/archive-db';
import { highlightedTexts, tabState } from './detection-helpers';

/** Polls the page's highlights until `predicate` holds, with the page in front (it may be hidden). */
async function waitForHighlights(page: TestPage, predicate: (count: number) => boolean) {
  await page.bringToFront();
  for (let attempt = 0; attempt < 150; attempt++) {
    if (predicate((await highlightedTexts(page)).length)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`highlights never matched: ${(await highlightedTexts(page)).length}`);
}

/** Clicks the popup button called `name` once it exists. */
async function clickButton(page: TestPage, name: string) {
  await page.waitForFunction(
    (label) => [...document.querySelectorAll('button')].some((b) => b.textContent === label),
    name,
  );
  await page.evaluate((label) => {
    [...document.querySelectorAll('button')].find((b) => b.textContent === label)?.click();
  }, name);
}

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);

  it('pauses Backstory on the site in one click, and resumes it', async () => {
    const setup = await extension().openExtensionPage('options.html');
    await waitForSummaries(setup, 8);
    const article = await extension().openPage(fixtureUrl('article.html'));
    await waitForHighlights(article, (count) => count === 10);
    const state = await tabState(setup, fixtureUrl('article.html'));
    expect(state).not.toBeNull();

    const popup = await extension().openExtensionPage(`popup.html?tabId=${state?.tabId}`);
    await clickButton(popup, 'Pause on this site');
    await popup.waitForFunction(() =>
      document.body.textContent?.includes('Backstory is paused on 127.0.0.1'),
    );
    await waitForHighlights(article, (count) => count === 0);
    expect((await tabState(setup, fixtureUrl('article.html')))?.badge).toBe('');

    await popup.bringToFront();
    await clickButton(popup, 'Resume on this site');
    await waitForHighlights(article, (count) => count === 10);
    expect(article.consoleErrors()).toEqual([]);
    await popup.close();
    await article.close();
    await setup.close();
  });
});
