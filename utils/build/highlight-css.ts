/**
 * Build step for the content script's manifest CSS (`entrypoints/content/style.css`) in the
 * Chromium build: each `::highlight(name)` rule is anchored on the root element
 * (`:root::highlight(name)`).
 *
 * Why: a bare `::highlight(name)` is `*::highlight(name)`, so Chromium computes highlight styles
 * for every element of the page on every style recalculation. Measured in Chromium 156 on a page
 * of 24,000 paragraphs, a full restyle took 0.14 s with no highlight rules, 0.42–0.46 s with the
 * universal rules and 0.19–0.20 s with the same rules on `:root` (the throwaway script that
 * measured it is described in bench/README.md). Chromium implements CSS highlight inheritance:
 * every element's highlight pseudo-elements inherit from its parent's, across shadow boundaries
 * too, so rules on the root paint ranges anywhere in the document. Firefox 153 does not inherit
 * highlight styles (`:root::highlight()` paints only text directly in the root element), so the
 * Firefox build keeps the universal rules, which it evaluates lazily.
 */

/** `::highlight(` not already preceded by a selector: the start of a universal highlight rule. */
const UNIVERSAL_HIGHLIGHT = /(^|[\s,{}])::highlight\(/g;

/** Anchors every universal `::highlight()` selector in `css` on `:root`; other text is kept. */
export function anchorHighlightRulesOnRoot(css: string): string {
  return css.replace(UNIVERSAL_HIGHLIGHT, '$1:root::highlight(');
}
