/**
 * Where the settings are kept: one typed storage item (`@wxt-dev/storage`) with a fallback and the
 * numbered migrations of `migrations.ts`.
 *
 * The storage rule: settings go to `storage.sync` (so they follow the user's browser profile)
 * while their JSON fits one sync item, 8 KB; a larger value (many per-organisation colours or
 * long site lists) goes to `storage.local` instead, as does any value sync refuses (its write
 * quotas, or sync switched off by policy). Reading prefers `local`: a local copy exists only
 * while the last save did not go to sync, and the next save that fits sync removes it again. The
 * last value synced is left in sync when the settings move to local, so other devices keep it.
 *
 * Reads always pass `cleanSettings`, so whatever is stored (damaged, hostile, from a newer
 * version) gives valid settings and a list of what was reset.
 */
import * as v from 'valibot';
import { storage as defaultStorage, type WxtStorage } from 'wxt/utils/storage';
import { utf8ByteLength } from '../packs/validate';
import { SETTINGS_MIGRATIONS, SETTINGS_VERSION, type SettingsMigration } from './migrations';
import { defaultSettings, type Settings } from './model';
import {
  SettingsPatchSchema,
  cleanSettings,
  type CleanedSettings,
  type SettingsPatch,
} from './schema';

/** The key of the settings item in both storage areas. */
export const SETTINGS_STORAGE_KEY = 'settings';

/** `storage.sync.QUOTA_BYTES_PER_ITEM` in Chrome and Firefox. */
export const SYNC_ITEM_QUOTA_BYTES = 8192;

/** Where a settings value was read from or written to. */
export type SettingsArea = 'sync' | 'local';

/** Settings as read: cleaned, with what was reset and where they came from (`default`: nowhere). */
export interface LoadedSettings extends CleanedSettings {
  area: SettingsArea | 'default';
}

/** A change: a patch of whole fields, or a function of the current settings giving one. */
export type SettingsChange = SettingsPatch | ((current: Settings) => SettingsPatch);

/** Reading, writing and watching the settings. */
export interface SettingsStore {
  /** The current settings, cleaned; never rejects because of what is stored. */
  load(): Promise<LoadedSettings>;
  /** Cleans and stores `settings` in the area the storage rule picks; resolves to that area. */
  save(settings: Settings): Promise<SettingsArea>;
  /**
   * Applies a change to the current settings and saves the result. Changes made through one store
   * run one after another, so two quick changes never overwrite each other.
   */
  update(change: SettingsChange): Promise<Settings>;
  /** Removes the stored settings from both areas: the defaults apply again. */
  reset(): Promise<Settings>;
  /** Calls `callback` with the new settings after every change, from any context. */
  watch(callback: (settings: Settings) => void): () => void;
}

/** What a store runs on; the defaults are the real ones, tests pass their own ladder. */
export interface SettingsStoreOptions {
  storage?: WxtStorage;
  version?: number;
  migrations?: Readonly<Record<number, SettingsMigration>>;
}

/** The size of a settings item as Chrome counts it against the sync quota: key plus JSON. */
export function settingsItemBytes(settings: Settings): number {
  return utf8ByteLength(SETTINGS_STORAGE_KEY) + utf8ByteLength(JSON.stringify(settings));
}

/** True when the settings fit one `storage.sync` item. */
export function fitsSync(settings: Settings): boolean {
  return settingsItemBytes(settings) <= SYNC_ITEM_QUOTA_BYTES;
}

/**
 * Creates a store. Defining the items starts the migration of stored settings at once (that is
 * how `@wxt-dev/storage` works), and every read waits for it.
 */
export function createSettingsStore(options: SettingsStoreOptions = {}): SettingsStore {
  const {
    storage = defaultStorage,
    version = SETTINGS_VERSION,
    migrations = SETTINGS_MIGRATIONS,
  } = options;
  const itemOptions = { version, migrations: { ...migrations } };
  // Typed `unknown`: what is stored is untrusted until `cleanSettings` has seen it.
  const sync = storage.defineItem<unknown>(`sync:${SETTINGS_STORAGE_KEY}`, {
    ...itemOptions,
    fallback: null,
  });
  const local = storage.defineItem<unknown>(`local:${SETTINGS_STORAGE_KEY}`, {
    ...itemOptions,
    fallback: null,
  });

  async function load(): Promise<LoadedSettings> {
    const fromLocal = await local.getValue().catch(() => null);
    if (fromLocal !== null) return { ...cleanSettings(fromLocal), area: 'local' };
    const fromSync = await sync.getValue().catch(() => null);
    if (fromSync !== null) return { ...cleanSettings(fromSync), area: 'sync' };
    return { settings: defaultSettings(), reset: [], area: 'default' };
  }

  async function write(input: Settings): Promise<SettingsArea> {
    const { settings } = cleanSettings(input);
    if (fitsSync(settings)) {
      try {
        await sync.setValue(settings);
        // Only now: until sync holds the new value, the local copy is the one that counts.
        await local.removeValue();
        return 'sync';
      } catch {
        // Sync refused (write quota, disabled by policy): keep the settings in this browser.
      }
    }
    await local.setValue(settings);
    return 'local';
  }

  let queue: Promise<unknown> = Promise.resolve();
  /** Runs writes one after another, so a read-modify-write never interleaves with another. */
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }

  function update(change: SettingsChange): Promise<Settings> {
    return serial(async () => {
      const { settings: current } = await load();
      const patch = v.parse(
        SettingsPatchSchema,
        typeof change === 'function' ? change(current) : change,
      );
      const next = cleanSettings({ ...current, ...patch }).settings;
      await write(next);
      return next;
    });
  }

  function reset(): Promise<Settings> {
    return serial(async () => {
      await Promise.all([
        sync.removeValue({ removeMeta: true }),
        local.removeValue({ removeMeta: true }),
      ]);
      return defaultSettings();
    });
  }

  function watch(callback: (settings: Settings) => void): () => void {
    let last: string | undefined;
    let reading: Promise<void> = load().then(({ settings }) => {
      last = JSON.stringify(settings);
    });
    let stopped = false;
    // Re-reads rather than trusting the change event, because which area counts depends on both;
    // reads run in order and only a real change reaches the callback.
    const onChange = () => {
      reading = reading.then(async () => {
        const { settings } = await load();
        const json = JSON.stringify(settings);
        if (stopped || json === last) return;
        last = json;
        callback(settings);
      });
    };
    const unwatchSync = sync.watch(onChange);
    const unwatchLocal = local.watch(onChange);
    return () => {
      stopped = true;
      unwatchSync();
      unwatchLocal();
    };
  }

  return { load, save: (settings) => serial(() => write(settings)), update, reset, watch };
}

let shared: SettingsStore | undefined;

/** The store over the extension's real storage, created on first use in each context. */
export function getSettingsStore(): SettingsStore {
  shared ??= createSettingsStore();
  return shared;
}

/**
 * Calls `callback` with the new settings whenever they change, in any context (options page,
 * popup, background, another device through sync). For the content script: apply highlight
 * style, colours and site rules to the open page without a reload. Returns the function that
 * stops watching.
 */
export function watchSettings(
  callback: (settings: Settings) => void,
  store: SettingsStore = getSettingsStore(),
): () => void {
  return store.watch(callback);
}

/** Reads the current settings (cleaned) from the shared store. */
export async function loadSettings(store: SettingsStore = getSettingsStore()): Promise<Settings> {
  return (await store.load()).settings;
}
