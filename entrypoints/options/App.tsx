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
import { serialTask } from '../../utils/serial-task';
import type { Settings } from '../../utils/settings/model';
import type { SettingsIssue } from '../../utils/settings/schema';

type AppProps = { services: OptionsServices };

/** The settings as the page read them, with what had to be reset. */
type LoadedSettings = { settings: Settings; reset: SettingsIssue[] };

/** The options page: organisations, notes, sites, appearance and packs, one section each. */
export function App({ services }: AppProps) {
  const [archive, setArchive] = useState<ArchiveSnapshot | null>(null);
  const [loadedSettings, setLoadedSettings] = useState<LoadedSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);

  // One read of the archive at a time; a change noticed during a read is read again after it, so
  // the page never keeps what it read before the newest change (the bundled pack installing as
  // the page opens, a pack imported from the popup).
  const refresh = useMemo(
    () => serialTask(async () => setArchive(await services.loadArchive())),
    [services],
  );

  useEffect(() => {
    let live = true;
    // Watching starts before the first read, so no change can fall between the two.
    const unwatchArchive = services.watchArchive(() => {
      refresh().catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (live) setStatus({ text: i18n.t('common.error', [message]), error: true });
      });
    });
    Promise.all([refresh(), services.loadSettings()]).then(
      ([, { settings, reset }]) => live && setLoadedSettings({ settings, reset }),
      (error: unknown) => live && setLoadError(String(error)),
    );
    // Changes from anywhere (the popup's pause button, another device through sync) show at once.
    const unwatchSettings = services.watchSettings((settings) =>
      setLoadedSettings((current) => (current ? { ...current, settings } : current)),
    );
    return () => {
      live = false;
      unwatchArchive();
      unwatchSettings();
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
      setLoadedSettings({ settings, reset: [] });
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
      ) : !archive || !loadedSettings ? (
        <p class="muted">{i18n.t('common.loading')}</p>
      ) : (
        <>
          {loadedSettings.reset.length > 0 ? (
            <div role="alert" class="notice notice--warning settings-reset">
              <p>{i18n.t('options.settingsReset')}</p>
              <IssueList issues={loadedSettings.reset} />
            </div>
          ) : null}
          <OrganisationsSection
            archive={archive}
            settings={loadedSettings.settings}
            request={request}
            onChanged={onChanged}
            onSettings={onSettings}
          />
          <NotesSection
            archive={archive}
            request={request}
            onChanged={onChanged}
            locale={services.locale}
          />
          <SitesSection settings={loadedSettings.settings} onSettings={onSettings} />
          <AppearanceSection
            settings={loadedSettings.settings}
            onSettings={onSettings}
            shortcut={services.nextMentionShortcut}
            openShortcutSettings={services.openShortcutSettings}
          />
          <PacksSection archive={archive} services={guarded} onChanged={onChanged} />
        </>
      )}
    </main>
  );
}
