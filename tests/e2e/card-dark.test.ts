/**
 * The hover card's colours in real Chromium and Firefox, with the system in light and in dark
 * mode (`prefers-color-scheme`): the card follows it, and every text in it keeps WCAG AA contrast
 * (4.5:1) against what is behind it. Screenshots go to test-results/card/ for a person to look at.
 */
import { mkdir } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { browsers, fixtureUrl, useExtensionBrowser } from './harness';
import { PROJECT_ROOT } from './harness/builds';
import {
  CARD_HOST,
  contrastRatio,
  hoverMention,
  waitForCard,
  waitForHighlights,
} from './card-helpers';

const MKO_NAME = bundled.organisations.find((org) => org.id === 'mko')?.name ?? '';

/** The card's background in each scheme (card.css). */
const BACKGROUND = { light: 'rgb(255, 255, 255)', dark: 'rgb(23, 25, 28)' } as const;

/** Runs in the page: each kind of text in the card, its colour and the colour behind it. */
function colourPairs(root: ShadowRoot) {
  const behind = (element: Element | null): string => {
    for (let at = element; at; at = at.parentElement) {
      const colour = getComputedStyle(at).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
    }
    return 'none';
  };
  const selectors = [
    '.name',
    '.kind',
    '.matched',
    '.matched bdi',
    '.description .text',
    '.description__pack',
    '.summaries__title',
    '.summary__title',
    '.summary__meta',
    // The accent colour (links and toggles; the bundled summaries have no links).
    '.link-button',
    '.summary__pack',
    '.notes',
    '.primary-button',
  ];
  return {
    card: getComputedStyle(root.querySelector('.card') as Element).backgroundColor,
    pairs: selectors.map((selector) => {
      const element = root.querySelector(selector);
      return {
        selector,
        found: element !== null,
        colour: element ? getComputedStyle(element).color : '',
        background: behind(element),
      };
    }),
  };
}

describe.each(browsers)('%s', (name, launch) => {
  describe.each(['light', 'dark'] as const)('%s mode', (scheme) => {
    const extension = useExtensionBrowser(launch, { colorScheme: scheme });
    beforeAll(async () => {
      await mkdir(`${PROJECT_ROOT}test-results/card`, { recursive: true });
    });

    it(`follows the system's ${scheme} scheme with AA contrast for every text`, async () => {
      const page = await extension().openPage(fixtureUrl('article.html'));
      await page.bringToFront();
      await waitForHighlights(page, 10);
      await page.mouse.move(5, 5);
      await hoverMention(page, 'Mujahedin-e Khalq');
      await waitForCard(page, MKO_NAME);
      const colours = await page.evaluateInShadowRoot(CARD_HOST, colourPairs);
      expect(colours?.card).toBe(BACKGROUND[scheme]);
      for (const pair of colours?.pairs ?? []) {
        expect(pair.found, pair.selector).toBe(true);
        expect(contrastRatio(pair.colour, pair.background), pair.selector).toBeGreaterThanOrEqual(
          4.5,
        );
      }
      // The card's opening animation is 120 ms; let it finish before the picture.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await page.screenshot(`${PROJECT_ROOT}test-results/card/${name}-${scheme}.png`);
      expect(page.consoleErrors()).toEqual([]);
      await page.close();
    });
  });
});
