import { i18n } from '#i18n';
import type { StorageInfo as Info } from './services';

type StorageInfoProps = {
  info: Info | undefined;
  locale: string;
  onAskAgain: () => void;
};

/**
 * How much space the archive takes and may take, and a warning when the browser has not promised
 * to keep it (it may then delete the archive, notes included, when the disk fills up).
 */
export function StorageInfo({ info, locale, onAskAgain }: StorageInfoProps) {
  if (!info) return <p class="muted">{i18n.t('common.loading')}</p>;
  const size = (bytes: number) => {
    const megabytes = bytes / 1024 / 1024;
    return new Intl.NumberFormat(locale || undefined, {
      style: 'unit',
      unit: megabytes >= 1024 ? 'gigabyte' : 'megabyte',
      maximumFractionDigits: 1,
    }).format(megabytes >= 1024 ? megabytes / 1024 : megabytes);
  };
  return (
    <div class="storage">
      {info.usage !== undefined && info.quota !== undefined ? (
        <p class="storage__usage">
          {i18n.t('options.storage.usage', [size(info.usage), size(info.quota)])}
        </p>
      ) : (
        <p class="muted">{i18n.t('options.storage.unknown')}</p>
      )}
      {info.persistence === 'granted' ? (
        <p class="muted">{i18n.t('options.storage.persisted')}</p>
      ) : (
        <div class="notice notice--warning storage__warning">
          <p>{i18n.t('options.storage.notPersisted')}</p>
          <button type="button" class="button" onClick={onAskAgain}>
            {i18n.t('options.storage.askAgain')}
          </button>
        </div>
      )}
    </div>
  );
}
