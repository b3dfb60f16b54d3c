/**
 * A pack with more aliases than the matcher compiles at once, in real Chromium and Firefox: the
 * content script then compiles only the aliases whose keys the page holds, and grows its matcher
 * when the page adds text naming another organisation. What the page shows must not differ from
 * a matcher compiled whole: every mention highlighted (names, a case-sensitive acronym, Persian,
 * an ambiguous acronym with its context word, text added later), near misses not, the report
 * and badge counting the same, and the card naming the organisation. Text added later grows the
 * page's matcher in place: what was drawn stays drawn, the very same ranges.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MANY_PACK_ID, NAMED, manyAliasesPackText } from '../fixtures/packs/many-aliases';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';
import { hoverMention, importPack, waitForCard } from './card-helpers';
import { LONG_PAGE_ALIASES, highlightedTexts, setPackEnabled, tabState } from './detection-helpers';

const POLL = { timeout: 15_000, interval: 50 };

/** many-aliases.html's mentions in reading order, before and after its late paragraph. */
const BEFORE = [
  'Varkesh Institute',
  'Zolbarin Trust',
  'Varkesh Institute',
  'VKI',
  'Mujahedin-e Khalq',
  'MEK',
  'موسسه وارکش',
  'ZLT',
];
const AFTER = [...BEFORE, 'Krovanik Union'];

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);
  let extensionPage: TestPage;
  beforeAll(async () => {
    extensionPage = await extension().openExtensionPage('popup.html');
    await importPack(extensionPage, manyAliasesPackText());
  });

  it('highlights what the page names, text added later included, and reports it', async () => {
    const url = fixtureUrl('many-aliases.html');
    const page = await extension().openPage(url);
    await page.bringToFront();
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(BEFORE);
    // Every range drawn so far, as the page sees them: the matcher grows in place and the page is
    // matched again, so mentions that did not change keep their very ranges (nothing flickers).
    await page.evaluate(() => {
      const kept: AbstractRange[] = [];
      for (const highlight of CSS.highlights.values()) kept.push(...highlight);
      (window as unknown as { keptRanges: AbstractRange[] }).keptRanges = kept;
    });
    // Text added once the page is read, naming an organisation whose aliases the page lacks.
    await page.evaluate(() => {
      const later = document.createElement('p');
      later.id = 'later';
      later.textContent = 'Later the Krovanik Union answered.';
      document.body.append(later);
    });
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(AFTER);
    const stillDrawn = await page.evaluate(() => {
      const { keptRanges } = window as unknown as { keptRanges: AbstractRange[] };
      const now = [...CSS.highlights.values()];
      return keptRanges.filter((range) => now.some((highlight) => highlight.has(range))).length;
    });
    expect(stillDrawn).toBe(BEFORE.length);
    await expect
      .poll(() => tabState(extensionPage, url), POLL)
      .toMatchObject({ badge: String(AFTER.length), count: AFTER.length });
    const state = await tabState(extensionPage, url);
    expect(state?.snippets.map((snippet) => [snippet.orgKey, snippet.alias])).toEqual([
      [NAMED.varkesh.key, 'Varkesh Institute'],
      [NAMED.zolbarin.key, 'Zolbarin Trust'],
      [NAMED.varkesh.key, 'Varkesh Institute'],
      [NAMED.varkesh.key, 'VKI'],
      [expect.stringMatching(/\/mko$/), 'Mujahedin-e Khalq'],
      [expect.stringMatching(/\/mko$/), 'MEK'],
      [NAMED.varkesh.key, 'موسسه وارکش'],
      [NAMED.zolbarin.key, 'ZLT'],
      [NAMED.krovanik.key, 'Krovanik Union'],
    ]);
    // The ambiguous acronym counts: the page also names its organisation in full.
    expect(state?.snippets[7]?.reason).toEqual({
      kind: 'context-alias',
      supportingAlias: 'Zolbarin Trust',
    });

    await hoverMention(page, 'Krovanik Union', { selector: '#later' });
    const card = await waitForCard(page, NAMED.krovanik.name);
    expect(card.titles).toEqual([`${NAMED.krovanik.name} in the news`]);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('highlights the same on a page opened after the pack was switched off and on', async () => {
    const url = fixtureUrl('many-aliases.html');
    const switchPack = (enabled: boolean) => setPackEnabled(extensionPage, MANY_PACK_ID, enabled);
    await switchPack(false);
    const off = await extension().openPage(url);
    await expect.poll(() => highlightedTexts(off), POLL).toEqual(['Mujahedin-e Khalq', 'MEK']);
    await off.close();
    await switchPack(true);
    const on = await extension().openPage(url);
    await expect.poll(() => highlightedTexts(on), POLL).toEqual(BEFORE);
    expect(on.consoleErrors()).toEqual([]);
    await on.close();
  });

  it('reads a long page for keys in pieces: a name written across two pieces is found', async () => {
    // With this pack the page's text is read for alias keys before any alias is fetched, in the
    // block filter's pieces of 4,096 elements (see key-read.ts). long-page.html writes "VKI"
    // with "V" and "KI" either side of the 12,288th element: its one key is met only where two
    // pieces meet. ("PMOI", split the same way, has its key in lower-case filler too.)
    const url = fixtureUrl('long-page.html');
    const page = await extension().openPage(url);
    expect(
      await page.evaluate(() => document.body.getElementsByTagName('*')[12_288]?.textContent),
    ).toBe('KI');
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ count: 6 });
    const state = await tabState(extensionPage, url);
    // Its mentions with the bundled pack alone, and "VKI" before the last.
    expect(state?.snippets.map((snippet) => snippet.alias)).toEqual([
      ...LONG_PAGE_ALIASES.slice(0, -1),
      'VKI',
      ...LONG_PAGE_ALIASES.slice(-1),
    ]);
    expect(state?.snippets[4]?.text).toContain('Also the VKI answered.');
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });
});
