/**
 * Helpers for the hover card e2e tests: where a mention is on the page (read in the page's own
 * world), what the card shows (read through the driver, since the card's shadow root is closed
 * to the page), and the requests an extension page makes for the tests.
 */
import { expect } from 'vitest';
import type { TestPage } from './harness';

/** The card's host element, as the page sees it. */
export const CARD_HOST = '[data-backstory-ui]';

/** Waits this long for the card (the scan, the dwell and the background's answer). */
export const POLL = { timeout: 15_000, interval: 50 };

/** A rectangle, as plain data. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

/** Where a mention is: its line boxes and the middle of the first. */
export interface MentionPlace {
  rects: Box[];
  x: number;
  y: number;
}

/** Runs in the page: the boxes of the `occurrence`-th `text` inside `selector`. */
function findText(args: { selector: string; text: string; occurrence: number }): MentionPlace {
  const root = document.querySelector(args.selector);
  if (!root) throw new Error(`no ${args.selector}`);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = (node as Text).data;
    for (let at = data.indexOf(args.text); at !== -1; at = data.indexOf(args.text, at + 1)) {
      if (seen++ < args.occurrence) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + args.text.length);
      const rects = [...range.getClientRects()]
        .filter((rect) => rect.width > 0 && rect.height > 0)
        .map((rect) => ({
          left: rect.left,
          top: rect.top,
          right: rect.right,
          bottom: rect.bottom,
          width: rect.width,
          height: rect.height,
        }));
      const first = rects[0];
      if (!first) throw new Error(`"${args.text}" is not rendered`);
      return { rects, x: first.left + first.width / 2, y: first.top + first.height / 2 };
    }
  }
  throw new Error(`no "${args.text}" (#${args.occurrence}) in ${args.selector}`);
}

/** Where the text of a mention is (it must sit inside one text node). */
export function mentionPlace(
  page: TestPage,
  text: string,
  { selector = 'body', occurrence = 0 }: { selector?: string; occurrence?: number } = {},
): Promise<MentionPlace> {
  return page.evaluate(findText, { selector, text, occurrence });
}

/** What the open card shows, read from inside its closed shadow root. */
export interface CardView {
  /** The organisation's name (the dialog's label). */
  name: string;
  /** The line saying which alias matched and why. */
  matched: string;
  /** The summaries' titles, in order. */
  titles: string[];
  /** The "Open all N in the archive" button's text, if any. */
  openAll: string | null;
  /** The card's box in the viewport (where it comes to rest). */
  rect: Box;
  viewport: { width: number; height: number };
  /** The focused element inside the card: its tag, class and text. */
  focused: string | null;
  /** Everything the card says, as text. */
  text: string;
}

/** Runs in the page with the card's shadow root. */
function readCardIn(root: ShadowRoot): CardView | null {
  const frame = root.querySelector<HTMLElement>('.positioner');
  const card = root.querySelector<HTMLElement>('[role="dialog"]');
  if (!frame || frame.hidden || !card) return null;
  const labelledBy = card.getAttribute('aria-labelledby');
  const describedBy = card.getAttribute('aria-describedby');
  const byId = (id: string | null) => (id ? root.getElementById(id) : null);
  // The frame's box: the card's own is moved by its opening animation for 120 ms.
  const box = frame.getBoundingClientRect();
  const active = root.activeElement as HTMLElement | null;
  return {
    name: byId(labelledBy)?.textContent ?? '',
    matched: byId(describedBy)?.textContent ?? '',
    titles: [...card.querySelectorAll('article h4')].map((h) => h.textContent ?? ''),
    openAll: card.querySelector('footer button')?.textContent ?? null,
    rect: {
      left: box.left,
      top: box.top,
      right: box.right,
      bottom: box.bottom,
      width: box.width,
      height: box.height,
    },
    viewport: { width: innerWidth, height: innerHeight },
    focused: active
      ? `${active.localName}.${active.className}: ${(active.textContent ?? '').trim().slice(0, 60)}`
      : null,
    text: card.textContent ?? '',
  };
}

/** The open card, or null when none is shown. */
export async function readCard(page: TestPage): Promise<CardView | null> {
  return (await page.evaluateInShadowRoot(CARD_HOST, readCardIn)) ?? null;
}

/** Waits for a card (with its data loaded) for `name`, and returns it. */
export async function waitForCard(page: TestPage, name: string): Promise<CardView> {
  let card: CardView | null = null;
  await expect
    .poll(async () => {
      card = await readCard(page);
      // "Loading…" shows no titles and no footer yet.
      return card && card.name === name && !card.text.includes('Loading') ? card.name : null;
    }, POLL)
    .toBe(name);
  return card as unknown as CardView;
}

/** Waits until no card is shown. */
export async function waitForNoCard(page: TestPage): Promise<void> {
  await expect.poll(() => readCard(page), POLL).toBeNull();
}

/** Moves the pointer onto the mention (the middle of its first line box) and returns its place. */
export async function hoverMention(
  page: TestPage,
  text: string,
  options?: { selector?: string; occurrence?: number },
): Promise<MentionPlace> {
  const place = await mentionPlace(page, text, options);
  // Two steps, so the page sees a move (a pointer that jumps still moves once).
  await page.mouse.move(place.x - 1, place.y);
  await page.mouse.move(place.x, place.y);
  return place;
}

/**
 * The mentions of card.html drawn once it is scanned: all but `#far`, which sits two screens down,
 * beyond the viewport's height of margin within which Backstory registers ranges.
 */
export const CARD_PAGE_DRAWN = 4;

/** Waits until the scanner has highlighted `count` mentions (the card needs them drawn). */
export async function waitForHighlights(page: TestPage, count: number): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      let drawn = 0;
      for (const [name, highlight] of CSS.highlights) {
        if (name.startsWith('backstory-') && name !== 'backstory-flash') drawn += highlight.size;
      }
      return drawn >= expected;
    },
    count,
    { timeout: POLL.timeout },
  );
}

type Api = {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: {
    sendMessage(tabId: number, message: unknown, options?: { frameId?: number }): Promise<unknown>;
  };
};

/**
 * Sends the tab what the background sends when the "next mention" shortcut is pressed. Real key
 * chords cannot reach a browser command in headless mode, so an extension page stands in for the
 * background: the content script checks only that the message comes from this extension.
 */
export function sendNextMention(extensionPage: TestPage, tabId: number): Promise<unknown> {
  return extensionPage.evaluate(async (id) => {
    const scope = globalThis as unknown as { browser?: Api; chrome: Api };
    const api = scope.browser ?? scope.chrome;
    return api.tabs.sendMessage(
      id,
      { type: 'background:next-mention', payload: {} },
      { frameId: 0 },
    );
  }, tabId);
}

/** Imports a pack file's text through the background, as the options page does. */
export async function importPack(extensionPage: TestPage, text: string): Promise<void> {
  const reply = (await extensionPage.evaluate(async (packText) => {
    const scope = globalThis as unknown as { browser?: Api; chrome: Api };
    const api = scope.browser ?? scope.chrome;
    return api.runtime.sendMessage({
      type: 'ui:import-pack',
      payload: { text: packText, mode: 'replace' },
    });
  }, text)) as { ok: boolean; value?: { ok: boolean }; error?: string };
  if (!reply.ok || !reply.value?.ok) {
    throw new Error(`the import failed: ${JSON.stringify(reply).slice(0, 500)}`);
  }
}

/** WCAG 2 contrast ratio of two `rgb()`/`rgba()` colours (alpha ignored; the card is opaque). */
export function contrastRatio(foreground: string, background: string): number {
  const luminance = (colour: string) => {
    const parts = /rgba?\(([^)]+)\)/
      .exec(colour)?.[1]
      ?.split(/[,\s/]+/)
      .map(Number);
    if (!parts || parts.length < 3) throw new Error(`not an rgb() colour: ${colour}`);
    const [r = 0, g = 0, b = 0] = parts.map((channel) => {
      const c = channel / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}
