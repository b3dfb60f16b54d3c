/**
 * The eight highlight colours, light and dark, for previews in the options page. Pages are styled
 * by the `::highlight()` rules in `entrypoints/content/style.css`; a test keeps this table and
 * that file in agreement, so the preview shows exactly what pages will.
 */
import type { HighlightStyle } from './model';

/** One colour slot: the translucent fill (`bg`) and the underline colour (`ul`). */
export interface SlotColours {
  fill: string;
  line: string;
}

/** Slot 1 is index 0. */
export const HIGHLIGHT_PALETTE: Readonly<Record<'light' | 'dark', readonly SlotColours[]>> = {
  light: [
    { fill: 'rgb(64 140 255 / 0.28)', line: '#2f6fce' },
    { fill: 'rgb(255 190 0 / 0.28)', line: '#a86b00' },
    { fill: 'rgb(40 180 80 / 0.28)', line: '#25803a' },
    { fill: 'rgb(255 80 120 / 0.28)', line: '#b8284a' },
    { fill: 'rgb(140 90 255 / 0.28)', line: '#6a47d6' },
    { fill: 'rgb(0 170 160 / 0.28)', line: '#0f7d73' },
    { fill: 'rgb(255 120 30 / 0.28)', line: '#b3540d' },
    { fill: 'rgb(110 125 145 / 0.28)', line: '#4f5b6b' },
  ],
  dark: [
    { fill: 'rgb(64 140 255 / 0.38)', line: '#8ab8f0' },
    { fill: 'rgb(255 190 0 / 0.38)', line: '#f2c14e' },
    { fill: 'rgb(40 180 80 / 0.38)', line: '#83d08c' },
    { fill: 'rgb(255 80 120 / 0.38)', line: '#f59aae' },
    { fill: 'rgb(140 90 255 / 0.38)', line: '#b8a4ff' },
    { fill: 'rgb(0 170 160 / 0.38)', line: '#7fd6cc' },
    { fill: 'rgb(255 120 30 / 0.38)', line: '#f7a66b' },
    { fill: 'rgb(110 125 145 / 0.38)', line: '#b5c0cd' },
  ],
};

/** The inline style a preview swatch needs to look like a highlight of `slot` (1–8) in `style`. */
export function swatchStyle(
  style: HighlightStyle,
  slot: number,
  scheme: 'light' | 'dark',
): Record<string, string> {
  const colours = HIGHLIGHT_PALETTE[scheme][slot - 1];
  if (!colours || style === 'none') return {};
  const css: Record<string, string> = {};
  if (style === 'bg' || style === 'both') css.backgroundColor = colours.fill;
  if (style === 'ul' || style === 'both') {
    css.textDecorationLine = 'underline';
    css.textDecorationThickness = '2px';
    css.textDecorationColor = colours.line;
    css.textUnderlineOffset = '3px';
  }
  return css;
}
