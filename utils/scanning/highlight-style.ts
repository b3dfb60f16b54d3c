/**
 * How mentions look: which `::highlight()` rule of the content script's manifest CSS
 * (`entrypoints/content/style.css`) each organisation's ranges are registered under.
 *
 * The scanner reads only the display part of the user's settings (`highlightStyle`, `colours`;
 * see utils/settings/model.ts), so the stored settings plug in as they are; until the content
 * script reads them, the defaults apply. Whether a site is scanned at all (the site list) is
 * decided before the scanner starts, so it is not part of these settings.
 */
import {
  COLOUR_SLOT_COUNT,
  type HighlightStyle,
  type Settings,
  colourSlotFor,
  defaultSettings,
} from '../settings/model';

/** The display settings the scanner reads; `highlightStyle: 'none'` is quiet mode. */
export type HighlightSettings = Pick<Settings, 'highlightStyle' | 'colours'>;

/** The settings used until the content script reads the user's own. */
export const DEFAULT_HIGHLIGHT_SETTINGS: HighlightSettings = {
  highlightStyle: defaultSettings().highlightStyle,
  colours: defaultSettings().colours,
};

/** The registry name for a drawn style and a colour slot (1–8), e.g. `backstory-bg-1`. */
export function highlightName(style: Exclude<HighlightStyle, 'none'>, slot: number): string {
  const wrapped =
    (((Math.trunc(slot) - 1) % COLOUR_SLOT_COUNT) + COLOUR_SLOT_COUNT) % COLOUR_SLOT_COUNT;
  return `backstory-${style}-${wrapped + 1}`;
}

/**
 * The registry name for each organisation's ranges under `settings`, or `null` in quiet mode
 * (nothing is drawn). The slot is the user's choice or the organisation's automatic one, the
 * same the options page and the popup show.
 */
export function highlightNamer(settings: HighlightSettings): ((orgKey: string) => string) | null {
  const style = settings.highlightStyle;
  if (style === 'none') return null;
  // One string per organisation, not per range: a page registers thousands of ranges, and each
  // name built afresh stayed in the page's heap as long as its range (~80 KB on the 5 MB article).
  const names = new Map<string, string>();
  return (orgKey) => {
    let name = names.get(orgKey);
    if (name === undefined) {
      name = highlightName(style, colourSlotFor(orgKey, settings));
      names.set(orgKey, name);
    }
    return name;
  };
}
