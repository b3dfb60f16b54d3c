import { useId, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { ArchiveFacets, FacetOption } from '../../utils/search/facets';
import { countFilters, withFilter, type ArchiveFilters } from '../../utils/search/filters';

type FilterPanelProps = {
  filters: ArchiveFilters;
  /** The choices of each filter, with counts. */
  facets: ArchiveFacets;
  /** The label of a chosen value, for one the facets do not list (e.g. from a deep link). */
  labelFor(field: 'organisationKey' | 'packId' | 'source', value: string): string;
  /** Formats counts for the UI locale. */
  formatCount(count: number): string;
  onChange(filters: ArchiveFilters): void;
};

/** The archive's filters (organisation, pack, source, date range) behind a "Filters" toggle. */
export function FilterPanel({
  filters,
  facets,
  labelFor,
  formatCount,
  onChange,
}: FilterPanelProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const active = countFilters(filters);
  const set = (field: keyof ArchiveFilters, value: string) =>
    onChange(withFilter(filters, field, value));

  /** A select over `options`, keeping a chosen value the options lack (from a deep link). */
  const select = (
    field: 'organisationKey' | 'packId' | 'source',
    label: string,
    anyLabel: string,
    options: FacetOption[],
  ) => {
    const value = filters[field] ?? '';
    const listed = value === '' || options.some((option) => option.value === value);
    return (
      <div class="filters__field">
        <label for={`${id}-${field}`}>{label}</label>
        <select
          id={`${id}-${field}`}
          value={value}
          onChange={(event) => set(field, event.currentTarget.value)}
        >
          <option value="">{anyLabel}</option>
          {listed ? null : (
            <option value={value}>
              {i18n.t('search.withCount', [labelFor(field, value), formatCount(0)])}
            </option>
          )}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {i18n.t('search.withCount', [option.label, formatCount(option.count)])}
            </option>
          ))}
        </select>
      </div>
    );
  };

  return (
    <div class="filters">
      <button
        type="button"
        class="filters__toggle"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true" class="filters__chevron" />
        {active > 0
          ? i18n.t('search.filtersActive', active, [formatCount(active)])
          : i18n.t('search.filters')}
      </button>
      <div id={`${id}-panel`} class="filters__panel" hidden={!open}>
        {select(
          'organisationKey',
          i18n.t('search.organisation'),
          i18n.t('search.anyOrganisation'),
          facets.organisations,
        )}
        {select('packId', i18n.t('search.pack'), i18n.t('search.anyPack'), facets.packs)}
        {select('source', i18n.t('search.source'), i18n.t('search.anySource'), facets.sources)}
        <div class="filters__dates">
          <div class="filters__field">
            <label for={`${id}-from`}>{i18n.t('search.from')}</label>
            <input
              id={`${id}-from`}
              type="date"
              value={filters.from ?? ''}
              max={filters.to}
              onChange={(event) => set('from', event.currentTarget.value)}
            />
          </div>
          <div class="filters__field">
            <label for={`${id}-to`}>{i18n.t('search.to')}</label>
            <input
              id={`${id}-to`}
              type="date"
              value={filters.to ?? ''}
              min={filters.from}
              onChange={(event) => set('to', event.currentTarget.value)}
            />
          </div>
        </div>
        {active > 0 ? (
          <button type="button" class="link-button" onClick={() => onChange({})}>
            {i18n.t('search.clearFilters')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
