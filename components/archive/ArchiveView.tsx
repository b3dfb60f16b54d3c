import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { i18n } from '#i18n';
import { formatPackDate } from '../../utils/format';
import type { Summary } from '../../utils/packs/model';
import { archiveFacets } from '../../utils/search/facets';
import { hasNoFilters, type ArchiveFilters } from '../../utils/search/filters';
import { MARK_INTERACTIVE, mark, measureQuery } from '../../utils/search/perf-marks';
import { Interpolated, slot } from '../card/Interpolated';
import type { ArchiveState } from '../hooks/use-archive';
import { ActiveFilters } from './ActiveFilters';
import { FilterPanel } from './FilterPanel';
import { ResultList } from './ResultList';
import { SearchBox } from './SearchBox';
import { SummaryDetail } from './SummaryDetail';

type ArchiveViewProps = {
  archive: ArchiveState;
  locale: string;
  query: string;
  filters: ArchiveFilters;
  onQueryChange(query: string): void;
  onFiltersChange(filters: ArchiveFilters): void;
  /** Put the focus in the search box once it is enabled (when the popup opens on the archive). */
  autoFocus?: boolean;
};

/**
 * The archive: a search box, filters, the windowed list of results and, in place of the list,
 * the detail of one summary.
 */
export function ArchiveView({
  archive,
  locale,
  query,
  filters,
  onQueryChange,
  onFiltersChange,
  autoFocus = false,
}: ArchiveViewProps) {
  const id = useId();
  const listId = `${id}-results`;
  const statusId = `${id}-status`;
  const resetKey = `${query}\n${JSON.stringify(filters)}`;
  // The active row and the open summary belong to one query and set of filters: a new one starts
  // again from the top with nothing open. Kept with the key they belong to (rather than reset by
  // an effect) so a key pressed right after typing never acts on the previous results.
  const [opened, setOpened] = useState({ resetKey, key: null as string | null });
  const [active, setActive] = useState({ resetKey, index: -1 });
  const openKey = opened.resetKey === resetKey ? opened.key : null;
  const activeIndex = active.resetKey === resetKey ? active.index : -1;
  const setOpenKey = (key: string | null) => setOpened({ resetKey, key });
  const setActiveIndex = (index: number) => setActive({ resetKey, index });
  const list = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const queryStart = useRef<{ query: string; start: number } | null>(null);
  const ready = archive.status === 'ready' ? archive : null;

  const numbers = useMemo(() => safeNumberFormat(locale), [locale]);
  const formatCount = (count: number) => numbers.format(count);

  const results = useMemo(
    () => ready?.search.search({ text: query, filters }),
    // `revision` changes whenever the search's content or index does.
    [ready?.search, ready?.revision, query, filters],
  );
  const facets = useMemo(
    () =>
      ready
        ? archiveFacets(ready.search.newestFirst(), ready.organisations, ready.packs, locale)
        : undefined,
    [ready?.search, ready?.contentRevision, locale],
  );
  const organisations = useMemo(
    () => new Map((ready?.organisations ?? []).map((org) => [org.key, org])),
    [ready?.organisations],
  );
  const packs = useMemo(
    () => new Map((ready?.packs ?? []).map((pack) => [pack.id, pack])),
    [ready?.packs],
  );

  // The benchmark's "interactive": the box is enabled and the first rows are in the page. Preact
  // runs effects after the next frame, so the rows have been painted by now.
  const interactive = useRef(false);
  useEffect(() => {
    if (!ready || interactive.current) return;
    interactive.current = true;
    mark(MARK_INTERACTIVE);
    if (autoFocus) input.current?.focus();
  }, [ready, autoFocus]);

  useLayoutEffect(() => {
    const started = queryStart.current;
    if (!started || !results || started.query !== query) return;
    queryStart.current = null;
    measureQuery(started.start, { query, results: results.items.length });
  }, [results, query]);

  // Closing the detail puts the reader back where they were: the list, on the row they opened.
  const wasOpen = useRef(false);
  // A layout effect, so the focus never falls to the page between the detail going and this.
  useLayoutEffect(() => {
    if (wasOpen.current && openKey === null) list.current?.focus();
    wasOpen.current = openKey !== null;
  }, [openKey]);

  if (archive.status === 'loading') {
    return (
      <div class="archive">
        <div class="archive__controls">
          <SearchBox
            value={query}
            disabled
            controls={listId}
            describedBy={statusId}
            onInput={onQueryChange}
            onArrowDown={() => undefined}
          />
        </div>
        <p id={statusId} role="status" class="muted archive__status">
          {i18n.t('common.loading')}
        </p>
      </div>
    );
  }
  if (archive.status === 'error') {
    return <p role="alert">{i18n.t('common.error', [archive.error.message])}</p>;
  }
  if (!results || !facets || !ready) return null;

  const { search } = ready;
  if (ready.complete && search.size === 0) {
    return <p class="muted archive__status">{i18n.t('popup.archiveEmpty')}</p>;
  }

  const open = openKey ? search.get(openKey) : undefined;
  const describe = (field: keyof ArchiveFilters, value: string): string => {
    switch (field) {
      case 'organisationKey':
        return organisations.get(value)?.name ?? value;
      case 'packId':
        return packs.get(value)?.name ?? value;
      case 'source':
        return value;
      case 'from':
        return i18n.t('search.filterFrom', [formatPackDate(value, locale)]);
      case 'to':
        return i18n.t('search.filterTo', [formatPackDate(value, locale)]);
    }
  };
  const showOrganisation = (organisationKey: string) => {
    onQueryChange('');
    onFiltersChange({ organisationKey });
  };

  return (
    <div class="archive">
      <div class="archive__controls" hidden={open !== undefined}>
        <SearchBox
          value={query}
          disabled={false}
          controls={listId}
          describedBy={statusId}
          inputRef={input}
          onInput={(value) => {
            queryStart.current = { query: value, start: performance.now() };
            onQueryChange(value);
          }}
          onArrowDown={() => list.current?.focus()}
        />
        <FilterPanel
          filters={filters}
          facets={facets}
          labelFor={describe}
          formatCount={formatCount}
          onChange={onFiltersChange}
        />
        <ActiveFilters filters={filters} describe={describe} onChange={onFiltersChange} />
      </div>
      <p id={statusId} role="status" class="archive__status" hidden={open !== undefined}>
        <StatusText
          count={results.items.length}
          total={search.size}
          query={query}
          filtered={!hasNoFilters(filters)}
          relaxed={results.relaxed}
          indexing={results.partial ? { done: ready.indexed, total: search.size } : undefined}
          loadingRest={!ready.complete}
          formatCount={formatCount}
        />
      </p>
      <div class="archive__list" hidden={open !== undefined}>
        <ResultList
          id={listId}
          listRef={list}
          items={results.items}
          packs={packs}
          locale={locale}
          label={i18n.t('search.results')}
          activeIndex={activeIndex}
          onActiveIndexChange={setActiveIndex}
          onOpen={(summary: Summary) => setOpenKey(summary.key)}
          resetKey={resetKey}
        />
      </div>
      {open ? (
        <SummaryDetail
          summary={open}
          pack={packs.get(open.packId)}
          organisations={organisations}
          locale={locale}
          onBack={() => setOpenKey(null)}
          onShowOrganisation={showOrganisation}
        />
      ) : null}
    </div>
  );
}

type StatusTextProps = {
  count: number;
  total: number;
  query: string;
  filtered: boolean;
  relaxed: boolean;
  indexing: { done: number; total: number } | undefined;
  loadingRest: boolean;
  formatCount(count: number): string;
};

/** The live line under the search box: how many summaries match, and any caveat. */
function StatusText({
  count,
  total,
  query,
  filtered,
  relaxed,
  indexing,
  loadingRest,
  formatCount,
}: StatusTextProps) {
  const text = query.trim();
  let line: ComponentChildren;
  // Until the whole archive is read, its size is unknown: say that instead of a partial count.
  if (!text && !filtered && loadingRest) return <>{i18n.t('search.loadingRest')}</>;
  if (!text && !filtered) line = i18n.t('search.count', total, [formatCount(total)]);
  else if (count === 0 && text) {
    // The query is the reader's own text, maybe right-to-left: isolated like pack text.
    line = <Interpolated message={i18n.t('search.noMatch', [slot(0)])} values={[text]} />;
  } else if (count === 0) line = i18n.t('search.noMatchFiltered');
  else line = i18n.t('search.countFiltered', count, [formatCount(count), formatCount(total)]);
  const notes = [
    relaxed ? i18n.t('search.relaxed') : '',
    loadingRest ? i18n.t('search.loadingRest') : '',
    indexing && !loadingRest
      ? i18n.t('search.indexing', [formatCount(indexing.done), formatCount(indexing.total)])
      : '',
  ].filter(Boolean);
  return (
    <>
      <span class="archive__count">{line}</span>
      {notes.map((note) => (
        <span key={note} class="archive__note">
          {' '}
          {note}
        </span>
      ))}
    </>
  );
}

function safeNumberFormat(locale: string): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale || undefined);
  } catch {
    return new Intl.NumberFormat();
  }
}
