/**
 * The toolbar popup in real Chromium and Firefox: searching the bundled archive by alias, by its
 * Persian name and with a typo; filters; the deep link the hover card opens; the keyboard path;
 * the states of "On this page" for a restricted tab and for the demo article; and a
 * right-to-left summary laid out right to left.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';

const TITLES = bundled.summaries.map((summary) => summary.title);
const title = (id: string) => bundled.summaries.find((s) => s.id === id)?.title ?? id;
const NCRI_KEY = `${bundled.pack.id}/ncri`;

/** The extension API as extension pages see it: `browser` in Firefox, `chrome` in Chromium. */
type Api = {
  tabs: {
    getCurrent(): Promise<{ id?: number } | undefined>;
    create(options: { url: string; active: boolean }): Promise<{ id?: number }>;
    query(query: object): Promise<{ id?: number }[]>;
  };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};

/** Opens the popup and waits until its archive is loaded and indexed. */
async function openArchive(open: () => Promise<TestPage>): Promise<TestPage> {
  const page = await open();
  await page.bringToFront();
  await page.waitForFunction(() => {
    const status = document.querySelector('.archive__status')?.textContent ?? '';
    return /\d/.test(status) && !/Loading|indexing/.test(status);
  });
  return page;
}

/** The titles of the results, in order (all of them: the bundled archive fits in the window). */
function resultTitles(page: TestPage): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[role="option"] .result__title')].map(
      (el) => el.textContent ?? '',
    ),
  );
}

/** Types `query` and waits until the status line counts `expectedCount` results for it. */
async function search(page: TestPage, query: string, expectedCount: number): Promise<string[]> {
  await page.fill('input[type="search"]', query);
  await page.waitForFunction(
    (count) =>
      (document.querySelector('.archive__status')?.textContent ?? '').startsWith(`${count} of `) &&
      document.querySelectorAll('[role="option"]').length === count,
    expectedCount,
  );
  return resultTitles(page);
}

/** Chooses `value` in the filter select labelled `label`, as a change by the user would. */
async function choose(page: TestPage, label: string, value: string): Promise<void> {
  await page.evaluate(
    ({ label: name, value: chosen }) => {
      const field = [
        ...document.querySelectorAll<HTMLSelectElement | HTMLInputElement>(
          '.filters select, .filters input',
        ),
      ].find((element) => element.labels?.[0]?.textContent === name);
      if (!field) throw new Error(`no filter labelled ${name}`);
      field.value = chosen;
      field.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { label, value },
  );
}

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);

  beforeAll(async () => {
    // The background installs the bundled archive at start-up; wait for it once.
    const page = await openArchive(() => extension().openExtensionPage('popup.html#archive'));
    await page.waitForFunction(() => document.querySelectorAll('[role="option"]').length === 8);
    await page.close();
  });

  it('finds the bundled summaries by an English alias, the Persian name and with a typo', async () => {
    const page = await openArchive(() => extension().openExtensionPage('popup.html#archive'));
    // Every bundled summary is about the organisation, though only three of them say "PMOI" and
    // none is in Persian: they are found through the organisation's aliases.
    expect((await search(page, 'PMOI', 8)).sort()).toEqual([...TITLES].sort());
    expect((await search(page, 'مجاهدین خلق', 8)).sort()).toEqual([...TITLES].sort());
    // Arabic yeh (ي) for Persian yeh (ی), as typed on an Arabic keyboard.
    expect((await search(page, 'مجاهدين خلق', 8)).sort()).toEqual([...TITLES].sort());
    // One letter missing: "Habilian".
    await page.fill('input[type="search"]', 'Habilan');
    await page.waitForFunction(
      (expected) =>
        [...document.querySelectorAll('[role="option"] .result__title')].some(
          (el) => el.textContent === expected,
        ),
      title('habilian-falling-apart'),
    );
    expect(await page.innerText('.archive__status')).toMatch(/^\d of 8 summar/);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('narrows the results with the organisation, source and date filters', async () => {
    const page = await openArchive(() => extension().openExtensionPage('popup.html#archive'));
    await page.click('.filters__toggle');
    await choose(page, 'Organisation', NCRI_KEY);
    await page.waitForFunction(() => document.querySelectorAll('[role="option"]').length === 1);
    expect(await resultTitles(page)).toEqual([title('non-mek-members-ncri-resign')]);
    expect(await page.innerText('.active-filters')).toContain(
      'National Council of Resistance of Iran',
    );

    await choose(page, 'Organisation', '');
    await choose(page, 'Source', 'Iran-Interlink Weekly Digest (as given in the archive digest)');
    await page.waitForFunction(() => document.querySelectorAll('[role="option"]').length === 1);
    expect(await resultTitles(page)).toEqual([title('iran-interlink-weekly-digest-6')]);

    await choose(page, 'Source', '');
    await choose(page, 'To', '2026-11-26');
    await page.waitForFunction(() => document.querySelectorAll('[role="option"]').length === 0);
    expect(await page.innerText('.archive__status')).toBe('No summary matches these filters.');
    await page.click('.filters__panel .link-button');
    await page.waitForFunction(() => document.querySelectorAll('[role="option"]').length === 8);
    await page.close();
  });

  it('opens the deep link the hover card uses with the organisation filter set', async () => {
    const page = await openArchive(() =>
      extension().openExtensionPage(`popup.html#archive?org=${encodeURIComponent(NCRI_KEY)}`),
    );
    const state = await page.evaluate(() => ({
      selectedTab: document.querySelector('[role="tab"][aria-selected="true"]')?.textContent,
      organisation: [...document.querySelectorAll<HTMLSelectElement>('.filters select')].find(
        (select) => select.labels?.[0]?.textContent === 'Organisation',
      )?.value,
    }));
    expect(state).toEqual({ selectedTab: 'Archive', organisation: NCRI_KEY });
    expect(await resultTitles(page)).toEqual([title('non-mek-members-ncri-resign')]);
    await page.close();
  });

  it('works from the keyboard: arrow down to a result, Enter opens it, Escape goes back', async () => {
    const page = await openArchive(() => extension().openExtensionPage('popup.html#archive'));
    // The popup opened on the archive puts the focus in the search box.
    await page.waitForFunction(() => document.activeElement?.matches('input[type="search"]'));
    await page.keyboard.type('MKO');
    // The popup records each query it has shown the results of (see utils/search/perf-marks.ts).
    await page.waitForFunction(() => {
      const last = performance.getEntriesByName('backstory:query').at(-1) as
        PerformanceMeasure | undefined;
      return (last?.detail as { query?: string } | undefined)?.query === 'MKO';
    });
    expect(await page.innerText('.archive__status')).toBe('8 of 8 summaries match');
    const titles = await resultTitles(page);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const active = () =>
      page.evaluate(() => {
        const list = document.querySelector('[role="listbox"]');
        const id = list?.getAttribute('aria-activedescendant') ?? '';
        return {
          focused: document.activeElement === list,
          title: document.getElementById(id)?.querySelector('.result__title')?.textContent,
        };
      });
    expect(await active()).toEqual({ focused: true, title: titles[1] });

    await page.keyboard.press('Enter');
    await page.waitForFunction((expected) => {
      const heading = document.querySelector('.detail__title');
      return heading?.textContent === expected && document.activeElement === heading;
    }, titles[1]);
    const detail = await page.evaluate(() => document.querySelector('.detail')?.textContent);
    expect(detail).toContain('About this pack');
    expect(detail).toContain(bundled.pack.name);

    await page.keyboard.press('Escape');
    await page.waitForFunction(
      () =>
        document.querySelector('.detail') === null &&
        document.activeElement?.getAttribute('role') === 'listbox',
    );
    expect(await active()).toEqual({ focused: true, title: titles[1] });
    await page.close();
  });

  it('says so for a tab extensions cannot read: an extension page and about:blank', async () => {
    const opener = await extension().openExtensionPage('popup.html');
    const ids = await opener.evaluate(async () => {
      const g = globalThis as unknown as { browser?: Api; chrome: Api };
      const api = g.browser ?? g.chrome;
      const own = await api.tabs.getCurrent();
      const blank = await api.tabs.create({ url: 'about:blank', active: false });
      return [own?.id, blank.id];
    });
    for (const id of ids) {
      expect(id).toBeTypeOf('number');
      const popup = await extension().openExtensionPage(`popup.html?tabId=${id}`);
      await popup.waitForFunction(() =>
        document
          .querySelector('#panel-page')
          ?.textContent?.includes('Browsers do not let extensions'),
      );
      await popup.close();
    }
    await opener.close();
  });

  it('lists what the demo article mentions, and goes from there to the archive', async () => {
    const article = await extension().openPage(fixtureUrl('article.html'));
    await article.waitForFunction(() =>
      [...CSS.highlights.keys()].some((key) => key.startsWith('backstory-')),
    );
    const finder = await extension().openExtensionPage('popup.html');
    const tabId = await finder.evaluate(async (url) => {
      const g = globalThis as unknown as { browser?: Api; chrome: Api };
      const api = g.browser ?? g.chrome;
      for (const tab of await api.tabs.query({})) {
        const reply = (await api.runtime.sendMessage({
          type: 'ui:get-tab-report',
          payload: { tabId: tab.id },
        })) as { ok: boolean; value: { url: string } | null };
        if (reply.ok && reply.value?.url === url) return tab.id;
      }
      return undefined;
    }, fixtureUrl('article.html'));
    await finder.close();
    expect(tabId).toBeTypeOf('number');

    const popup = await extension().openExtensionPage(`popup.html?tabId=${tabId}`);
    await popup.waitForFunction(() => document.querySelector('.mention-group') !== null);
    const text = await popup.innerText('#panel-page');
    expect(text).toMatch(/\d+ mentions on this page/);
    expect(text).toContain('Mujahedin Khalq Organization');
    // A line of context for each mention.
    expect(
      await popup.evaluate(() => document.querySelectorAll('.mention-line').length),
    ).toBeGreaterThan(1);
    await popup.click('.mention-group__archive');
    await popup.waitForFunction(
      () =>
        document.querySelector('[role="tab"][aria-selected="true"]')?.textContent === 'Archive' &&
        document.querySelector('.active-filters') !== null,
    );
    await popup.close();
    await article.close();
  });

  it('lays a right-to-left summary out right to left, in the list and the detail', async () => {
    const page = await openArchive(() => extension().openExtensionPage('popup.html#archive'));
    const pack = {
      format: 'backstory-pack',
      formatVersion: 1,
      pack: {
        id: 'e2e-persian',
        name: 'بسته آزمایشی',
        version: '1.0.0',
        publisher: 'e2e',
        description: 'A Persian summary.',
        updatedAt: '2025-01-01',
      },
      organisations: [],
      summaries: [
        {
          id: 'fa-1',
          title: 'گزارشی از اردوگاه اشرف',
          text: 'اعضای جدا شده می‌گویند که سازمان آنها را کنترل می‌کند.',
          source: { name: 'هابیلیان' },
          publishedAt: '2015-03-10',
          archivedAt: '2024-01-01',
          organisationIds: [`${bundled.pack.id}/mko`],
          lang: 'fa',
        },
      ],
    };
    const imported = await page.evaluate(async (text) => {
      const g = globalThis as unknown as { browser?: Api; chrome: Api };
      const api = g.browser ?? g.chrome;
      return api.runtime.sendMessage({
        type: 'ui:import-pack',
        payload: { text, mode: 'replace' },
      });
    }, JSON.stringify(pack));
    expect(imported).toMatchObject({ ok: true, value: { ok: true } });
    // The open popup notices the new pack (it re-checks on focus and every few seconds).
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await search(page, 'اردوگاه', 1);
    const layout = await page.evaluate(() => {
      const titleElement = document.querySelector<HTMLElement>('[role="option"] .result__title');
      return titleElement
        ? { lang: titleElement.lang, direction: getComputedStyle(titleElement).direction }
        : null;
    });
    expect(layout).toEqual({ lang: 'fa', direction: 'rtl' });
    await page.click('[role="option"]');
    await page.waitForFunction(() => document.querySelector('.detail__text') !== null);
    const detail = await page.evaluate(() => {
      const text = document.querySelector<HTMLElement>('.detail__text');
      return text ? { lang: text.lang, direction: getComputedStyle(text).direction } : null;
    });
    expect(detail).toEqual({ lang: 'fa', direction: 'rtl' });
    await page.close();
  });
});
