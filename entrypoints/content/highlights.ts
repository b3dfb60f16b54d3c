/**
 * Registering mentions as CSS Custom Highlight ranges: one `Highlight` per style slot, so the
 * page's DOM is never touched and the styles shipped in the manifest CSS apply at once.
 */

/** The highlight style names present in style.css. */
export type HighlightStyle = 'bg' | 'ul' | 'both';

/** How many colour slots style.css defines per style. */
export const COLOUR_SLOTS = 8;

/** The registry name for a style and colour slot, e.g. `backstory-bg-1`. */
export function highlightName(style: HighlightStyle, slot: number): string {
  return `backstory-${style}-${(((slot % COLOUR_SLOTS) + COLOUR_SLOTS) % COLOUR_SLOTS) + 1}`;
}

/** Owns Backstory's entries in `CSS.highlights`; `clear()` removes every one of them. */
export function createHighlighter(registry: HighlightRegistry = CSS.highlights) {
  const owned = new Map<string, Highlight>();
  return {
    /** Replaces all of Backstory's highlights with `ranges` grouped by registry name. */
    set(groups: ReadonlyMap<string, AbstractRange[]>) {
      for (const [name, highlight] of owned) {
        if (!groups.has(name)) {
          registry.delete(name);
          owned.delete(name);
          highlight.clear();
        }
      }
      for (const [name, ranges] of groups) {
        const highlight = new Highlight(...ranges);
        owned.set(name, highlight);
        registry.set(name, highlight);
      }
    },
    clear() {
      for (const name of owned.keys()) registry.delete(name);
      owned.clear();
    },
  };
}
