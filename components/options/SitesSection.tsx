import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { SITE_MODES, type Settings, type SiteMode } from '../../utils/settings/model';
import { matchesSite } from '../../utils/settings/sites';
import { SitePatternList } from './SitePatternList';
import { run } from './run';

type SitesSectionProps = {
  settings: Settings;
  onSettings: (patch: Partial<Settings>) => Promise<void>;
};

/**
 * Where Backstory runs: everywhere except paused sites, or only on listed ones; the two lists
 * (the popup's "pause on this site" edits the paused one); and a box to check any address.
 */
export function SitesSection({ settings, onSettings }: SitesSectionProps) {
  const { sites } = settings;
  const [address, setAddress] = useState('');
  const setSites = (change: Partial<Settings['sites']>) =>
    onSettings({ sites: { ...sites, ...change } });
  let verdict: string | null = null;
  if (address.trim()) {
    const url = /^[a-z][a-z0-9+.-]*:/i.test(address.trim())
      ? address.trim()
      : `https://${address.trim()}`;
    verdict = URL.canParse(url)
      ? i18n.t(matchesSite(url, settings) ? 'options.sites.runsHere' : 'options.sites.pausedHere')
      : i18n.t('options.sites.notAnAddress');
  }
  const modeLabel = (mode: SiteMode) =>
    mode === 'only-on'
      ? i18n.t('options.sites.modeOnlyOn')
      : i18n.t('options.sites.modeEverywhere');

  return (
    <section id="sites" class="section" aria-labelledby="sites-heading">
      <h2 id="sites-heading">{i18n.t('options.sites.title')}</h2>
      <fieldset>
        <legend>{i18n.t('options.sites.mode')}</legend>
        {SITE_MODES.map((mode) => (
          <label key={mode} class="check">
            <input
              type="radio"
              name="site-mode"
              value={mode}
              checked={sites.mode === mode}
              onChange={() => run(() => setSites({ mode }))}
            />{' '}
            {modeLabel(mode)}
          </label>
        ))}
      </fieldset>
      <SitePatternList
        legend={i18n.t('options.sites.pausedTitle')}
        hint={i18n.t('options.sites.pausedHint')}
        patterns={sites.paused}
        onChange={(paused) => setSites({ paused })}
      />
      <SitePatternList
        legend={i18n.t('options.sites.onlyTitle')}
        hint={i18n.t('options.sites.onlyHint')}
        patterns={sites.only}
        onChange={(only) => setSites({ only })}
      />
      <div class="field">
        <label for="site-check">{i18n.t('options.sites.check')}</label>
        <input
          id="site-check"
          type="url"
          dir="ltr"
          value={address}
          placeholder="https://news.example/world"
          aria-describedby="site-check-result"
          onInput={(event) => setAddress(event.currentTarget.value)}
        />
        <p id="site-check-result" aria-live="polite">
          {verdict}
        </p>
      </div>
      <p class="muted">{i18n.t('options.sites.syntax')}</p>
    </section>
  );
}
