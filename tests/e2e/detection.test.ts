/**
 * Mention detection on pages that hold still: what is highlighted (each range's text, in reading
 * order), what the tab reports and shows on its badge, and that the page's DOM is never touched.
 * Pages that change (feeds, React, single-page apps, archive switches) are in
 * detection-dynamic.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { highlightName } from '../../utils/scanning/highlight-style';
import { automaticColourSlot } from '../../utils/settings/model';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';
import {
  badgeOf,
  drawnRanges,
  highlightPaint,
  LONG_PAGE_ALIASES,
  highlightedTexts,
  pageMutations,
  tabState,
} from './detection-helpers';

/** Waits up to this long for the scan (and the background's badge) to catch up. */
const POLL = { timeout: 15_000, interval: 50 };

const MKO = `${bundled.pack.id}/mko`;
const NCRI = `${bundled.pack.id}/ncri`;

/**
 * article.html's mentions. Its header lists 7 phrases; "Mujahedin-e Khalq (MEK)", "People's
 * Mojahedin Organization of Iran (PMOI)" and "National Council of Resistance of Iran (NCRI)" are
 * two mentions each (name and acronym), hence 10 ranges.
 */
const ARTICLE = [
  'Mujahedin-e Khalq',
  'MEK',
  'MEK',
  "People's Mojahedin Organization of Iran",
  'PMOI',
  'Mujahedin Khalq',
  'MKO',
  'National Council of Resistance of Iran',
  'NCRI',
  'MEK',
];

/** persian.html's mentions, as its header lists them. */
const PERSIAN = [
  'مجاهدین خلق',
  'سازمان مجاهدین خلق ایران',
  'شورای ملی مقاومت ایران',
  'مجاهدین\u200Cخلق',
  'مجاهدين خلق',
  'شوراي ملي مقاومت ايران',
  'مجاهدین خلق',
  'سازمان مجاهدین خلق ایران',
];

describe.each(browsers)('%s', (name, launch) => {
  const extension = useExtensionBrowser(launch);
  // Opened first, so the fixture pages opened later are the visible tabs.
  let extensionPage: TestPage;
  beforeAll(async () => {
    extensionPage = await extension().openExtensionPage('popup.html');
  });

  it('highlights each mention of the news article in its colour, and reports them', async () => {
    const url = fixtureUrl('article.html');
    const page = await extension().openPage(url);
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(ARTICLE);

    // One highlight per organisation, named by its colour slot; nothing else is registered.
    const ranges = await drawnRanges(page);
    const mko = highlightName('bg', automaticColourSlot(MKO));
    const ncri = highlightName('bg', automaticColourSlot(NCRI));
    expect(ranges.map((range) => range.name)).toEqual([
      ...Array<string>(7).fill(mko),
      ncri,
      ncri,
      mko,
    ]);
    expect(await page.evaluate(() => [...CSS.highlights.keys()].sort())).toEqual(
      [mko, ncri].sort(),
    );
    // And the manifest's rules paint every one of them (Chromium's are anchored on :root).
    expect(await highlightPaint(page)).toHaveLength(ARTICLE.length);
    expect(await highlightPaint(page)).not.toContain('rgba(0, 0, 0, 0)');

    // The badge and the report count the same mentions; snippets explain the ambiguous ones.
    await expect
      .poll(() => tabState(extensionPage, url), POLL)
      .toMatchObject({
        badge: '10',
        count: 10,
      });
    const state = await tabState(extensionPage, url);
    expect(state?.snippets.map((snippet) => [snippet.alias, snippet.reason])).toEqual([
      ['Mujahedin-e Khalq', { kind: 'alias' }],
      ['MEK', { kind: 'context-alias', supportingAlias: 'Mujahedin-e Khalq' }],
      ['MEK', { kind: 'context-alias', supportingAlias: 'Mujahedin-e Khalq' }],
      ["People's Mojahedin Organization of Iran", { kind: 'alias' }],
      ['PMOI', { kind: 'alias' }],
      ['Mujahedin Khalq', { kind: 'alias' }],
      ['MKO', { kind: 'alias' }],
      ['National Council of Resistance of Iran', { kind: 'alias' }],
      [
        'NCRI',
        { kind: 'context-alias', supportingAlias: 'National Council of Resistance of Iran' },
      ],
      ['MEK', { kind: 'context-alias', supportingAlias: 'Mujahedin-e Khalq' }],
    ]);
    const lede = state?.snippets[0]?.text ?? '';
    expect(lede).toContain('run by the Mujahedin-e Khalq (MEK), an Iranian');
    expect(lede.length).toBeLessThanOrEqual(160);
    expect(lede).not.toMatch(/\s{2}|\n/);

    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('highlights a right-to-left Persian article: variants, ZWNJ, prefixes', async () => {
    const page = await extension().openPage(fixtureUrl('persian.html'));
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(PERSIAN);
    await expect
      .poll(() => tabState(extensionPage, fixtureUrl('persian.html')), POLL)
      .toMatchObject({ badge: '8', count: 8 });
    // The page's own MutationObserver saw nothing of the scan and the highlighting...
    expect(await pageMutations(page)).toEqual([]);
    // ...though it does see the page's own changes.
    await page.evaluate(() => document.body.setAttribute('data-checked', ''));
    await expect
      .poll(() => pageMutations(page), POLL)
      .toEqual(['attributes on <body> [data-checked] +0 -0']);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('highlights nothing on a page about the solvent MEK, and reports zero', async () => {
    const url = fixtureUrl('solvent.html');
    const page = await extension().openPage(url);
    // A report with zero mentions arrives (the popup can tell "none" from "not scanned").
    await expect
      .poll(() => tabState(extensionPage, url), POLL)
      .toMatchObject({
        badge: '',
        count: 0,
      });
    expect(await drawnRanges(page)).toEqual([]);
    expect(await page.evaluate(() => [...CSS.highlights.keys()])).toEqual([]);
    await page.close();
  });

  it('reads open shadow roots (nested, slotted, declarative) but not closed ones', async () => {
    const page = await extension().openPage(fixtureUrl('shadow.html'));
    await expect
      .poll(() => highlightedTexts(page), POLL)
      .toEqual([
        'PMOI',
        'Mujahedin-e Khalq',
        'MKO',
        'National Council of Resistance of Iran',
        "People's Mojahedin Organization of Iran",
      ]);
    await expect
      .poll(() => tabState(extensionPage, fixtureUrl('shadow.html')), POLL)
      .toMatchObject({ badge: '5', count: 5 });
    // Firefox paints highlights in a shadow tree only with rules in that tree (Chromium uses the
    // document's), so there the roots holding a mention adopt a sheet of ::highlight() rules only.
    const adopted = await page.evaluate(() =>
      (document.getElementById('open')?.shadowRoot?.adoptedStyleSheets ?? []).map((sheet) =>
        [...sheet.cssRules].every((rule) => rule.cssText.includes('::highlight(')),
      ),
    );
    expect(adopted).toEqual(name === 'firefox' ? [true] : []);
    // Every range in the shadow trees is painted, whichever way the rules reach it.
    expect(await highlightPaint(page)).toHaveLength(5);
    expect(await highlightPaint(page)).not.toContain('rgba(0, 0, 0, 0)');
    expect(await pageMutations(page)).toEqual([]);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('on a long page, finds every open shadow root, also under blocks it does not read', async () => {
    // Long enough for the block filter: the walk reads only the blocks that name someone, yet
    // finds every host (an inline one in a paragraph that names nobody, a custom element, one
    // nested in its tree, a declarative root), and skips the one in an editable region.
    const url = fixtureUrl('shadow-large.html');
    const page = await extension().openPage(url);
    const first = [
      'PMOI',
      'National Council of Resistance of Iran',
      'Mujahedin-e Khalq',
      'MKO',
      "People's Mojahedin Organization of Iran",
    ];
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(first);
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ count: 5 });
    // A custom element defined later attaches its root then: it was remembered as a possible host.
    await page.waitForFunction(() => (window as { storyDefined?: boolean }).storyDefined === true);
    await expect.poll(() => highlightedTexts(page), POLL).toEqual([...first, 'Mujahedin Khalq']);
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ count: 6 });
    expect(await highlightPaint(page)).toHaveLength(6);
    expect(await highlightPaint(page)).not.toContain('rgba(0, 0, 0, 0)');
    expect(await pageMutations(page)).toEqual([]);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('on a page of over 12,000 elements, finds the mentions where its pieces of text and steps meet', async () => {
    // The text is read in pieces of 4,096 elements and the hosts looked for 2,048 elements a
    // step: a name whose letters stand either side of a piece's end, a host holding a step's
    // end, and a custom element's root deep in the page are all found.
    const url = fixtureUrl('long-page.html');
    const page = await extension().openPage(url);
    expect(
      await page.evaluate(() => document.body.getElementsByTagName('*').length),
    ).toBeGreaterThan(12_000);
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ count: 5 });
    const state = await tabState(extensionPage, url);
    expect(state?.snippets.map((snippet) => snippet.alias)).toEqual(LONG_PAGE_ALIASES);
    expect(state?.snippets[1]?.text).toContain('Then the PMOI said.');
    expect(await pageMutations(page)).toEqual([]);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('reads the shadow root of a web component defined after the scan', async () => {
    const url = fixtureUrl('late-element.html');
    const page = await extension().openPage(url);
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(['PMOI']);
    await page.waitForFunction(() => (window as { storyDefined?: boolean }).storyDefined === true);
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(['PMOI', 'Mujahedin-e Khalq']);
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ count: 2 });
    expect(await highlightPaint(page)).not.toContain('rgba(0, 0, 0, 0)');
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('scans a same-origin iframe on its own; the badge counts both frames', async () => {
    const url = fixtureUrl('iframe.html');
    const page = await extension().openPage(url);
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(['Mujahedin-e Khalq', 'MKO']);
    await expect
      .poll(() => highlightedTexts(page, '#inner'), POLL)
      .toEqual(['PMOI', 'National Council of Resistance of Iran']);
    await expect
      .poll(() => tabState(extensionPage, url), POLL)
      .toMatchObject({
        badge: '4',
        count: 4,
      });
    expect(await pageMutations(page)).toEqual([]);
    await page.close();
  });

  it('scans frames without an address of their own (srcdoc, about:blank written by the page)', async () => {
    const url = fixtureUrl('iframe-blank.html');
    const page = await extension().openPage(url);
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(['Mujahedin-e Khalq']);
    await expect.poll(() => highlightedTexts(page, '#srcdoc'), POLL).toEqual(['PMOI']);
    await expect
      .poll(() => highlightedTexts(page, '#blank'), POLL)
      .toEqual(['National Council of Resistance of Iran']);
    await expect
      .poll(() => tabState(extensionPage, url), POLL)
      .toMatchObject({ badge: '3', count: 3 });
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('never highlights editable fields, and typing in them is unaffected', async () => {
    const page = await extension().openPage(fixtureUrl('editable.html'));
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(['PMOI']);
    expect(await pageMutations(page)).toEqual([]);

    const typed = ' and the Mujahedin-e Khalq (MEK)';
    await page.click('#subject');
    await page.keyboard.press('End');
    await page.keyboard.type(typed);
    await page.click('#letter');
    await page.keyboard.press('End');
    await page.keyboard.type(typed);
    await page.click('#editor p');
    await page.keyboard.press('End');
    await page.keyboard.type(typed);

    expect(
      await page.evaluate(() => (document.getElementById('subject') as HTMLInputElement).value),
    ).toBe(`About the MKO${typed}`);
    expect(
      await page.evaluate(() => (document.getElementById('letter') as HTMLTextAreaElement).value),
    ).toBe(`The Mujahedin-e Khalq (MEK) said${typed}`);
    expect(
      await page.evaluate(() =>
        document.getElementById('editor')?.textContent?.replace(/\s+/g, ' '),
      ),
    ).toBe(`Draft: the Mujahedin-e Khalq and the MKO.${typed.replace(/\s+/g, ' ')}`);

    // A mention added after the typing is highlighted, so the scanner has handled the typing's
    // mutations (it handles them in order): still nothing in the editable regions.
    await page.evaluate(() => {
      const paragraph = document.createElement('p');
      paragraph.textContent = 'Later: the MKO replied.';
      document.body.append(paragraph);
    });
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(['PMOI', 'MKO']);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('keeps a badge per tab, right after switching tabs, navigating and reloading', async () => {
    const articleUrl = fixtureUrl('article.html');
    const article = await extension().openPage(articleUrl);
    await expect
      .poll(() => tabState(extensionPage, articleUrl), POLL)
      .toMatchObject({
        badge: '10',
      });
    const persian = await extension().openPage(fixtureUrl('persian.html'));
    await expect
      .poll(() => tabState(extensionPage, fixtureUrl('persian.html')), POLL)
      .toMatchObject({ badge: '8' });
    const articleTab = (await tabState(extensionPage, articleUrl))?.tabId ?? -1;

    // Switching back to the first tab shows its own count.
    await article.bringToFront();
    expect(await badgeOf(extensionPage, articleTab)).toBe('10');

    // The same tab moves to a page without mentions, back, and reloads: always its count.
    await article.goto(fixtureUrl('solvent.html'));
    await expect
      .poll(() => tabState(extensionPage, fixtureUrl('solvent.html')), POLL)
      .toMatchObject({ tabId: articleTab, badge: '', count: 0 });
    await article.goto(articleUrl);
    await expect.poll(() => badgeOf(extensionPage, articleTab), POLL).toBe('10');
    await article.goto(articleUrl);
    await expect.poll(() => highlightedTexts(article), POLL).toEqual(ARTICLE);
    await expect
      .poll(() => tabState(extensionPage, articleUrl), POLL)
      .toMatchObject({
        tabId: articleTab,
        badge: '10',
        count: 10,
      });
    await persian.close();
    await article.close();
  });
});
