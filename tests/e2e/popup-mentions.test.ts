/**
 * The popup's "On this page" list drives the page, in both browsers: clicking a line of context
 * scrolls the page to that mention and flashes it, and previous/next walk the mentions in order.
 */
import { describe, expect, it } from 'vitest';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';
import { waitForSummaries } from './harness/archive-db';
import { highlightedTexts, tabState } from './detection-helpers';

/** Waits until the page flashes a range, and returns the flashed text. */
async function flashedText(page: TestPage): Promise<string> {
  await page.waitForFunction(() => (CSS.highlights.get('backstory-flash')?.size ?? 0) > 0);
  return page.evaluate(() => {
    const [range] = [...(CSS.highlights.get('backstory-flash') ?? [])] as AbstractRange[];
    if (!range) return '';
    const live = document.createRange();
    live.setStart(range.startContainer, range.startOffset);
    live.setEnd(range.endContainer, range.endOffset);
    return live.toString().replace(/\s+/g, ' ');
  });
}

/** Waits until no range is flashed (a flash is brief). */
function flashGone(page: TestPage) {
  return page.waitForFunction(() => (CSS.highlights.get('backstory-flash')?.size ?? 0) === 0);
}

/** Clicks the popup button whose text contains `text`. */
async function clickButtonContaining(page: TestPage, text: string) {
  await page.waitForFunction(
    (label) => [...document.querySelectorAll('button')].some((b) => b.textContent?.includes(label)),
    text,
  );
  await page.evaluate((label) => {
    [...document.querySelectorAll('button')].find((b) => b.textContent?.includes(label))?.click();
  }, text);
}

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);

  it('scrolls to a clicked mention and flashes it; previous/next walk the mentions', async () => {
    const setup = await extension().openExtensionPage('options.html');
    await waitForSummaries(setup, 8);
    const article = await extension().openPage(fixtureUrl('article.html'));
    // The whole page is scanned and reported (the first report covers the viewport only).
    let state = await tabState(setup, fixtureUrl('article.html'));
    for (let i = 0; i < 100 && state?.count !== 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      state = await tabState(setup, fixtureUrl('article.html'));
    }
    expect(state?.count).toBe(10);
    expect(await highlightedTexts(article)).toHaveLength(10);
    await article.evaluate(() => window.scrollTo(0, 0));

    const popup = await extension().openExtensionPage(`popup.html?tabId=${state?.tabId}`);
    // A real popup floats over the page it is about, which stays visible (and keeps animating its
    // scroll); here the popup is a tab of its own, so the page is brought back to the front and
    // the popup is driven from behind.
    await article.bringToFront();
    // The NCRI's first line of context: the page scrolls down to it and flashes it.
    const group = 'National Council of Resistance of Iran';
    await popup.waitForFunction(
      (name) =>
        [...document.querySelectorAll('.mention-group')].some(
          (g) =>
            g.querySelector('.mention-group__name')?.textContent === name &&
            g.querySelector('button.mention-line--button'),
        ),
      group,
    );
    await popup.evaluate((name) => {
      const found = [...document.querySelectorAll('.mention-group')].find(
        (g) => g.querySelector('.mention-group__name')?.textContent === name,
      );
      found?.querySelector<HTMLButtonElement>('button.mention-line--button')?.click();
    }, group);
    expect(await flashedText(article)).toBe('National Council of Resistance of Iran');
    await article.waitForFunction(() => window.scrollY > 0);
    await flashGone(article);

    // Next from the start is the first mention; previous from there wraps to the last.
    await clickButtonContaining(popup, 'Next mention');
    expect(await flashedText(article)).toBe('Mujahedin-e Khalq');
    await popup.waitForFunction(() => document.body.textContent?.includes('Mention 1 of 10'));
    await flashGone(article);
    await clickButtonContaining(popup, 'Previous mention');
    expect(await flashedText(article)).toBe('MEK');
    await popup.waitForFunction(() => document.body.textContent?.includes('Mention 10 of 10'));
    expect(article.consoleErrors()).toEqual([]);
    await popup.close();
    await article.close();
    await setup.close();
  });
});
