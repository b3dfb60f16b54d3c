import { i18n } from '#i18n';
import { FILTER_FIELDS, withFilter, type ArchiveFilters } from '../../utils/search/filters';

type ActiveFiltersProps = {
  filters: ArchiveFilters;
  /** What a set filter is called on its chip, e.g. the organisation's name or "From 1 May 2020". */
  describe(field: keyof ArchiveFilters, value: string): string;
  onChange(filters: ArchiveFilters): void;
};

/** The filters in force, each as a chip that removes it, so a deep-linked filter is never hidden. */
export function ActiveFilters({ filters, describe, onChange }: ActiveFiltersProps) {
  const set = FILTER_FIELDS.flatMap((field) => {
    const value = filters[field];
    return value ? [{ field, label: describe(field, value) }] : [];
  });
  if (set.length === 0) return null;
  return (
    <ul class="chips active-filters">
      {set.map(({ field, label }) => (
        <li key={field}>
          <button
            type="button"
            class="chip chip--removable"
            aria-label={i18n.t('search.removeFilter', [label])}
            onClick={() => onChange(withFilter(filters, field, ''))}
          >
            <bdi>{label}</bdi>
            <span aria-hidden="true" class="chip__remove">
              ×
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
