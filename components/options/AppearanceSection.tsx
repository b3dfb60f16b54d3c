import { i18n } from '#i18n';
import {
  HIGHLIGHT_STYLES,
  SETTINGS_LIMITS,
  type HighlightStyle,
  type Settings,
} from '../../utils/settings/model';
import { NumberSetting } from './NumberSetting';
import { run } from './run';
import { ShortcutSetting } from './ShortcutSetting';
import { SwatchPreview } from './SwatchPreview';

type AppearanceSectionProps = {
  settings: Settings;
  onSettings: (patch: Partial<Settings>) => Promise<void>;
  /** The keys of the "next mention" shortcut; '' when none is set. */
  shortcut: () => Promise<string>;
  /** Opens the browser's shortcut settings. */
  openShortcutSettings: () => Promise<void>;
};

/**
 * How mentions look and open: highlight style (with a preview), hover delay, card width, and
 * the keyboard shortcut to the cards.
 */
export function AppearanceSection({
  settings,
  onSettings,
  shortcut,
  openShortcutSettings,
}: AppearanceSectionProps) {
  const styleLabel = (style: HighlightStyle) => {
    switch (style) {
      case 'bg':
        return i18n.t('options.appearance.styleBg');
      case 'ul':
        return i18n.t('options.appearance.styleUl');
      case 'both':
        return i18n.t('options.appearance.styleBoth');
      case 'none':
        return i18n.t('options.appearance.styleNone');
    }
  };
  return (
    <section id="appearance" class="section" aria-labelledby="appearance-heading">
      <h2 id="appearance-heading">{i18n.t('options.appearance.title')}</h2>
      <fieldset>
        <legend>{i18n.t('options.appearance.style')}</legend>
        {HIGHLIGHT_STYLES.map((style) => (
          <label key={style} class="check">
            <input
              type="radio"
              name="highlight-style"
              value={style}
              checked={settings.highlightStyle === style}
              onChange={() => run(() => onSettings({ highlightStyle: style }))}
            />{' '}
            {styleLabel(style)}
          </label>
        ))}
      </fieldset>
      <SwatchPreview style={settings.highlightStyle} />
      <p class="muted">{i18n.t('options.appearance.coloursHint')}</p>
      <NumberSetting
        label={i18n.t('options.appearance.dwell')}
        name="dwellMs"
        value={settings.dwellMs}
        {...SETTINGS_LIMITS.dwellMs}
        unit={i18n.t('options.appearance.ms')}
        hint={i18n.t('options.appearance.dwellHint')}
        onCommit={(dwellMs) => onSettings({ dwellMs })}
      />
      <NumberSetting
        label={i18n.t('options.appearance.cardWidth')}
        name="cardWidth"
        value={settings.cardWidth}
        {...SETTINGS_LIMITS.cardWidth}
        unit={i18n.t('options.appearance.px')}
        onCommit={(cardWidth) => onSettings({ cardWidth })}
      />
      <ShortcutSetting shortcut={shortcut} openSettings={openShortcutSettings} />
      <p class="muted">{i18n.t('options.appearance.theme')}</p>
    </section>
  );
}
