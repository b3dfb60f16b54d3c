// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppearanceSection } from '../../../components/options/AppearanceSection';
import { defaultSettings, type HighlightStyle } from '../../../utils/settings/model';
import { HIGHLIGHT_PALETTE } from '../../../utils/settings/palette';

afterEach(cleanup);

function renderAppearance(highlightStyle: HighlightStyle = 'bg', shortcut = 'Alt+Shift+B') {
  const onSettings = vi.fn(async () => undefined);
  const openShortcutSettings = vi.fn(async () => undefined);
  render(
    <AppearanceSection
      settings={{ ...defaultSettings(), highlightStyle }}
      onSettings={onSettings}
      shortcut={async () => shortcut}
      openShortcutSettings={openShortcutSettings}
    />,
  );
  Object.assign(onSettings, { openShortcutSettings });
  return onSettings;
}

const swatches = () => [...document.querySelectorAll<HTMLElement>('.swatches__mention')];

describe('AppearanceSection', () => {
  it('offers the four styles, quiet mode included', () => {
    const onSettings = renderAppearance();
    expect(screen.getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual([
      'bg',
      'ul',
      'both',
      'none',
    ]);
    fireEvent.click(screen.getByRole('radio', { name: /Nothing \(quiet mode/ }));
    expect(onSettings).toHaveBeenCalledWith({ highlightStyle: 'none' });
  });

  it('previews the eight colours in the chosen style, on a light and a dark page', () => {
    renderAppearance('both');
    expect(swatches()).toHaveLength(16);
    const [firstLight] = swatches();
    const firstDark = swatches()[8];
    expect(firstLight?.style.backgroundColor).toBeTruthy();
    expect(firstLight?.style.textDecorationColor).toBe(HIGHLIGHT_PALETTE.light[0]?.line);
    expect(firstDark?.style.textDecorationColor).toBe(HIGHLIGHT_PALETTE.dark[0]?.line);
    expect(screen.getByText('On a light page')).toBeTruthy();
    expect(screen.getByText('On a dark page')).toBeTruthy();
  });

  it('previews quiet mode as nothing at all', () => {
    renderAppearance('none');
    for (const swatch of swatches()) expect(swatch.getAttribute('style') ?? '').toBe('');
    expect(screen.getByText(/In quiet mode pages show nothing/)).toBeTruthy();
  });

  it('saves the delay when the field is left, and refuses one out of bounds', async () => {
    const onSettings = renderAppearance();
    const dwell = screen.getByLabelText('Delay before a card opens');
    fireEvent.input(dwell, { target: { value: '5000' } });
    fireEvent.change(dwell);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Enter a whole number from 0 to 2000.',
    );
    expect(onSettings).not.toHaveBeenCalled();
    fireEvent.input(dwell, { target: { value: '350' } });
    fireEvent.change(dwell);
    expect(onSettings).toHaveBeenCalledWith({ dwellMs: 350 });
  });

  it('shows the shortcut to the cards and opens the browser’s shortcut settings', async () => {
    const onSettings = renderAppearance('bg', 'Alt+Shift+M');
    expect((await screen.findByText('Alt+Shift+M')).tagName).toBe('KBD');
    fireEvent.click(
      screen.getByRole('button', { name: 'Change the shortcut in your browser’s settings' }),
    );
    expect(
      (onSettings as unknown as { openShortcutSettings: () => void }).openShortcutSettings,
    ).toHaveBeenCalledTimes(1);
  });

  it('says when the shortcut has no key', async () => {
    renderAppearance('bg', '');
    expect(await screen.findByText('no key set')).toBeTruthy();
  });
});
