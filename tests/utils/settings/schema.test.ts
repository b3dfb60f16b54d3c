import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../utils/settings/model';
import { SettingsPatchSchema, SettingsSchema, cleanSettings } from '../../../utils/settings/schema';

/** Valid settings that differ from the defaults in every field. */
function customSettings(): Settings {
  return {
    highlightStyle: 'both',
    colours: { 'pack/org': 3, 'my-notes/mine': 8 },
    dwellMs: 450,
    cardWidth: 420,
    sites: { mode: 'only-on', paused: ['*.example.com'], only: ['news.example/world*'] },
  };
}

describe('cleanSettings', () => {
  it('keeps valid settings as they are, reporting nothing', () => {
    expect(cleanSettings(customSettings())).toEqual({ settings: customSettings(), reset: [] });
    expect(v.is(SettingsSchema, customSettings())).toBe(true);
  });

  it.each([undefined, null])('gives the defaults for nothing stored (%s), silently', (input) => {
    expect(cleanSettings(input)).toEqual({ settings: defaultSettings(), reset: [] });
  });

  it('fills missing fields with defaults silently (settings stored before they existed)', () => {
    const { settings, reset } = cleanSettings({ highlightStyle: 'ul' });
    expect(settings).toEqual({ ...defaultSettings(), highlightStyle: 'ul' });
    expect(reset).toEqual([]);
  });

  it.each([
    ['a string', 'settings', ''],
    ['an array', [1, 2], ''],
    ['a number', 42, ''],
  ])('resets everything for %s, and says so', (_name, input, path) => {
    const { settings, reset } = cleanSettings(input);
    expect(settings).toEqual(defaultSettings());
    expect(reset.map((issue) => issue.path)).toEqual([path]);
  });

  // One bad field: that field takes its default, the others are kept, the issue names the path.
  const d = defaultSettings();
  const custom = customSettings();
  it.each<[string, Record<string, unknown>, string, Partial<Settings>]>([
    [
      'unknown style',
      { highlightStyle: 'glow' },
      'highlightStyle',
      { highlightStyle: d.highlightStyle },
    ],
    ['dwell not a number', { dwellMs: '200' }, 'dwellMs', { dwellMs: d.dwellMs }],
    ['dwell negative', { dwellMs: -1 }, 'dwellMs', { dwellMs: d.dwellMs }],
    ['dwell too long', { dwellMs: 60_000 }, 'dwellMs', { dwellMs: d.dwellMs }],
    ['dwell fractional', { dwellMs: 1.5 }, 'dwellMs', { dwellMs: d.dwellMs }],
    ['dwell NaN', { dwellMs: Number.NaN }, 'dwellMs', { dwellMs: d.dwellMs }],
    ['card too narrow', { cardWidth: 100 }, 'cardWidth', { cardWidth: d.cardWidth }],
    ['card too wide', { cardWidth: 10_000 }, 'cardWidth', { cardWidth: d.cardWidth }],
    ['colours not an object', { colours: [1, 2] }, 'colours', { colours: {} }],
    ['sites not an object', { sites: 'everywhere' }, 'sites', { sites: d.sites }],
    [
      'unknown site mode',
      { sites: { ...custom.sites, mode: 'never' } },
      'sites.mode',
      { sites: { ...custom.sites, mode: d.sites.mode } },
    ],
    [
      'paused not a list',
      { sites: { ...custom.sites, paused: 'a.com' } },
      'sites.paused',
      { sites: { ...custom.sites, paused: [] } },
    ],
    ['an unknown field', { glow: true }, 'glow', {}],
    ['an unknown site field', { sites: { ...custom.sites, extra: 1 } }, 'sites.extra', {}],
  ])('%s: reset and reported at the path', (_name, change, path, expected) => {
    const { settings, reset } = cleanSettings({ ...customSettings(), ...change });
    expect(reset.map((issue) => issue.path)).toEqual([path]);
    expect(reset[0]?.message).toBeTruthy();
    expect(settings).toEqual({ ...customSettings(), ...expected });
  });

  it('drops only the bad entries of the colour map and the site lists', () => {
    const { settings, reset } = cleanSettings({
      ...customSettings(),
      colours: { 'pack/ok': 2, 'no-slash': 1, 'pack/zero': 0, 'pack/nine': 9, 'pack/str': '3' },
      sites: {
        mode: 'everywhere-except',
        paused: ['good.example', 'ex*ample.com', 42, 'ftp://x.y', 'GOOD.example'],
        only: [],
      },
    });
    expect(settings.colours).toEqual({ 'pack/ok': 2 });
    // "GOOD.example" is the same site as "good.example" once normalised: kept once.
    expect(settings.sites.paused).toEqual(['good.example']);
    expect(reset.map((issue) => issue.path)).toEqual([
      'colours["no-slash"]',
      'colours["pack/zero"]',
      'colours["pack/nine"]',
      'colours["pack/str"]',
      'sites.paused[1]',
      'sites.paused[2]',
      'sites.paused[3]',
    ]);
  });

  it('cannot be made to pollute prototypes', () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": true}, "colours": {"__proto__": 3, "constructor": 2}, "sites": {"__proto__": {"x": 1}}}',
    ) as unknown;
    const { settings, reset } = cleanSettings(hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(settings.colours)).toBe(Object.prototype);
    expect(Object.keys(settings.colours)).toEqual([]);
    expect(reset.length).toBeGreaterThan(0);
  });

  it('reports at most 100 issues for a hostile value', () => {
    const paused = Array.from({ length: 10_000 }, () => 'bad pattern');
    const { settings, reset } = cleanSettings({ sites: { mode: 'only-on', paused, only: [] } });
    expect(settings.sites.paused).toEqual([]);
    expect(reset).toHaveLength(100);
  });

  it('keeps at most 500 patterns per list', () => {
    const paused = Array.from({ length: 600 }, (_, i) => `site${i}.example`);
    const { settings, reset } = cleanSettings({ sites: { mode: 'only-on', paused, only: [] } });
    expect(settings.sites.paused).toHaveLength(500);
    expect(reset).toHaveLength(100);
    expect(reset[0]?.path).toBe('sites.paused[500]');
  });

  it('never throws, whatever it is given', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const input of [
      cyclic,
      () => 1,
      Symbol('s'),
      10n,
      new Date(),
      new Map(),
      Object.create(null),
    ]) {
      expect(() => cleanSettings(input)).not.toThrow();
    }
  });
});

describe('SettingsPatchSchema (changes from the options page)', () => {
  it.each([
    [{ highlightStyle: 'none' }, true],
    [{ dwellMs: 0 }, true],
    [{ sites: { mode: 'only-on', paused: [], only: ['*.example.com'] } }, true],
    [{}, true],
    [{ dwellMs: 5000 }, false],
    [{ sites: { mode: 'only-on', paused: ['bad pattern'], only: [] } }, false],
    [{ sites: { mode: 'only-on' } }, false],
    [{ colour: {} }, false],
  ])('%j valid: %s', (patch, valid) => {
    expect(v.is(SettingsPatchSchema, patch)).toBe(valid);
  });

  it('normalises the patterns it accepts', () => {
    const parsed = v.parse(SettingsPatchSchema, {
      sites: { mode: 'everywhere-except', paused: [' Example.com ', 'example.com'], only: [] },
    });
    expect(parsed.sites?.paused).toEqual(['example.com']);
  });
});
