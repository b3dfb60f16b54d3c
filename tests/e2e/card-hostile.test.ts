/**
 * A hostile pack in the hover card, in real Chromium and Firefox: texts full of HTML, scripts,
 * event handlers, `javascript:` and `data:` links, right-to-left overrides and a 1 MB string are
 * shown as plain text. No markup is made from them, the only link is the pack's one http(s) URL,
 * and nothing runs (every script in the pack would set `window.__backstoryPwned`).
 */
import { mkdir } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACK_LIMITS } from '../../utils/packs/schema';
import {
  HOSTILE_NAME,
  HOSTILE_TITLES,
  HUGE_TEXT_START,
  hostileCardPack,
  hostileCardPackText,
} from '../fixtures/packs/hostile-card';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';
import { PROJECT_ROOT } from './harness/builds';
import {
  CARD_HOST,
  POLL,
  hoverMention,
  importPack,
  readCard,
  waitForCard,
  waitForHighlights,
} from './card-helpers';

/** Runs in the page: what in the card could be markup, a handler or a link. */
function inspectCard(root: ShadowRoot) {
  const card = root.querySelector('.card');
  if (!card) return null;
  const elements = [...card.querySelectorAll('*')];
  const rtlOverrides = [] as { isolated: boolean; text: string }[];
  const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node as Text).data;
    if (!text.includes('\u202E')) continue;
    // Isolated: inside a <bdi> or an element with dir="auto" of its own.
    const isolated = Boolean(node.parentElement?.closest('bdi, [dir="auto"]'));
    rtlOverrides.push({ isolated, text: text.slice(0, 40) });
  }
  return {
    tags: [...new Set(elements.map((element) => element.localName))].sort(),
    handlers: elements.flatMap((element) =>
      [...element.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name),
    ),
    hrefs: [...card.querySelectorAll('[href], [src], [srcdoc], [action], [formaction]')].map(
      (element) => element.getAttribute('href') ?? element.getAttribute('src') ?? '?',
    ),
    rtlOverrides,
    longest: Math.max(...[...card.querySelectorAll('p')].map((p) => p.textContent?.length ?? 0)),
  };
}

/** Runs in the page: expands the summary whose text starts with `start`. */
function expandText(root: ShadowRoot, start: string) {
  const text = [...root.querySelectorAll('.summary__text')].find((element) =>
    element.textContent?.startsWith(start),
  );
  const button = text?.querySelector('button');
  if (!button) return false;
  (button as HTMLButtonElement).click();
  return true;
}

/** The tags the card is made of (card components only; nothing from the pack). */
const CARD_TAGS = [
  'article',
  'bdi',
  'button',
  'div',
  'footer',
  'h2',
  'h3',
  'h4',
  'header',
  'li',
  'ol',
  'p',
  'path',
  'section',
  'span',
  'svg',
  'time',
  'ul',
  'a',
].sort();

describe.each(browsers)('%s', (name, launch) => {
  const extension = useExtensionBrowser(launch);
  let page: TestPage;
  beforeAll(async () => {
    await mkdir(`${PROJECT_ROOT}test-results/card`, { recursive: true });
    const extensionPage = await extension().openExtensionPage('popup.html');
    await importPack(extensionPage, hostileCardPackText());
    page = await extension().openPage(fixtureUrl('card-hostile.html'));
    await page.bringToFront();
    await waitForHighlights(page, 1);
  });

  it('shows every hostile text as plain text, with no markup, no handler and no script run', async () => {
    await page.mouse.move(5, 5);
    await hoverMention(page, 'Evil Corp');
    const card = await waitForCard(page, HOSTILE_NAME);
    expect(card.titles).toEqual([...HOSTILE_TITLES]);
    expect(card.matched).toBe('Matched “Evil Corp”');
    for (const literal of ['<script>', '<img src="x" onerror=', 'javascript:', 'data:text/html']) {
      expect(card.text).toContain(literal);
    }

    const found = await page.evaluateInShadowRoot(CARD_HOST, inspectCard);
    expect(found?.handlers).toEqual([]);
    // Only the card's own elements: no <img>, <script>, <iframe>, <b>, <style> from the pack.
    expect(found?.tags.every((tag) => CARD_TAGS.includes(tag))).toBe(true);
    // The one link is the pack's one http(s) URL, exactly as written; text URLs stay text.
    expect(found?.hrefs).toEqual([hostileCardPack().summaries[0]?.url]);
    // Each right-to-left override sits in its own isolated run, so it cannot turn the card round.
    expect(found?.rtlOverrides.length).toBeGreaterThan(0);
    expect(found?.rtlOverrides.every((run) => run.isolated)).toBe(true);
    // The 1 MB text is shown from its start, not put in the page whole.
    expect(found?.longest).toBeLessThan(5_000);

    // Moving over the card would fire any `onmouseover` that had become real.
    await page.mouse.move(card.rect.left + 30, card.rect.top + 80);
    await page.mouse.move(card.rect.left + 60, card.rect.top + 160);
    expect(
      await page.evaluate(() => (window as { __backstoryPwned?: unknown }).__backstoryPwned),
    ).toBe(undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.screenshot(`${PROJECT_ROOT}test-results/card/${name}-hostile.png`);
    expect(page.consoleErrors()).toEqual([]);
  });

  it('expands the 1 MB text as text when asked', async () => {
    const card = await readCard(page);
    expect(card?.name).toBe(HOSTILE_NAME);
    await page.mouse.move((card?.rect.left ?? 0) + 30, (card?.rect.top ?? 0) + 60);
    expect(await page.evaluateInShadowRoot(CARD_HOST, expandText, HUGE_TEXT_START)).toBe(true);
    await expect
      .poll(() => page.evaluateInShadowRoot(CARD_HOST, inspectCard).then((c) => c?.longest), POLL)
      .toBe(PACK_LIMITS.summaryText);
    const found = await page.evaluateInShadowRoot(CARD_HOST, inspectCard);
    expect(found?.handlers).toEqual([]);
    expect(found?.tags.every((tag) => CARD_TAGS.includes(tag))).toBe(true);
    expect(
      await page.evaluate(() => (window as { __backstoryPwned?: unknown }).__backstoryPwned),
    ).toBe(undefined);
    expect(page.consoleErrors()).toEqual([]);
  });
});
