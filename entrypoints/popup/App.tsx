import { useCallback, useMemo, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { ArchiveView } from '../../components/archive';
import { useArchive, type ArchiveSource, type Scheduler } from '../../components/hooks/use-archive';
import { useAsync } from '../../components/hooks/use-async';
import { OnThisPage, type MentionTarget } from '../../components/popup/OnThisPage';
import { pageStateFor, type PageState } from '../../components/popup/page-state';
import { PopupTabs, tabId, type PopupTab } from '../../components/popup/PopupTabs';
import type { TabReport } from '../../utils/messaging';
import type { PopupRoute } from '../../utils/search/deep-link';
import type { ArchiveFilters } from '../../utils/search/filters';

/** What the popup needs from the browser and the archive; main.tsx wires the real ones. */
export interface PopupServices {
  /** The tab the popup is about, or null if there is none. */
  getTargetTab(): Promise<{ id: number; url?: string } | null>;
  getTabReport(tabId: number): Promise<TabReport | null>;
  archive: ArchiveSource;
  locale: string;
  /** Whether Backstory is paused on the site of `url` (absent: never). */
  isPaused?(url: string | undefined): Promise<boolean>;
  /** Pauses Backstory on the site of `url` (the options page's paused list). */
  pause?(url: string): Promise<void>;
  /** Resumes Backstory on the site of `url`. */
  resume?(url: string): Promise<void>;
  /** Scrolls the tab to a mention. Seam for the content script; absent = lines are plain text. */
  showMention?(tabId: number, target: MentionTarget): Promise<void>;
}

type AppProps = {
  services: PopupServices;
  /** Where the popup opens, from its address (see utils/search/deep-link.ts). */
  route: PopupRoute;
  scheduler?: Scheduler;
};

type TabId = 'page' | 'archive';

const PANEL_IDS: Record<TabId, string> = { page: 'panel-page', archive: 'panel-archive' };

/** The toolbar popup: what this page mentions, and the archive, as two tabs. */
export function App({ services, route, scheduler }: AppProps) {
  const [tab, setTab] = useState<TabId>(route.tab);
  const [query, setQuery] = useState(route.tab === 'archive' ? route.query : '');
  const [filters, setFilters] = useState<ArchiveFilters>(
    route.tab === 'archive' ? route.filters : {},
  );

  // Bumped after pausing or resuming, so "On this page" reads the tab's new state.
  const [pageVersion, setPageVersion] = useState(0);
  const page = useAsync(async () => {
    const target = await services.getTargetTab();
    if (!target) return { target, state: pageStateFor(null, null) };
    const report = await services.getTabReport(target.id);
    const paused = (await services.isPaused?.(target.url ?? report?.url)) ?? false;
    return { target, url: target.url ?? report?.url, state: pageStateFor(target, report, paused) };
  }, [services, pageVersion]);
  const archive = useArchive(services.archive, scheduler);

  const ready = archive.status === 'ready' ? archive : null;
  const names = useMemo(
    () => new Map((ready?.organisations ?? []).map((org) => [org.key, org.name])),
    [ready?.organisations],
  );
  const archiveCounts = useMemo(() => {
    if (!ready?.complete) return undefined;
    const counts = new Map<string, number>();
    for (const summary of ready.search.newestFirst()) {
      for (const key of summary.organisationIds) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }, [ready?.search, ready?.contentRevision, ready?.complete]);

  const showInArchive = useCallback((organisationKey: string) => {
    setQuery('');
    setFilters({ organisationKey });
    setTab('archive');
  }, []);

  const target = page.status === 'ready' ? page.value.target : null;
  const state: PageState =
    page.status === 'ready'
      ? page.value.state
      : page.status === 'error'
        ? { kind: 'not-scanned' }
        : { kind: 'loading' };
  const mentions = state.kind === 'report' ? state.report.count : 0;
  const { showMention, pause, resume } = services;
  const siteUrl = page.status === 'ready' ? page.value.url : undefined;
  /** Runs a pause or resume, then reads the page's state again once the tab has caught up. */
  const changeSite = (change: (url: string) => Promise<void>, url: string) => async () => {
    await change(url);
    // The tab answers the new setting with a fresh report; give it a moment before re-reading.
    await new Promise((resolve) => setTimeout(resolve, 300));
    setPageVersion((version) => version + 1);
  };
  const tabs: PopupTab<TabId>[] = [
    {
      id: 'page',
      panelId: PANEL_IDS.page,
      label: (
        <>
          {i18n.t('popup.onThisPage')}
          {mentions > 0 ? (
            <span class="tabs__badge" aria-hidden="true">
              {mentions}
            </span>
          ) : null}
        </>
      ),
    },
    { id: 'archive', panelId: PANEL_IDS.archive, label: i18n.t('popup.archive') },
  ];

  return (
    <main class="popup">
      <header class="popup__header">
        <h1 class="popup__title">{i18n.t('popup.title')}</h1>
      </header>
      <PopupTabs<TabId>
        label={i18n.t('popup.views')}
        selected={tab}
        onSelect={setTab}
        tabs={tabs}
      />
      <section
        role="tabpanel"
        id={PANEL_IDS.page}
        aria-labelledby={tabId('page')}
        class="panel panel--page"
        hidden={tab !== 'page'}
      >
        <OnThisPage
          state={state}
          names={names}
          archiveCounts={archiveCounts}
          onShowInArchive={showInArchive}
          onShowMention={
            showMention && target ? (mention) => void showMention(target.id, mention) : undefined
          }
          onPause={pause && siteUrl ? () => void changeSite(pause, siteUrl)() : undefined}
          onResume={resume && siteUrl ? () => void changeSite(resume, siteUrl)() : undefined}
        />
      </section>
      <section
        role="tabpanel"
        id={PANEL_IDS.archive}
        aria-labelledby={tabId('archive')}
        class="panel panel--archive"
        hidden={tab !== 'archive'}
      >
        <ArchiveView
          archive={archive}
          locale={services.locale}
          query={query}
          filters={filters}
          onQueryChange={setQuery}
          onFiltersChange={setFilters}
          autoFocus={route.tab === 'archive'}
        />
      </section>
    </main>
  );
}
