import { useId } from 'preact/hooks';
import { i18n } from '#i18n';
import { NOTES_PACK_ID, type Pack } from '../../utils/packs/model';
import { ConfirmButton } from './ConfirmButton';
import { Switch } from './Switch';
import { run } from './run';

type PackRowProps = {
  pack: Pack;
  organisations: number;
  summaries: number;
  onToggle: (enabled: boolean) => void | Promise<void>;
  onExport: () => void | Promise<void>;
  onDelete: () => Promise<void>;
};

/** One installed pack: who publishes it, its version and size, its switch, export and removal. */
export function PackRow({
  pack,
  organisations,
  summaries,
  onToggle,
  onExport,
  onDelete,
}: PackRowProps) {
  const id = useId();
  const origin =
    pack.origin === 'bundled'
      ? i18n.t('options.packs.originBundled')
      : pack.origin === 'notes'
        ? i18n.t('options.packs.originNotes')
        : i18n.t('options.packs.originImported');
  const notes = pack.id === NOTES_PACK_ID;
  return (
    <li class="pack" data-pack-id={pack.id}>
      <Switch
        checked={pack.enabled}
        label={notes ? i18n.t('options.packs.notesName') : pack.name}
        describedBy={`${id}-meta`}
        onChange={onToggle}
      />
      <p id={`${id}-meta`} class="muted pack__meta">
        <span>{i18n.t('options.packs.publisher', [pack.publisher])}</span>
        {' · '}
        <span>{i18n.t('options.packs.version', [pack.version])}</span>
        {' · '}
        <span>{origin}</span>
        {' · '}
        <span class="pack__counts">
          {i18n.t('options.packs.organisationCount', organisations, [String(organisations)])}
          {', '}
          {i18n.t('options.packs.summaryCount', summaries, [String(summaries)])}
        </span>
      </p>
      <p class="actions">
        <button
          type="button"
          class="button"
          aria-label={i18n.t('options.packs.exportOf', [pack.name])}
          onClick={() => run(onExport)}
        >
          {i18n.t('options.packs.export')}
        </button>
        <ConfirmButton
          label={i18n.t('options.packs.remove')}
          accessibleLabel={i18n.t('options.packs.removeOf', [pack.name])}
          question={
            notes
              ? i18n.t('options.packs.removeNotesQuestion', summaries, [String(summaries)])
              : i18n.t('options.packs.removeQuestion', [pack.name])
          }
          confirmLabel={i18n.t('options.packs.removeConfirm')}
          onConfirm={onDelete}
        />
      </p>
    </li>
  );
}
