/**
 * The settings' upgrade ladder, shared by the storage item (which runs it on stored settings, see
 * `storage.ts`) and backup restore (which runs it on a backup's settings from an older version).
 *
 * Append-only, like the database's ladder: a released step is never edited. To change the shape,
 * bump `SETTINGS_VERSION`, add the step `N: (old) => new` for the new version, and add a row to
 * the ladder test. A step receives whatever the previous version stored (untrusted: it may be
 * damaged), returns the new shape, and must not throw on odd input; `cleanSettings` runs after
 * the ladder and repairs what is left.
 *
 * Version 1 is the first shape (`model.ts`); there is no older stored shape to upgrade from yet,
 * so the ladder has no steps.
 */

/** One step: turns a value of version N-1 into version N. */
export type SettingsMigration = (old: unknown) => unknown;

/** The current version of the stored settings. */
export const SETTINGS_VERSION = 1;

/** Step N upgrades version N-1 to N. */
export const SETTINGS_MIGRATIONS: Readonly<Record<number, SettingsMigration>> = {};

/**
 * Runs the steps from `fromVersion` up to `toVersion`, in order, over a value. Used for backups;
 * the storage item runs the same table itself. Versions newer than `toVersion` are the caller's
 * to refuse: nothing here can turn a newer shape into an older one.
 */
export function migrateSettings(
  value: unknown,
  fromVersion: number,
  toVersion: number = SETTINGS_VERSION,
  migrations: Readonly<Record<number, SettingsMigration>> = SETTINGS_MIGRATIONS,
): unknown {
  let migrated = value;
  for (let version = fromVersion + 1; version <= toVersion; version++) {
    const step = migrations[version];
    if (step) migrated = step(migrated);
  }
  return migrated;
}
