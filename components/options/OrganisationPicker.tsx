import { useId, useMemo, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { StoredOrganisation } from '../../utils/archive/schema';
import { foldText } from '../../utils/matching/fold';
import type { Pack } from '../../utils/packs/model';

/** Unselected organisations listed at once; the filter finds the others. */
const MAX_CHOICES = 50;

type OrganisationPickerProps = {
  organisations: readonly StoredOrganisation[];
  packs: ReadonlyMap<string, Pack>;
  /** Keys of the chosen organisations. */
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  error?: string;
};

/** Choosing the organisations a note is about: a filter and a list of checkboxes, chosen ones first. */
export function OrganisationPicker({
  organisations,
  packs,
  selected,
  onChange,
  error,
}: OrganisationPickerProps) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const folded = foldText(filter.trim());
  const chosen = new Set(selected);
  const choices = useMemo(() => {
    const sorted = [...organisations].sort((a, b) => a.name.localeCompare(b.name));
    const picked = sorted.filter((org) => chosen.has(org.key));
    const others = sorted.filter(
      (org) => !chosen.has(org.key) && (!folded || foldText(org.name).includes(folded)),
    );
    return { picked, others: others.slice(0, MAX_CHOICES), more: others.length > MAX_CHOICES };
  }, [organisations, selected, folded]);

  const toggle = (key: string, on: boolean) =>
    onChange(on ? [...selected, key] : selected.filter((k) => k !== key));

  const item = (org: StoredOrganisation) => (
    <li key={org.key}>
      <label class="check">
        <input
          type="checkbox"
          name="organisationIds"
          value={org.key}
          checked={chosen.has(org.key)}
          onChange={(event) => toggle(org.key, event.currentTarget.checked)}
        />{' '}
        <bdi>{org.name}</bdi>{' '}
        <span class="muted">
          (<bdi>{packs.get(org.packId)?.name ?? org.packId}</bdi>)
        </span>
      </label>
    </li>
  );

  return (
    <fieldset
      class="picker"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{i18n.t('options.notes.organisations')}</legend>
      <div class="field field--inline">
        <label for={`${id}-filter`}>{i18n.t('options.notes.findOrganisation')}</label>
        <input
          id={`${id}-filter`}
          type="search"
          dir="auto"
          value={filter}
          onInput={(event) => setFilter(event.currentTarget.value)}
        />
      </div>
      <ul class="picker__list">
        {choices.picked.map(item)}
        {choices.others.map(item)}
      </ul>
      {choices.more ? <p class="muted">{i18n.t('options.notes.moreOrganisations')}</p> : null}
      {error ? (
        <p id={`${id}-error`} class="field__error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
