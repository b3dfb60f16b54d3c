import { HIGHLIGHT_PALETTE } from '../../utils/settings/palette';

type ColourSwatchProps = {
  /** Colour slot, 1 to 8. */
  slot: number;
};

/**
 * A small sample of a highlight colour. Both the light and the dark colour are given as custom
 * properties and the style sheet picks one with the system theme, as pages do.
 */
export function ColourSwatch({ slot }: ColourSwatchProps) {
  const light = HIGHLIGHT_PALETTE.light[slot - 1];
  const dark = HIGHLIGHT_PALETTE.dark[slot - 1];
  if (!light || !dark) return null;
  return (
    <span
      class="swatch"
      aria-hidden="true"
      style={{
        '--swatch-fill-light': light.fill,
        '--swatch-line-light': light.line,
        '--swatch-fill-dark': dark.fill,
        '--swatch-line-dark': dark.line,
      }}
    />
  );
}
