/**
 * The one settings validator. Stored settings, settings inside a restored backup and changes sent
 * by the options page all pass the field schemas below. `cleanSettings` never throws: a field
 * that fails its schema falls back to its default and is reported, so a damaged or hostile value
 * costs the user that one setting, never the page.
 */
import * as v from 'valibot';
import {
  COLOUR_SLOT_COUNT,
  HIGHLIGHT_STYLES,
  SETTINGS_LIMITS,
  SITE_MODES,
  defaultSettings,
  type Settings,
} from './model';
import { SITE_PATTERN_PROBLEMS, parseSitePattern } from './sites';

/** One setting that was reset or dropped, e.g. `{ path: 'sites.paused[2]', message: '…' }`. */
export interface SettingsIssue {
  path: string;
  message: string;
}

/** Settings after cleaning, with what had to be reset to get there. */
export interface CleanedSettings {
  settings: Settings;
  reset: SettingsIssue[];
}

/** At most this many issues are reported; a hostile value could otherwise produce millions. */
const MAX_ISSUES = 100;

const ORG_KEY = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?\/[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;

const integerIn = ({ min, max }: { min: number; max: number }) =>
  v.pipe(
    v.number('must be a number'),
    v.integer('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

/** A global organisation key, `pack-id/organisation-id`. */
export const OrganisationKeySchema = v.pipe(
  v.string('must be a string'),
  v.maxLength(201, 'is too long'),
  v.regex(ORG_KEY, 'must be an organisation key such as "pack-id/organisation-id"'),
);

/** A colour slot, 1 to 8. */
export const ColourSlotSchema = integerIn({ min: 1, max: COLOUR_SLOT_COUNT });

/** A site pattern (see `sites.ts`); the output is its normalised text. */
export const SitePatternSchema = v.pipe(
  v.string('must be a string'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const parsed = parseSitePattern(dataset.value);
    if (parsed.ok) return parsed.pattern.text;
    addIssue({ message: SITE_PATTERN_PROBLEMS[parsed.problem] });
    return NEVER;
  }),
);

const sitePatternList = v.pipe(
  v.array(SitePatternSchema, 'must be a list'),
  v.maxLength(
    SETTINGS_LIMITS.sitePatterns,
    `must have at most ${SETTINGS_LIMITS.sitePatterns} patterns`,
  ),
  v.transform(unique),
);

/** Each setting's schema; also the shape of a change the options page may send. */
export const SETTINGS_FIELDS = {
  highlightStyle: v.picklist(HIGHLIGHT_STYLES, `must be one of: ${HIGHLIGHT_STYLES.join(', ')}`),
  colours: v.pipe(
    v.record(OrganisationKeySchema, ColourSlotSchema, 'must be an object'),
    v.maxEntries(
      SETTINGS_LIMITS.colours,
      `must have at most ${SETTINGS_LIMITS.colours} organisations`,
    ),
  ),
  dwellMs: integerIn(SETTINGS_LIMITS.dwellMs),
  cardWidth: integerIn(SETTINGS_LIMITS.cardWidth),
  sites: v.strictObject(
    {
      mode: v.picklist(SITE_MODES, `must be one of: ${SITE_MODES.join(', ')}`),
      paused: sitePatternList,
      only: sitePatternList,
    },
    'must be an object with mode, paused and only',
  ),
} as const;

/** A complete, valid settings object. */
export const SettingsSchema = v.strictObject(SETTINGS_FIELDS, 'must be a settings object');

/** A change to some settings: each field given replaces that setting whole. */
export const SettingsPatchSchema = v.partial(SettingsSchema);
export type SettingsPatch = v.InferOutput<typeof SettingsPatchSchema>;

/**
 * Cleans an untrusted settings value (from storage or a backup). Valid fields are kept; a missing
 * field takes its default silently (older versions did not have it); an invalid field takes its
 * default and is reported. In the lists and the colour map only the bad entries are dropped, so
 * one bad pattern does not cost the whole list.
 */
export function cleanSettings(input: unknown): CleanedSettings {
  const defaults = defaultSettings();
  const reset: SettingsIssue[] = [];
  const report = (path: string, message: string) => {
    if (reset.length < MAX_ISSUES) reset.push({ path, message });
  };
  if (input === undefined || input === null) return { settings: defaults, reset };
  if (!isPlainObject(input)) {
    report('', 'must be a settings object; every setting was reset');
    return { settings: defaults, reset };
  }

  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(SETTINGS_FIELDS, key)) report(key, 'is not a setting; it was ignored');
  }
  const field = <K extends keyof Settings>(key: K): Settings[K] => {
    if (!Object.hasOwn(input, key)) return defaults[key];
    const parsed = v.safeParse(SETTINGS_FIELDS[key], input[key]);
    if (parsed.success) return parsed.output as Settings[K];
    report(key, `${parsed.issues[0]?.message ?? 'is not valid'}; reset to the default`);
    return defaults[key];
  };

  return {
    settings: {
      highlightStyle: field('highlightStyle'),
      colours: cleanColours(input.colours, report),
      dwellMs: field('dwellMs'),
      cardWidth: field('cardWidth'),
      sites: cleanSites(input.sites, report),
    },
    reset,
  };
}

type Report = (path: string, message: string) => void;

function cleanColours(input: unknown, report: Report): Settings['colours'] {
  const colours: Settings['colours'] = {};
  if (input === undefined) return colours;
  if (!isPlainObject(input)) {
    report('colours', 'must be an object; reset to the default');
    return colours;
  }
  let count = 0;
  for (const [key, value] of Object.entries(input)) {
    const path = `colours[${JSON.stringify(key)}]`;
    if (!v.is(OrganisationKeySchema, key)) {
      report(path, 'is not an organisation key; dropped');
    } else if (!v.is(ColourSlotSchema, value)) {
      report(path, `must be a colour from 1 to ${COLOUR_SLOT_COUNT}; dropped`);
    } else if (count >= SETTINGS_LIMITS.colours) {
      report(path, `is over the limit of ${SETTINGS_LIMITS.colours} colours; dropped`);
    } else {
      // Keys are checked above, so none of them can be "__proto__" or another special name.
      colours[key] = value;
      count++;
    }
  }
  return colours;
}

function cleanSites(input: unknown, report: Report): Settings['sites'] {
  const sites = defaultSettings().sites;
  if (input === undefined) return sites;
  if (!isPlainObject(input)) {
    report('sites', 'must be an object; reset to the default');
    return sites;
  }
  for (const key of Object.keys(input)) {
    if (key !== 'mode' && key !== 'paused' && key !== 'only') {
      report(`sites.${key}`, 'is not a setting; it was ignored');
    }
  }
  if (input.mode !== undefined) {
    const mode = v.safeParse(SETTINGS_FIELDS.sites.entries.mode, input.mode);
    if (mode.success) sites.mode = mode.output;
    else report('sites.mode', `${mode.issues[0].message}; reset to the default`);
  }
  for (const list of ['paused', 'only'] as const) {
    const items = input[list];
    if (items === undefined) continue;
    if (!Array.isArray(items)) {
      report(`sites.${list}`, 'must be a list; reset to the default');
      continue;
    }
    const kept: string[] = [];
    items.forEach((item, index) => {
      const parsed = v.safeParse(SitePatternSchema, item);
      if (!parsed.success) {
        report(`sites.${list}[${index}]`, `${parsed.issues[0].message}; dropped`);
      } else if (kept.length >= SETTINGS_LIMITS.sitePatterns) {
        report(`sites.${list}[${index}]`, 'is over the limit of patterns; dropped');
      } else {
        kept.push(parsed.output);
      }
    });
    sites[list] = unique(kept);
  }
  return sites;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
