/**
 * The background's side of the options page: every change it asks for, each checked again here
 * (the page is trusted to ask, never to have validated), written, and announced. Archive changes
 * bump the archive revision, which tells open tabs; settings changes reach them through storage.
 */
import {
  checkBackup,
  describeBackup,
  restoreArchive,
  type BackupCheckResult,
  type RestoreBackupResult,
} from '../../utils/archive/backup';
import {
  previewImportChanges,
  type ImportMode,
  type ImportPreview,
} from '../../utils/archive/import';
import {
  deleteOwnOrganisation,
  saveOwnOrganisation,
  setOrganisationAliases,
  type DeleteOrganisationResult,
} from '../../utils/archive/organisations';
import { createArchiveRepository } from '../../utils/archive/repository';
import type { Organisation, Summary } from '../../utils/packs/model';
import type { ValidationResult } from '../../utils/packs/validate';
import type { Settings } from '../../utils/settings/model';
import type { SettingsPatch } from '../../utils/settings/schema';
import { withSitePaused } from '../../utils/settings/sites';
import { getSettingsStore, type SettingsStore } from '../../utils/settings/storage';
import type { ArchiveService } from './archive-service';

/** The options page's operations, for the message handlers. */
export type OptionsService = ReturnType<typeof createOptionsService>;

/** Creates the service over the archive service and the settings store. */
export function createOptionsService({
  archive,
  settings = getSettingsStore(),
}: {
  archive: Pick<ArchiveService, 'database' | 'notifyArchiveChanged'>;
  settings?: SettingsStore;
}) {
  const repository = async () => createArchiveRepository(await archive.database());

  /** Announces a change when `changed` says the write happened. */
  function announce<T>(result: T, changed: boolean): T {
    if (changed) archive.notifyArchiveChanged();
    return result;
  }

  return {
    async setOrganisationEnabled(orgKey: string, enabled: boolean) {
      const found = await (await repository()).setOrganisationEnabled(orgKey, enabled);
      if (!found) throw new Error(`there is no organisation "${orgKey}"`);
      return announce({ orgKey, enabled }, true);
    },

    async setAliases(orgKey: string, aliases: unknown): Promise<ValidationResult<Organisation>> {
      const result = await setOrganisationAliases(await archive.database(), orgKey, aliases);
      return announce(result, result.ok);
    },

    async saveOrganisation(input: unknown): Promise<ValidationResult<Organisation>> {
      const result = await saveOwnOrganisation(await archive.database(), input);
      return announce(result, result.ok);
    },

    async deleteOrganisation(orgKey: string): Promise<DeleteOrganisationResult> {
      const result = await deleteOwnOrganisation(await archive.database(), orgKey);
      return announce(result, result.ok);
    },

    async saveNote(input: unknown): Promise<ValidationResult<Summary>> {
      const result = await (await repository()).putNote(input);
      return announce(result, result.ok);
    },

    async deleteNote(id: string) {
      const deleted = await (await repository()).deleteNote(id);
      return announce({ id, deleted }, deleted);
    },

    async deletePack(packId: string) {
      const deleted = await (await repository()).deletePack(packId);
      if (!deleted) throw new Error(`there is no pack "${packId}"`);
      return announce({ packId }, true);
    },

    async previewImport(text: string, mode: ImportMode): Promise<ImportPreview> {
      return previewImportChanges(await archive.database(), text, mode);
    },

    previewBackup(text: string): BackupCheckResult {
      const checked = checkBackup(text);
      return checked.ok ? { ok: true, preview: describeBackup(checked) } : checked;
    },

    /**
     * Restores a backup: all of it or nothing. The settings are written first and put back if
     * the archive cannot be, because storage can be rewritten while an aborted database
     * transaction cannot be replayed.
     */
    async restoreBackup(text: string): Promise<RestoreBackupResult> {
      const checked = checkBackup(text);
      if (!checked.ok) return checked;
      const before = await settings.load();
      await settings.save(checked.settings);
      const restored = await restoreArchive(await archive.database(), checked.backup);
      if (!restored.ok) {
        if (before.area === 'default') await settings.reset();
        else await settings.save(before.settings);
        return restored;
      }
      return announce({ ok: true, preview: describeBackup(checked) }, true);
    },

    async updateSettings(patch: SettingsPatch): Promise<{ settings: Settings }> {
      return { settings: await settings.update(patch) };
    },

    async resetSettings(): Promise<{ settings: Settings }> {
      return { settings: await settings.reset() };
    },

    /** "Pause on this site" in the popup: the same list the options page edits. */
    async setSitePaused(url: string, paused: boolean): Promise<{ settings: Settings }> {
      return {
        settings: await settings.update((current) => ({
          sites: { ...current.sites, paused: withSitePaused(current.sites.paused, url, paused) },
        })),
      };
    },
  };
}
