/**
 * Where the hover card sits, in real Chromium and Firefox: beside mentions pinned to every edge
 * and corner of the viewport it flips and shifts to stay on screen without covering the mention,
 * and beside a mention wrapped over two lines it covers neither line: it attaches to the piece
 * under the pointer when the pieces sit side by side, and goes below both when they are stacked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';
import {
  type Box,
  mentionPlace,
  readCard,
  waitForCard,
  waitForHighlights,
  waitForNoCard,
} from './card-helpers';

const MKO_NAME = bundled.organisations.find((org) => org.id === 'mko')?.name ?? '';
const NCRI_NAME = bundled.organisations.find((org) => org.id === 'ncri')?.name ?? '';

/** The card keeps this far from the viewport's edges (position.ts). */
const EDGE = 8;
/** Gap between mention and card (position.ts). */
const GAP = 6;
/** Sub-pixel rounding between the two measurements. */
const SLACK = 1;

const EDGES = [
  ['top-left', 'MKO'],
  ['top-right', 'PMOI'],
  ['bottom-left', 'MKO'],
  ['bottom-right', 'PMOI'],
  ['left', 'MKO'],
  ['right', 'PMOI'],
] as const;

const overlaps = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Asserts `actual` is within a pixel of `expected` (the card is placed on whole pixels). */
const expectNear = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(SLACK);

/** Blank spots of card-edges.html, away from every text. */
const BLANK_SPOTS = [
  { x: 640, y: 120 },
  { x: 640, y: 700 },
  { x: 200, y: 250 },
  { x: 1000, y: 250 },
];

/** A blank spot the card does not cover either. */
function awayFrom(card: Box) {
  const spot = BLANK_SPOTS.find(
    ({ x, y }) =>
      !overlaps(card, {
        left: x - 20,
        right: x + 20,
        top: y - 20,
        bottom: y + 20,
        width: 40,
        height: 40,
      }),
  );
  if (!spot) throw new Error('the card covers every blank spot');
  return spot;
}

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);
  let page: TestPage | undefined;
  afterEach(async () => {
    await page?.close().catch(() => undefined);
    page = undefined;
  });

  async function openEdges(): Promise<TestPage> {
    page = await extension().openPage(fixtureUrl('card-edges.html'));
    await page.bringToFront();
    await waitForHighlights(page, EDGES.length + 2);
    return page;
  }

  it.each(EDGES)('keeps the card on screen for a mention at the %s edge', async (id, text) => {
    const edges = await openEdges();
    await edges.mouse.move(BLANK_SPOTS[1]?.x ?? 0, BLANK_SPOTS[1]?.y ?? 0);
    const mention = await mentionPlace(edges, text, { selector: `#${id}` });
    await edges.mouse.move(mention.x - 1, mention.y);
    await edges.mouse.move(mention.x, mention.y);
    const card = await waitForCard(edges, MKO_NAME);
    const { rect, viewport } = card;
    expect(rect.width).toBeGreaterThan(200);
    expect(rect.left).toBeGreaterThanOrEqual(EDGE - SLACK);
    expect(rect.top).toBeGreaterThanOrEqual(EDGE - SLACK);
    expect(rect.right).toBeLessThanOrEqual(viewport.width - EDGE + SLACK);
    expect(rect.bottom).toBeLessThanOrEqual(viewport.height - EDGE + SLACK);
    // Beside the mention, not over it: just below it or just above it.
    const line = mention.rects[0] as Box;
    expect(overlaps(rect, line)).toBe(false);
    const gap = rect.top >= line.bottom ? rect.top - line.bottom : line.top - rect.bottom;
    expectNear(gap, GAP);

    const away = awayFrom(rect);
    await edges.mouse.move(away.x, away.y);
    await waitForNoCard(edges);
  });

  /** Hovers `box` (one line of a wrapped mention) and returns the NCRI card it opens. */
  async function hoverLine(edges: TestPage, box: Box) {
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    await edges.mouse.move(x - 1, y);
    await edges.mouse.move(x, y);
    return waitForCard(edges, NCRI_NAME);
  }

  it('attaches to the piece under the pointer when a wrapped mention’s pieces sit apart', async () => {
    const edges = await openEdges();
    await edges.mouse.move(BLANK_SPOTS[1]?.x ?? 0, BLANK_SPOTS[1]?.y ?? 0);
    const mention = await mentionPlace(edges, 'National Council of Resistance of Iran', {
      selector: '#wrapped-apart',
    });
    // The fixture's premise: two pieces, the second wholly left of the first.
    expect(mention.rects).toHaveLength(2);
    const [first, second] = mention.rects as [Box, Box];
    expect(second.right).toBeLessThan(first.left);

    const card = await hoverLine(edges, second);
    expectNear(card.rect.top, second.bottom + GAP);
    expectNear(card.rect.left, second.left);
    const away = awayFrom(card.rect);
    await edges.mouse.move(away.x, away.y);
    await waitForNoCard(edges);

    const again = await hoverLine(edges, first);
    expectNear(again.rect.top, first.bottom + GAP);
    expectNear(again.rect.left, first.left);
  });

  it('goes below both lines when a wrapped mention’s pieces sit one above the other', async () => {
    const edges = await openEdges();
    await edges.mouse.move(BLANK_SPOTS[1]?.x ?? 0, BLANK_SPOTS[1]?.y ?? 0);
    const mention = await mentionPlace(edges, 'National Council of Resistance of Iran', {
      selector: '#wrapped-under',
    });
    expect(mention.rects).toHaveLength(2);
    const [first, second] = mention.rects as [Box, Box];
    expect(second.right).toBeGreaterThan(first.left);

    // Hovering the first line: the card must not cover the second.
    const card = await hoverLine(edges, first);
    for (const line of mention.rects) expect(overlaps(card.rect, line)).toBe(false);
    expectNear(card.rect.top, second.bottom + GAP);
    expectNear(card.rect.left, second.left);
    expect((await readCard(edges))?.name).toBe(NCRI_NAME);
  });
});
