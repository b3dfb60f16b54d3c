/**
 * The options page previews highlights from `HIGHLIGHT_PALETTE`; pages get them from the content
 * script's `::highlight()` rules. This keeps the two in agreement, and checks the automatic
 * colour of an organisation is stable and in range.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  COLOUR_SLOT_COUNT,
  automaticColourSlot,
  colourSlotFor,
} from '../../../utils/settings/model';
import { HIGHLIGHT_PALETTE, swatchStyle } from '../../../utils/settings/palette';

const css = readFileSync(
  new URL('../../../entrypoints/content/style.css', import.meta.url),
  'utf8',
);
const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');

/** The declarations of `::highlight(name)` in the light part or the dark part of style.css. */
function rule(name: string, scheme: 'light' | 'dark'): string {
  const part = scheme === 'light' ? css.slice(0, darkStart) : css.slice(darkStart);
  const match = new RegExp(`::highlight\\(${name}\\)\\s*\\{([^}]*)\\}`).exec(part);
  if (!match?.[1]) throw new Error(`style.css has no ${scheme} rule for ${name}`);
  return match[1];
}

describe('HIGHLIGHT_PALETTE', () => {
  it.each(['light', 'dark'] as const)('matches style.css in %s mode, slot by slot', (scheme) => {
    expect(darkStart).toBeGreaterThan(0);
    HIGHLIGHT_PALETTE[scheme].forEach(({ fill, line }, index) => {
      const slot = index + 1;
      expect(rule(`backstory-bg-${slot}`, scheme)).toContain(`background-color: ${fill};`);
      expect(rule(`backstory-ul-${slot}`, scheme)).toContain(`underline 2px ${line};`);
      const both = rule(`backstory-both-${slot}`, scheme);
      expect(both).toContain(`background-color: ${fill};`);
      expect(both).toContain(`underline 2px ${line};`);
    });
    expect(HIGHLIGHT_PALETTE[scheme]).toHaveLength(COLOUR_SLOT_COUNT);
  });

  it.each([
    ['bg', ['backgroundColor']],
    [
      'ul',
      [
        'textDecorationLine',
        'textDecorationThickness',
        'textDecorationColor',
        'textUnderlineOffset',
      ],
    ],
    [
      'both',
      [
        'backgroundColor',
        'textDecorationLine',
        'textDecorationThickness',
        'textDecorationColor',
        'textUnderlineOffset',
      ],
    ],
    ['none', []],
  ] as const)('swatchStyle(%s) sets %j', (style, keys) => {
    expect(Object.keys(swatchStyle(style, 1, 'light'))).toEqual(keys);
  });
});

describe('colour slots', () => {
  it('gives every organisation a stable automatic slot from 1 to 8', () => {
    const slots = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const slot = automaticColourSlot(`pack/org-${i}`);
      expect(slot).toBeGreaterThanOrEqual(1);
      expect(slot).toBeLessThanOrEqual(COLOUR_SLOT_COUNT);
      expect(automaticColourSlot(`pack/org-${i}`)).toBe(slot);
      slots.add(slot);
    }
    expect(slots.size).toBe(COLOUR_SLOT_COUNT);
  });

  it("uses the user's choice where there is one", () => {
    expect(colourSlotFor('pack/a', { colours: { 'pack/a': 5 } })).toBe(5);
    expect(colourSlotFor('pack/b', { colours: { 'pack/a': 5 } })).toBe(
      automaticColourSlot('pack/b'),
    );
  });
});
