/**
 * The hover card in real Chromium and Firefox: opening by pointer and by the keyboard command,
 * what it shows, when it stays and when it closes, where it sits, and that the page can neither
 * see into it nor restyle it. The hostile pack is in card-hostile.test.ts, dark mode in
 * card-dark.test.ts.
 */
import { mkdir } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';
import { PROJECT_ROOT } from './harness/builds';
import { pageMutations, tabState } from './detection-helpers';
import {
  CARD_HOST,
  POLL,
  hoverMention,
  mentionPlace,
  readCard,
  sendNextMention,
  waitForCard,
  waitForHighlights,
  CARD_PAGE_DRAWN,
  waitForNoCard,
} from './card-helpers';

const MKO = bundled.organisations.find((org) => org.id === 'mko');
const NCRI = bundled.organisations.find((org) => org.id === 'ncri');
if (!MKO || !NCRI) throw new Error('the bundled pack lost an organisation');
const titlesOf = (id: string) =>
  bundled.summaries.filter((s) => s.organisationIds.includes(id)).map((s) => s.title);

/** Longer than the grace period (300 ms) with room to spare: a card still open after it stays. */
const BEYOND_GRACE_MS = 900;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A spot on card.html with no text under it. */
const BLANK = { x: 900, y: 700 };

describe.each(browsers)('%s', (name, launch) => {
  const extension = useExtensionBrowser(launch);
  let extensionPage: TestPage;
  beforeAll(async () => {
    extensionPage = await extension().openExtensionPage('popup.html');
    await mkdir(`${PROJECT_ROOT}test-results/card`, { recursive: true });
  });

  // Closed even when a test fails, so a later test never finds an old tab showing the same page.
  const open: TestPage[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((page) => page.close().catch(() => undefined)));
  });

  /** card.html, scanned, in front, with the pointer on blank space. */
  async function openCardPage(file = 'card.html', mentions = CARD_PAGE_DRAWN): Promise<TestPage> {
    const page = await extension().openPage(fixtureUrl(file));
    open.push(page);
    await page.bringToFront();
    await waitForHighlights(page, mentions);
    await page.mouse.move(BLANK.x, BLANK.y);
    return page;
  }

  it('opens the right card after the dwell, with the organisation and its summaries', async () => {
    const page = await openCardPage();
    // Nothing is added to the page until a card is used.
    expect(await page.evaluate(() => document.querySelectorAll('[data-backstory-ui]').length)).toBe(
      0,
    );

    await hoverMention(page, 'Mujahedin-e Khalq');
    const mko = await waitForCard(page, MKO.name);
    expect(mko.matched).toBe('Matched “Mujahedin-e Khalq”');
    expect([...mko.titles].sort()).toEqual(titlesOf('mko').sort());
    expect(mko.openAll).toBe(`Open all ${titlesOf('mko').length} in the archive`);
    // A hovered card does not take focus.
    expect(mko.focused).toBeNull();

    await hoverMention(page, 'National Council of Resistance of Iran');
    await expect.poll(async () => (await readCard(page))?.name, POLL).toBe(NCRI.name);
    const ncri = await waitForCard(page, NCRI.name);
    expect(ncri.titles).toEqual(titlesOf('ncri'));
    expect(ncri.openAll).toBe('Open it in the archive');

    // An ambiguous alias says what on the page supported it.
    await hoverMention(page, 'MEK', { selector: '#first' });
    const mek = await waitForCard(page, MKO.name);
    expect(mek.matched).toBe('Matched “MEK” because “Mujahedin-e Khalq” appears on this page');

    // One host for every card, and the page's own script cannot open its shadow root.
    expect(await page.evaluate(() => document.querySelectorAll('[data-backstory-ui]').length)).toBe(
      1,
    );
    expect(
      await page.evaluate(() => document.querySelector('[data-backstory-ui]')?.shadowRoot),
    ).toBeNull();
    expect(page.consoleErrors()).toEqual([]);
  });

  it('is the only change the page sees, once, however many cards open', async () => {
    const page = await openCardPage();
    expect(await pageMutations(page)).toEqual([]);
    for (const text of ['Mujahedin-e Khalq', 'PMOI', 'National Council of Resistance of Iran']) {
      await hoverMention(page, text);
      await expect.poll(async () => (await readCard(page)) !== null, POLL).toBe(true);
      await page.mouse.move(BLANK.x, BLANK.y);
      await waitForNoCard(page);
    }
    expect(await pageMutations(page)).toEqual(['childList on <html> +1 -0']);
  });

  it('stays open while the pointer moves into the card, and closes once it leaves', async () => {
    const page = await openCardPage();
    await hoverMention(page, 'PMOI');
    const card = await waitForCard(page, MKO.name);
    // Into the card, through the gap between mention and card.
    await page.mouse.move(card.rect.left + 40, card.rect.top - 2);
    await page.mouse.move(card.rect.left + 40, card.rect.top + 30);
    await page.mouse.move(card.rect.left + 60, card.rect.top + 60);
    await sleep(BEYOND_GRACE_MS);
    expect((await readCard(page))?.name).toBe(MKO.name);

    await page.mouse.move(BLANK.x, BLANK.y);
    await waitForNoCard(page);
  });

  it('opens nothing for a pointer that only passes over a mention', async () => {
    const page = await openCardPage();
    const place = await mentionPlace(page, 'PMOI');
    await page.mouse.move(place.x, place.y);
    await page.mouse.move(BLANK.x, BLANK.y);
    await sleep(BEYOND_GRACE_MS);
    expect(await readCard(page)).toBeNull();
    // Blank space beside a line of text is not the text.
    const line = await mentionPlace(page, 'This paragraph');
    await page.mouse.move(line.x, line.y + 200);
    await sleep(BEYOND_GRACE_MS);
    expect(await readCard(page)).toBeNull();
  });

  it('stays open when the page moves focus by itself', async () => {
    const page = await openCardPage();
    await hoverMention(page, 'PMOI');
    await waitForCard(page, MKO.name);
    await page.evaluate(() => (document.getElementById('before') as HTMLElement).focus());
    await sleep(BEYOND_GRACE_MS);
    expect((await readCard(page))?.name).toBe(MKO.name);
  });

  it('closes on Escape', async () => {
    const page = await openCardPage();
    await hoverMention(page, 'PMOI');
    await waitForCard(page, MKO.name);
    await page.keyboard.press('Escape');
    await waitForNoCard(page);
  });

  it('keeps the page’s CSS out: visible and styled on a page that hides and restyles everything', async () => {
    const page = await openCardPage();
    await hoverMention(page, 'PMOI');
    await waitForCard(page, MKO.name);
    const styles = await page.evaluateInShadowRoot(CARD_HOST, (root) => {
      const card = root.querySelector('.card') as HTMLElement;
      const name = root.querySelector('.name') as HTMLElement;
      const style = getComputedStyle(card);
      return {
        hostDisplay: getComputedStyle(root.host).display,
        cardColour: style.color,
        nameFont: getComputedStyle(name).fontFamily,
        letterSpacing: style.letterSpacing,
        filter: getComputedStyle(name).filter,
        radius: style.borderTopLeftRadius,
      };
    });
    expect(styles).toMatchObject({
      hostDisplay: 'block',
      cardColour: 'rgb(28, 30, 33)',
      letterSpacing: 'normal',
      filter: 'none',
      radius: '8px',
    });
    expect(styles?.nameFont).toContain('system-ui');
    // ...and the card's rules stay in: the page's own text keeps its (red, monospace) look.
    expect(
      await page.evaluate(
        () => getComputedStyle(document.getElementById('plain') as Element).color,
      ),
    ).toBe('rgb(255, 0, 0)');
    await page.screenshot(`${PROJECT_ROOT}test-results/card/${name}-hover.png`);
  });

  it('is styled under a strict Content-Security-Policy', async () => {
    const page = await openCardPage('card-csp.html', 1);
    await hoverMention(page, 'MKO');
    await waitForCard(page, MKO.name);
    const radius = await page.evaluateInShadowRoot(
      CARD_HOST,
      (root) => getComputedStyle(root.querySelector('.card') as Element).borderTopLeftRadius,
    );
    expect(radius).toBe('8px');
    expect(page.consoleErrors()).toEqual([]);
  });

  it('the keyboard path: jumps to each mention in turn with focus in its card, Tab walks it, Escape returns focus', async () => {
    const url = fixtureUrl('card.html');
    const page = await openCardPage();
    const tab = await expect
      .poll(() => tabState(extensionPage, url), POLL)
      .toMatchObject({ count: 5 })
      .then(() => tabState(extensionPage, url));
    const tabId = tab?.tabId ?? -1;
    await page.evaluate(() => (document.getElementById('before') as HTMLElement).focus());

    await sendNextMention(extensionPage, tabId);
    // The mention flashes (a highlight of its own, so the page is still untouched).
    await page.waitForFunction(() => {
      const flash = CSS.highlights.get('backstory-flash') as unknown as Set<AbstractRange>;
      const range = flash && [...flash][0];
      if (!range) return false;
      const live = document.createRange();
      live.setStart(range.startContainer, range.startOffset);
      live.setEnd(range.endContainer, range.endOffset);
      return live.toString() === 'Mujahedin-e Khalq';
    });
    const first = await waitForCard(page, MKO.name);
    expect(first.matched).toBe('Matched “Mujahedin-e Khalq”');
    expect(first.focused).toMatch(/^div\.card:/);
    // The page sees focus on the host; the card itself stays out of its reach.
    expect(
      await page.evaluate(() => document.activeElement?.hasAttribute('data-backstory-ui')),
    ).toBe(true);

    // Tab walks the card's controls in order and stays inside it.
    const controls = await page.evaluateInShadowRoot(CARD_HOST, (root) =>
      [...root.querySelectorAll<HTMLElement>('.card a[href], .card button')].map(
        (el) => `${el.localName}.${el.className}: ${(el.textContent ?? '').trim().slice(0, 60)}`,
      ),
    );
    expect(controls?.length).toBeGreaterThan(3);
    const walked: (string | null | undefined)[] = [];
    // One press more than there are controls: Firefox also stops on the card's scrolling middle
    // (it makes a scrollable box focusable, so the keyboard can scroll it).
    const presses = (controls?.length ?? 0) + (name === 'firefox' ? 1 : 0);
    for (let i = 0; i < presses; i++) {
      await page.keyboard.press('Tab');
      walked.push((await readCard(page))?.focused);
    }
    expect(walked.filter((stop) => !stop?.startsWith('div.body:'))).toEqual(controls);

    await page.keyboard.press('Escape');
    await waitForNoCard(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('before');

    // The next press goes on from there: "MEK", the NCRI, the PMOI, the MKO far below (scrolled
    // into view), then round again.
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const previous = seen.at(-1);
      await sendNextMention(extensionPage, tabId);
      // The next card, once it has focus.
      let matched = '';
      await expect
        .poll(async () => {
          const card = await readCard(page);
          matched = card?.focused?.startsWith('div.card:') ? card.matched : '';
          return matched !== '' && matched !== previous;
        }, POLL)
        .toBe(true);
      seen.push(matched);
      if (matched === 'Matched “MKO”') {
        const far = await mentionPlace(page, 'MKO', { selector: '#far' });
        const card = await readCard(page);
        expect(far.y).toBeGreaterThan(0);
        expect(far.y).toBeLessThan(card?.viewport.height ?? 0);
        expect(card?.rect.bottom).toBeLessThanOrEqual(card?.viewport.height ?? 0);
      }
    }
    expect(seen).toEqual([
      'Matched “MEK” because “Mujahedin-e Khalq” appears on this page',
      'Matched “National Council of Resistance of Iran”',
      'Matched “PMOI”',
      'Matched “MKO”',
      'Matched “Mujahedin-e Khalq”',
    ]);
    // Escape after several jumps still returns focus to where the reader was.
    await page.keyboard.press('Escape');
    await waitForNoCard(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('before');

    // Focus moving from a card to the page closes it.
    await sendNextMention(extensionPage, tabId);
    await expect
      .poll(async () => (await readCard(page))?.focused?.startsWith('div.card:'), POLL)
      .toBe(true);
    await page.evaluate(() => (document.getElementById('before') as HTMLElement).focus());
    await waitForNoCard(page);
    expect(page.consoleErrors()).toEqual([]);
  });

  it('opens the archive at the organisation in a new tab from "Open all"', async () => {
    const page = await openCardPage();
    await hoverMention(page, 'National Council of Resistance of Iran');
    await waitForCard(page, NCRI.name);
    const clicked = await page.evaluateInShadowRoot(CARD_HOST, (root) => {
      const button = root.querySelector<HTMLButtonElement>('footer button');
      button?.click();
      return button !== null;
    });
    expect(clicked).toBe(true);
    await waitForNoCard(page);
    // Extension pages open in tabs, as the extension itself sees them.
    const archiveUrl = (): Promise<string | undefined> =>
      extensionPage.evaluate(() => {
        type Api = { extension: { getViews(filter: { type: 'tab' }): Window[] } };
        const scope = globalThis as unknown as { browser?: Api; chrome: Api };
        return (scope.browser ?? scope.chrome).extension
          .getViews({ type: 'tab' })
          .map((view) => view.location.href)
          .find((href) => href.includes('#archive'));
      });
    await expect
      .poll(archiveUrl, POLL)
      .toBe(
        extension().extensionUrl(
          `popup.html#archive?org=${encodeURIComponent(`${bundled.pack.id}/ncri`)}`,
        ),
      );
  });

  it('declares the shortcut, and the browser gives it a key', async () => {
    const commands = (extension().manifest as { commands?: Record<string, unknown> }).commands;
    // Firefox: Alt+Shift+B everywhere. Chromium keeps Alt+Shift+B for itself on Windows, Linux and
    // ChromeOS ("focus the bookmarks bar"; CommandService::CanAutoAssign never hands out one of
    // the browser's own keys), so the Chrome build suggests Alt+Shift+M there.
    expect(commands?.['next-mention']).toEqual({
      suggested_key:
        name === 'firefox'
          ? { default: 'Alt+Shift+B' }
          : {
              default: 'Alt+Shift+B',
              windows: 'Alt+Shift+M',
              linux: 'Alt+Shift+M',
              chromeos: 'Alt+Shift+M',
            },
      description: '__MSG_commands_nextMention__',
    });
    type Command = { name?: string; shortcut?: string; description?: string };
    const registered = await extensionPage.evaluate(async () => {
      type Api = { commands: { getAll(): Promise<Command[]> } };
      const scope = globalThis as unknown as { browser?: Api; chrome: Api };
      const all = await (scope.browser ?? scope.chrome).commands.getAll();
      return all.find((command) => command.name === 'next-mention');
    });
    expect(registered?.description).toBe('Go to the next mention on the page and open its card');
    // What this Linux machine's browser actually assigned: a reader has a working key out of the box.
    expect(registered?.shortcut).toBe(name === 'firefox' ? 'Alt+Shift+B' : 'Alt+Shift+M');
  });

  it('follows the page as it scrolls, and closes when the mention scrolls out of view', async () => {
    const url = fixtureUrl('card.html');
    const page = await openCardPage();
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ count: 5 });
    const tabId = (await tabState(extensionPage, url))?.tabId ?? -1;
    // The keyboard's card stays wherever the pointer is, so scrolling is all that moves it.
    await sendNextMention(extensionPage, tabId);
    await waitForCard(page, MKO.name);
    // Let the jump's scroll settle, then scroll by a known amount.
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await expect
      .poll(async () => {
        const card = await readCard(page);
        const mention = await mentionPlace(page, 'Mujahedin-e Khalq');
        return card ? Math.round(card.rect.top - (mention.rects.at(-1)?.bottom ?? 0)) : null;
      }, POLL)
      .toBe(6);
    await page.evaluate(() => window.scrollBy({ top: 25, behavior: 'instant' }));
    await expect
      .poll(async () => {
        const card = await readCard(page);
        const mention = await mentionPlace(page, 'Mujahedin-e Khalq');
        return card ? Math.round(card.rect.top - (mention.rects.at(-1)?.bottom ?? 0)) : null;
      }, POLL)
      .toBe(6);
    await page.evaluate(() => window.scrollBy({ top: 600, behavior: 'instant' }));
    await waitForNoCard(page);
    expect(page.consoleErrors()).toEqual([]);
  });

  it('closes when the mention’s text is removed', async () => {
    const page = await openCardPage();
    await hoverMention(page, 'PMOI');
    const card = await waitForCard(page, MKO.name);
    await page.mouse.move(card.rect.left + 40, card.rect.top + 30);
    await page.evaluate(() => document.getElementById('third')?.remove());
    await waitForNoCard(page);
  });
});
