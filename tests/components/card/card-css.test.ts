/**
 * Keeps the hover card's stylesheet honest: it must stand alone in a shadow root, and every
 * text/background pair it uses must meet WCAG AA in both colour schemes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CSS = readFileSync(resolve(import.meta.dirname, '../../../components/card/card.css'), 'utf8');

/** The `--bk-*` colour tokens declared in the first block that follows `marker`. */
function tokens(marker: string): Record<string, string> {
  const start = CSS.indexOf(marker);
  const block = CSS.slice(start, CSS.indexOf('}', start));
  return Object.fromEntries(
    [...block.matchAll(/--bk-([a-z-]+):\s*(#[0-9a-f]{6});/gi)].map(([, name, hex]) => [name, hex]),
  );
}

/** WCAG 2.x relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

const LIGHT = tokens('.card {');
const DARK = { ...LIGHT, ...tokens('@media (prefers-color-scheme: dark)') };

/** [foreground, background, minimum]: 4.5 for text, 3 for focus rings (non-text contrast). */
const PAIRS: [string, string, number][] = [
  ['text', 'bg', 4.5],
  ['text', 'surface', 4.5],
  ['muted', 'bg', 4.5],
  ['muted', 'surface', 4.5],
  ['accent', 'bg', 4.5],
  ['accent', 'surface', 4.5],
  ['accent-text', 'accent', 4.5],
  ['danger', 'bg', 4.5],
  ['focus', 'bg', 3],
  ['focus', 'surface', 3],
];

describe('card.css', () => {
  it('declares every colour token in both schemes', () => {
    const names = new Set(PAIRS.flat().filter((x) => typeof x === 'string'));
    for (const name of names) {
      expect(LIGHT[name], `light --bk-${name}`).toMatch(/^#/);
      expect(tokens('@media (prefers-color-scheme: dark)')[name], `dark --bk-${name}`).toMatch(
        /^#/,
      );
    }
  });

  it.each(PAIRS)('%s on %s meets %d:1 in light and dark', (fg, bg, minimum) => {
    expect(contrast(LIGHT[fg] ?? '', LIGHT[bg] ?? '')).toBeGreaterThanOrEqual(minimum);
    expect(contrast(DARK[fg] ?? '', DARK[bg] ?? '')).toBeGreaterThanOrEqual(minimum);
  });

  it.each([
    ['resets inherited page styles at the host', /:host\s*{\s*all:\s*initial;/],
    [
      'takes its width from --backstory-card-width, 360px by default',
      /var\(--backstory-card-width, 360px\)/,
    ],
    ['wraps unbroken strings anywhere', /overflow-wrap:\s*anywhere/],
    ['scrolls inside a capped height', /max-block-size:[^;]+;[\s\S]*overflow-y:\s*auto/],
    ['has a dark scheme', /@media \(prefers-color-scheme: dark\)/],
    ['respects reduced motion', /@media \(prefers-reduced-motion: reduce\)/],
    ['draws a focus-visible outline', /:focus-visible\s*{\s*outline:\s*2px solid/],
    ['brings its own font stack', /--bk-font:[^;]*sans-serif;/],
  ])('%s', (_, pattern) => {
    expect(CSS).toMatch(pattern);
  });

  it('loads nothing from outside the shadow root', () => {
    expect(CSS).not.toMatch(/@import|url\(/);
  });
});
