import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { run } from './run';

type ShortcutSettingProps = {
  /** The keys of the "next mention" shortcut; '' when none is set. */
  shortcut: () => Promise<string>;
  /** Opens the browser's shortcut settings. */
  openSettings: () => Promise<void>;
};

/**
 * The keyboard path to the cards: which keys jump to the next mention, and the way to the
 * browser's own shortcut settings, which is the only place they can be changed. The keys are
 * read again when the page gets focus back (the reader may have just changed them there).
 */
export function ShortcutSetting({ shortcut, openSettings }: ShortcutSettingProps) {
  const [keys, setKeys] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const read = () =>
      void shortcut()
        .then((value) => live && setKeys(value))
        .catch(() => live && setKeys(''));
    read();
    window.addEventListener('focus', read);
    return () => {
      live = false;
      window.removeEventListener('focus', read);
    };
  }, [shortcut]);
  return (
    <div class="shortcut">
      <p id="shortcut-label">
        {i18n.t('options.appearance.shortcut')}{' '}
        {keys === undefined ? null : keys ? (
          <kbd dir="ltr">{keys}</kbd>
        ) : (
          <em>{i18n.t('options.appearance.shortcutNone')}</em>
        )}
      </p>
      <button
        type="button"
        aria-describedby="shortcut-label"
        onClick={() => run(() => openSettings())}
      >
        {i18n.t('options.appearance.shortcutChange')}
      </button>
    </div>
  );
}
