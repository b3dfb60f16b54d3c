/**
 * Backstory registers only the ranges near the viewport (entrypoints/content/highlights.ts): in
 * real Chromium and Firefox, a mention is drawn once it can be seen, wherever it hides first
 * (a closed <details>, a scrolling box, far down the page), every mention is reported all along,
 * a range far above the reader is dropped, and one in a block without a box is always drawn.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';
import { highlightedTexts, tabState } from './detection-helpers';

const POLL = { timeout: 15_000, interval: 50 };
const URL_PATH = 'near-viewport.html';
const TOP = "People's Mojahedin Organization of Iran";

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);
  let extensionPage: TestPage;
  beforeAll(async () => {
    extensionPage = await extension().openExtensionPage('popup.html');
  });

  it('draws each mention once it can be seen, and reports them all from the start', async () => {
    const url = fixtureUrl(URL_PATH);
    const page = await extension().openPage(url);
    await page.bringToFront();
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ count: 5 });
    await expect.poll(() => highlightedTexts(page), POLL).toEqual([TOP, 'PMOI']);

    await page.evaluate(() => {
      (document.getElementById('details') as HTMLDetailsElement).open = true;
    });
    await expect.poll(() => highlightedTexts(page), POLL).toEqual([TOP, 'PMOI', 'MKO']);

    await page.evaluate(() => {
      const scroller = document.getElementById('scroller') as HTMLElement;
      scroller.scrollTop = scroller.scrollHeight;
    });
    await expect
      .poll(() => highlightedTexts(page), POLL)
      .toEqual([TOP, 'PMOI', 'MKO', 'Mujahedin-e Khalq']);

    await page.evaluate(() => document.getElementById('far')?.scrollIntoView());
    await expect
      .poll(() => highlightedTexts(page), POLL)
      .toEqual(['PMOI', 'National Council of Resistance of Iran']);
    expect(await tabState(extensionPage, url)).toMatchObject({ count: 5 });
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });
});
