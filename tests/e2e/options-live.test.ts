/**
 * Settings and archive edits made on the options page reach a page that is already open, without
 * a reload, in both browsers: an organisation switched off loses its highlights, a new alias is
 * highlighted, another highlight style redraws the mentions (quiet mode draws none but still
 * reports them), and a paused site shows nothing until it is resumed.
 */
import { describe, expect, it } from 'vitest';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';
import { waitForSummaries } from './harness/archive-db';
import { drawnRanges, highlightedTexts, tabState } from './detection-helpers';

const ARTICLE = 'article.html';
const NCRI_TEXTS = ['National Council of Resistance of Iran', 'NCRI'];

/** Clicks the first element matching `selector` whose text or label is `text`. */
async function clickLabelled(page: TestPage, selector: string, text: string) {
  await page.waitForFunction(
    ({ selector: css, text: label }) =>
      [...document.querySelectorAll<HTMLElement>(css)].some(
        (el) => el.textContent?.trim() === label || el.getAttribute('aria-label') === label,
      ),
    { selector, text },
  );
  await page.evaluate(
    ({ selector: css, text: label }) => {
      [...document.querySelectorAll<HTMLElement>(css)]
        .find((el) => el.textContent?.trim() === label || el.getAttribute('aria-label') === label)
        ?.click();
    },
    { selector, text },
  );
}

/**
 * Waits until the page's highlighted texts satisfy `predicate` (checked in Node). The page is
 * brought to the front first: Backstory does no work in hidden tabs, and catches up when the
 * user comes back to one, which is when the change must show.
 */
async function waitForTexts(page: TestPage, predicate: (texts: string[]) => boolean) {
  await page.bringToFront();
  for (let attempt = 0; attempt < 150; attempt++) {
    const texts = await highlightedTexts(page);
    if (predicate(texts)) return texts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `highlights never matched; last: ${JSON.stringify(await highlightedTexts(page))}`,
  );
}

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);

  /** Opens the options page (with settings back to their defaults) and the article. */
  async function openBoth() {
    const options = await extension().openExtensionPage('options.html');
    await waitForSummaries(options, 8);
    await options.evaluate(async () => {
      type Api = { runtime: { sendMessage(m: unknown): Promise<unknown> } };
      const g = globalThis as unknown as { browser?: Api; chrome: Api };
      await (g.browser ?? g.chrome).runtime.sendMessage({ type: 'ui:reset-settings', payload: {} });
    });
    const article = await extension().openPage(fixtureUrl(ARTICLE));
    await waitForTexts(article, (texts) => texts.includes('NCRI'));
    return { options, article };
  }

  it('switching an organisation off removes its highlights from an open tab, and back on', async () => {
    const { options, article } = await openBoth();
    await options.bringToFront();
    await clickLabelled(options, 'label.switch', 'National Council of Resistance of Iran');
    // The other organisations' mentions stay drawn (not a moment with nothing drawn at all).
    const without = await waitForTexts(
      article,
      (texts) => !texts.includes('NCRI') && texts.includes('PMOI'),
    );
    expect(without.filter((t) => NCRI_TEXTS.includes(t))).toEqual([]);
    expect(without).toContain('PMOI');

    await options.bringToFront();
    await clickLabelled(options, 'label.switch', 'National Council of Resistance of Iran');
    await waitForTexts(article, (texts) => NCRI_TEXTS.every((t) => texts.includes(t)));
    expect(article.consoleErrors()).toEqual([]);
    await article.close();
    await options.close();
  });

  it('highlights a new alias in an open tab without a reload', async () => {
    const { options, article } = await openBoth();
    // "Meridian Ledger" is the fictional newspaper's name: nothing highlights it yet.
    expect(await highlightedTexts(article)).not.toContain('Meridian Ledger');
    await options.bringToFront();
    await clickLabelled(options, 'button', 'Edit the aliases of Mujahedin Khalq Organization');
    await clickLabelled(options, 'form.aliases button', 'Add an alias');
    await options.waitForFunction(() => {
      const inputs = document.querySelectorAll<HTMLInputElement>(
        'form.aliases input[name="alias-text"]',
      );
      return inputs[inputs.length - 1]?.value === '';
    });
    await options.evaluate(() => {
      const inputs = document.querySelectorAll<HTMLInputElement>(
        'form.aliases input[name="alias-text"]',
      );
      inputs[inputs.length - 1]?.focus();
    });
    await options.keyboard.type('Meridian Ledger');
    await clickLabelled(options, 'form.aliases button', 'Save the aliases');

    await waitForTexts(article, (texts) => texts.includes('Meridian Ledger'));
    await article.close();
    await options.close();
  });

  it('redraws mentions in another style, and quiet mode draws none but still reports them', async () => {
    const { options, article } = await openBoth();
    const before = await drawnRanges(article);
    expect(before.every((range) => range.name.startsWith('backstory-bg-'))).toBe(true);

    await options.bringToFront();
    await clickLabelled(options, 'fieldset label', 'Underline');
    await article.bringToFront();
    await article.waitForFunction(
      (count) =>
        [...CSS.highlights.entries()]
          .filter(([name]) => name.startsWith('backstory-ul-'))
          .reduce((sum, [, highlight]) => sum + highlight.size, 0) === count,
      before.length,
    );
    const underlined = await drawnRanges(article);
    expect(underlined.map((r) => r.text)).toEqual(before.map((r) => r.text));
    expect(underlined.every((range) => range.name.startsWith('backstory-ul-'))).toBe(true);

    await clickLabelled(
      options,
      'fieldset label',
      'Nothing (quiet mode; the popup still lists mentions)',
    );
    await waitForTexts(article, (texts) => texts.length === 0);
    // The popup still lists every mention: the tab's report keeps counting them.
    await expect
      .poll(async () => (await tabState(options, fixtureUrl(ARTICLE)))?.count, { timeout: 15_000 })
      .toBe(before.length);

    await options.bringToFront();
    await clickLabelled(options, 'fieldset label', 'Background colour');
    await waitForTexts(article, (texts) => texts.length === before.length);
    await article.close();
    await options.close();
  });

  it('a paused site shows no highlights, and they come back when it is resumed', async () => {
    const { options, article } = await openBoth();
    const count = (await highlightedTexts(article)).length;
    await options.bringToFront();
    await options.fill('fieldset.sites input[type="text"]', '127.0.0.1');
    await options.keyboard.press('Enter');
    await waitForTexts(article, (texts) => texts.length === 0);
    const paused = await tabState(options, fixtureUrl(ARTICLE));
    expect(paused?.count).toBe(0);
    expect(paused?.badge).toBe('');

    await options.bringToFront();
    await clickLabelled(options, 'fieldset.sites button', 'Remove 127.0.0.1');
    await waitForTexts(article, (texts) => texts.length === count);
    await article.close();
    await options.close();
  });
});
