import { useId, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { StoredOrganisation } from '../../utils/archive/schema';
import type { Alias } from '../../utils/packs/model';
import type { ValidationResult } from '../../utils/packs/validate';
import { COLOUR_SLOT_COUNT, automaticColourSlot } from '../../utils/settings/model';
import { AliasEditor } from './AliasEditor';
import { ColourSwatch } from './ColourSwatch';
import { ConfirmButton } from './ConfirmButton';
import { Switch } from './Switch';
import { run } from './run';

type OrganisationRowProps = {
  organisation: StoredOrganisation;
  /** The colour the user chose, or undefined for the automatic one. */
  colour: number | undefined;
  onToggle: (enabled: boolean) => void | Promise<void>;
  onColour: (slot: number | undefined) => void | Promise<void>;
  onSaveAliases: (aliases: Alias[]) => Promise<ValidationResult<unknown>>;
  /** For the user's own organisations: editing their details and deleting them. */
  own?: { onEdit: () => void; onDelete: () => Promise<void> };
};

/**
 * One organisation: its switch, its highlight colour, and its aliases, which open for editing
 * with a live preview.
 */
export function OrganisationRow({
  organisation,
  colour,
  onToggle,
  onColour,
  onSaveAliases,
  own,
}: OrganisationRowProps) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const automatic = automaticColourSlot(organisation.key);
  const shown = colour ?? automatic;
  return (
    <li class="org" data-org-key={organisation.key}>
      <div class="org__head">
        <Switch
          checked={organisation.enabled}
          label={organisation.name}
          describedBy={`${id}-meta`}
          onChange={onToggle}
        />
        <span id={`${id}-meta`} class="muted">
          {i18n.t(`kinds.${organisation.kind}`)}
          {' · '}
          {i18n.t('options.organisations.aliasCount', organisation.aliases.length, [
            String(organisation.aliases.length),
          ])}
          {organisation.packAliases ? ` · ${i18n.t('options.organisations.edited')}` : ''}
        </span>
      </div>
      <div class="org__tools">
        <span class="inline-field">
          <ColourSwatch slot={shown} />
          <label for={`${id}-colour`}>{i18n.t('options.organisations.colour')}</label>
          <select
            id={`${id}-colour`}
            aria-label={i18n.t('options.organisations.colourFor', [organisation.name])}
            value={colour === undefined ? 'auto' : String(colour)}
            onChange={(event) => {
              const value = event.currentTarget.value;
              run(() => onColour(value === 'auto' ? undefined : Number(value)));
            }}
          >
            <option value="auto">
              {i18n.t('options.organisations.colourAuto', [String(automatic)])}
            </option>
            {Array.from({ length: COLOUR_SLOT_COUNT }, (_, i) => (
              <option key={i} value={String(i + 1)}>
                {i18n.t('options.organisations.colourSlot', [String(i + 1)])}
              </option>
            ))}
          </select>
        </span>
        <button
          type="button"
          class="button"
          aria-expanded={editing}
          aria-controls={editing ? `${id}-aliases` : undefined}
          aria-label={i18n.t('options.organisations.editAliasesOf', [organisation.name])}
          onClick={() => setEditing(!editing)}
        >
          {i18n.t('options.organisations.editAliases')}
        </button>
        {own ? (
          <>
            <button
              type="button"
              class="button"
              aria-label={i18n.t('options.organisations.editOwnOf', [organisation.name])}
              onClick={own.onEdit}
            >
              {i18n.t('options.organisations.editOwn')}
            </button>
            <ConfirmButton
              label={i18n.t('options.common.delete')}
              accessibleLabel={i18n.t('options.organisations.deleteOf', [organisation.name])}
              question={i18n.t('options.organisations.deleteQuestion', [organisation.name])}
              confirmLabel={i18n.t('options.organisations.deleteConfirm')}
              onConfirm={own.onDelete}
            />
          </>
        ) : null}
      </div>
      {editing ? (
        <div id={`${id}-aliases`}>
          <AliasEditor
            organisation={organisation}
            onSave={onSaveAliases}
            onClose={() => setEditing(false)}
          />
        </div>
      ) : null}
    </li>
  );
}
