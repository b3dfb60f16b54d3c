import { useMemo } from 'preact/hooks';
import { i18n } from '#i18n';
import { SummaryList } from '../../components/archive/SummaryList';
import { useAsync } from '../../components/hooks/use-async';
import { OnThisPage, type PageState } from '../../components/popup/OnThisPage';
import type { TabReport } from '../../utils/messaging';
import type { Organisation, Pack, Summary } from '../../utils/packs/model';
import { isScannableUrl } from '../../utils/tabs/scannable';

/** What the popup needs from the browser and the archive; main.tsx wires the real ones. */
export interface PopupServices {
  /** The tab the popup is about, or null if there is none. */
  getTargetTab(): Promise<{ id: number; url?: string } | null>;
  getTabReport(tabId: number): Promise<TabReport | null>;
  listPacks(): Promise<Pack[]>;
  listOrganisations(): Promise<Organisation[]>;
  /** Summaries of enabled packs, newest first. */
  listSummaries(): Promise<Summary[]>;
  locale: string;
}

type AppProps = { services: PopupServices };

/** The toolbar popup: what this page mentions, and the archive. */
export function App({ services }: AppProps) {
  const page = useAsync(async (): Promise<PageState> => {
    const tab = await services.getTargetTab();
    if (!tab) return { kind: 'restricted' };
    const report = await services.getTabReport(tab.id);
    if (report) return { kind: 'report', report };
    return isScannableUrl(tab.url) ? { kind: 'not-scanned' } : { kind: 'restricted' };
  }, [services]);
  const archive = useAsync(async () => {
    const [packs, organisations, summaries] = await Promise.all([
      services.listPacks(),
      services.listOrganisations(),
      services.listSummaries(),
    ]);
    return { packs, organisations, summaries };
  }, [services]);
  const names = useMemo(
    () =>
      new Map(
        archive.status === 'ready' ? archive.value.organisations.map((o) => [o.key, o.name]) : [],
      ),
    [archive],
  );
  const packs = useMemo(
    () => new Map(archive.status === 'ready' ? archive.value.packs.map((p) => [p.id, p]) : []),
    [archive],
  );

  return (
    <main class="popup">
      <h1 class="popup__title">{i18n.t('popup.title')}</h1>
      <OnThisPage
        state={page.status === 'ready' ? page.value : { kind: 'loading' }}
        names={names}
      />
      <section class="panel" aria-labelledby="archive-heading">
        <h2 id="archive-heading">{i18n.t('popup.archive')}</h2>
        {archive.status === 'loading' ? (
          <p class="muted">{i18n.t('common.loading')}</p>
        ) : archive.status === 'error' ? (
          <p role="alert">{i18n.t('common.error', [archive.error.message])}</p>
        ) : (
          <>
            <p class="muted">
              {i18n.t('popup.archiveTotal', archive.value.summaries.length, [
                String(archive.value.summaries.length),
              ])}
            </p>
            <SummaryList
              summaries={archive.value.summaries}
              packs={packs}
              locale={services.locale}
            />
          </>
        )}
      </section>
    </main>
  );
}
