import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import {
  AppearanceSection,
  NotesSection,
  OrganisationsSection,
  PacksSection,
  SitesSection,
  type ArchiveSnapshot,
  type OptionsServices,
} from '../../components/options';
import { IssueList } from '../../components/options/IssueList';
import { ReportedError } from '../../components/options/run';
import type { Settings } from '../../utils/settings/model';
import type { SettingsIssue } from '../../utils/settings/schema';

type AppProps = { services: OptionsServices };

/** What the page has read so far. */
type Loaded = { archive: ArchiveSnapshot; settings: Settings; reset: SettingsIssue[] };

/** The options page: organisations, notes, sites, appearance and packs, one section each. */
export function App({ services }: AppProps) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);

  const refresh = useCallback(async () => {
    const archive = await services.loadArchive();
    setLoaded((current) => (current ? { ...current, archive } : current));
  }, [services]);

  useEffect(() => {
    let live = true;
    Promise.all([services.loadArchive(), services.loadSettings()]).then(
      ([archive, { settings, reset }]) => live && setLoaded({ archive, settings, reset }),
      (error: unknown) => live && setLoadError(String(error)),
    );
    // Changes from anywhere (the popup's pause button, another device through sync) show at once.
    const unwatch = services.watchSettings((settings) =>
      setLoaded((current) => (current ? { ...current, settings } : current)),
    );
    // The popup may have switched a pack while this tab was in the background.
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      unwatch();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [services, refresh]);

  const onChanged = useCallback(
    async (message: string) => {
      await refresh();
      setStatus({ text: message });
    },
    [refresh],
  );

  // Failed requests are announced, then thrown on as `ReportedError`, so the form that asked
  // stays as it was and the event handler that started it ends quietly (see components/options/run.ts).
  const request: OptionsServices['request'] = useCallback(
    async (type, payload) => {
      try {
        return await services.request(type, payload);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        setStatus({ text: i18n.t('common.error', [message]), error: true });
        throw new ReportedError(message, { cause: error });
      }
    },
    [services],
  );
  // Memoised: sections re-read storage figures when the services they are given change.
  const guarded = useMemo<OptionsServices>(() => ({ ...services, request }), [services, request]);

  const onSettings = useCallback(
    async (patch: Partial<Settings>) => {
      const { settings } = await request('ui:update-settings', { patch });
      setLoaded((current) => (current ? { ...current, settings, reset: [] } : current));
      setStatus({ text: i18n.t('options.common.saved') });
    },
    [request],
  );

  return (
    <main class="options">
      <header class="options__header">
        <h1>{i18n.t('options.title')}</h1>
        <nav aria-label={i18n.t('options.sections')}>
          <ul>
            <li>
              <a href="#organisations">{i18n.t('options.organisations.title')}</a>
            </li>
            <li>
              <a href="#notes">{i18n.t('options.notes.heading')}</a>
            </li>
            <li>
              <a href="#sites">{i18n.t('options.sites.title')}</a>
            </li>
            <li>
              <a href="#appearance">{i18n.t('options.appearance.title')}</a>
            </li>
            <li>
              <a href="#packs">{i18n.t('options.packs.title')}</a>
            </li>
          </ul>
        </nav>
        <p
          class={`status${status?.error ? ' status--error' : ''}`}
          role="status"
          aria-live="polite"
        >
          {status?.text}
        </p>
      </header>
      {loadError ? (
        <p role="alert" class="notice notice--error">
          {i18n.t('common.error', [loadError])}
        </p>
      ) : !loaded ? (
        <p class="muted">{i18n.t('common.loading')}</p>
      ) : (
        <>
          {loaded.reset.length > 0 ? (
            <div role="alert" class="notice notice--warning settings-reset">
              <p>{i18n.t('options.settingsReset')}</p>
              <IssueList issues={loaded.reset} />
            </div>
          ) : null}
          <OrganisationsSection
            archive={loaded.archive}
            settings={loaded.settings}
            request={request}
            onChanged={onChanged}
            onSettings={onSettings}
          />
          <NotesSection
            archive={loaded.archive}
            request={request}
            onChanged={onChanged}
            locale={services.locale}
          />
          <SitesSection settings={loaded.settings} onSettings={onSettings} />
          <AppearanceSection
            settings={loaded.settings}
            onSettings={onSettings}
            shortcut={services.nextMentionShortcut}
            openShortcutSettings={services.openShortcutSettings}
          />
          <PacksSection archive={loaded.archive} services={guarded} onChanged={onChanged} />
        </>
      )}
    </main>
  );
}
