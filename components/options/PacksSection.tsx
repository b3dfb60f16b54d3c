import { useEffect, useMemo, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { BUNDLED_PACK_ID, NOTES_PACK_ID } from '../../utils/packs/model';
import { BackupPanel } from './BackupPanel';
import { ImportPanel } from './ImportPanel';
import { PackRow } from './PackRow';
import { StorageInfo } from './StorageInfo';
import { run } from './run';
import type { ArchiveSnapshot, OptionsServices, StorageInfo as Info } from './services';

type PacksSectionProps = {
  archive: ArchiveSnapshot;
  services: OptionsServices;
  onChanged: (message: string) => Promise<void>;
};

/**
 * The installed packs (switch, export, remove), importing a pack, backup and restore, restoring
 * the bundled archive, and the storage the archive uses.
 */
export function PacksSection({ archive, services, onChanged }: PacksSectionProps) {
  const { request } = services;
  const [storage, setStorage] = useState<Info>();
  useEffect(() => {
    void services.storageInfo().then(setStorage);
  }, [services, archive]);
  const organisationCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const org of archive.organisations)
      counts.set(org.packId, (counts.get(org.packId) ?? 0) + 1);
    return counts;
  }, [archive.organisations]);
  const packs = [...archive.packs].sort(
    (a, b) => Number(a.id === NOTES_PACK_ID) - Number(b.id === NOTES_PACK_ID),
  );
  const hasBundled = archive.packs.some((pack) => pack.id === BUNDLED_PACK_ID);

  return (
    <section id="packs" class="section" aria-labelledby="packs-heading">
      <h2 id="packs-heading">{i18n.t('options.packs.title')}</h2>
      <p class="muted">{i18n.t('options.packs.intro')}</p>
      {packs.length === 0 ? (
        <p class="muted">{i18n.t('options.packs.none')}</p>
      ) : (
        <ul class="packs">
          {packs.map((pack) => (
            <PackRow
              key={pack.id}
              pack={pack}
              organisations={organisationCounts.get(pack.id) ?? 0}
              summaries={archive.summaryCounts[pack.id] ?? 0}
              onToggle={async (enabled) => {
                await request('ui:set-pack-enabled', { packId: pack.id, enabled });
                await onChanged(
                  i18n.t(enabled ? 'options.packs.switchedOn' : 'options.packs.switchedOff', [
                    pack.name,
                  ]),
                );
              }}
              onExport={async () => {
                const file = await services.exportPack(pack.id);
                if (file) services.download(file);
              }}
              onDelete={async () => {
                await request('ui:delete-pack', { packId: pack.id });
                await onChanged(i18n.t('options.packs.removed', [pack.name]));
              }}
            />
          ))}
        </ul>
      )}
      <p class="actions">
        <button
          type="button"
          class="button"
          onClick={() =>
            run(async () => {
              const result = await request('ui:restore-bundled', {});
              await onChanged(
                result.ok ? i18n.t('options.packs.bundledRestored') : result.error.message,
              );
            })
          }
        >
          {hasBundled
            ? i18n.t('options.packs.refreshBundled')
            : i18n.t('options.packs.restoreBundled')}
        </button>
      </p>
      <ImportPanel request={request} onChanged={onChanged} />
      <BackupPanel
        request={request}
        createBackup={() => services.createBackup()}
        download={(file) => services.download(file)}
        onChanged={onChanged}
        locale={services.locale}
      />
      <section class="group" aria-labelledby="storage-heading">
        <h3 id="storage-heading">{i18n.t('options.storage.title')}</h3>
        <StorageInfo
          info={storage}
          locale={services.locale}
          onAskAgain={() =>
            run(async () => {
              await services.requestPersistence();
              setStorage(await services.storageInfo());
            })
          }
        />
      </section>
    </section>
  );
}
