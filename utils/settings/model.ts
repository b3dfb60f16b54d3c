/**
 * The user's settings: their shape, defaults and bounds. Small and JSON-only, so they live in
 * extension storage (see `storage.ts`), not in the archive database.
 */

/** How mentions look on pages; `none` is quiet mode (nothing visible, the popup still lists them). */
export const HIGHLIGHT_STYLES = ['bg', 'ul', 'both', 'none'] as const;
export type HighlightStyle = (typeof HIGHLIGHT_STYLES)[number];

/** Where Backstory runs: everywhere except the paused sites, or only on the listed ones. */
export const SITE_MODES = ['everywhere-except', 'only-on'] as const;
export type SiteMode = (typeof SITE_MODES)[number];

/** How many highlight colours there are; slots are numbered 1 to COLOUR_SLOT_COUNT. */
export const COLOUR_SLOT_COUNT = 8;

/** Bounds of the numeric settings and of the lists, so a stored value can never grow unbounded. */
export const SETTINGS_LIMITS = {
  /** How long the pointer rests on a mention before its card opens, in ms. */
  dwellMs: { min: 0, max: 2000, step: 50 },
  /** The hover card's width in CSS pixels. */
  cardWidth: { min: 280, max: 640, step: 20 },
  /** Organisations with a chosen colour (one per organisation a pack may have). */
  colours: 5_000,
  /** Patterns per site list. */
  sitePatterns: 500,
} as const;

/** Everything the user can set. Organisation keys are global (`packId/orgId`). */
export interface Settings {
  highlightStyle: HighlightStyle;
  /** A colour slot (1–8) chosen per organisation; organisations not listed get an automatic one. */
  colours: Record<string, number>;
  dwellMs: number;
  cardWidth: number;
  sites: {
    mode: SiteMode;
    /** Patterns of sites where Backstory is paused (in either mode). */
    paused: string[];
    /** Patterns of the only sites Backstory runs on, in `only-on` mode. */
    only: string[];
  };
}

/** The settings of a new installation. A function, so no caller can change a shared object. */
export function defaultSettings(): Settings {
  return {
    highlightStyle: 'bg',
    colours: {},
    dwellMs: 200,
    cardWidth: 360,
    sites: { mode: 'everywhere-except', paused: [], only: [] },
  };
}

/**
 * The colour slot an organisation gets when the user has not chosen one: a stable hash of its key,
 * so it keeps its colour whatever other packs are switched on or off.
 */
export function automaticColourSlot(orgKey: string): number {
  // FNV-1a over UTF-16 code units: tiny, deterministic, evenly spread over 8 slots.
  let hash = 0x811c9dc5;
  for (let i = 0; i < orgKey.length; i++) {
    hash ^= orgKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % COLOUR_SLOT_COUNT) + 1;
}

/** The colour slot (1–8) an organisation's mentions are drawn in. */
export function colourSlotFor(orgKey: string, settings: Pick<Settings, 'colours'>): number {
  return settings.colours[orgKey] ?? automaticColourSlot(orgKey);
}
