import { i18n } from '#i18n';
import { COLOUR_SLOT_COUNT, type HighlightStyle } from '../../utils/settings/model';
import { swatchStyle } from '../../utils/settings/palette';

type SwatchPreviewProps = {
  style: HighlightStyle;
};

/**
 * The eight highlight colours in the chosen style, on a light page and on a dark page side by
 * side, whatever the system theme: pages of either kind are read in both themes.
 */
export function SwatchPreview({ style }: SwatchPreviewProps) {
  return (
    <div class="swatches" role="group" aria-label={i18n.t('options.appearance.previewLabel')}>
      {(['light', 'dark'] as const).map((scheme) => (
        <div key={scheme} class={`swatches__page swatches__page--${scheme}`}>
          <p class="swatches__title">
            {scheme === 'light'
              ? i18n.t('options.appearance.lightPage')
              : i18n.t('options.appearance.darkPage')}
          </p>
          <p class="swatches__sample">
            {Array.from({ length: COLOUR_SLOT_COUNT }, (_, index) => (
              <span key={index}>
                <span class="swatches__mention" style={swatchStyle(style, index + 1, scheme)}>
                  {i18n.t('options.organisations.colourSlot', [String(index + 1)])}
                </span>{' '}
              </span>
            ))}
          </p>
        </div>
      ))}
      {style === 'none' ? <p class="muted">{i18n.t('options.appearance.quietPreview')}</p> : null}
    </div>
  );
}
