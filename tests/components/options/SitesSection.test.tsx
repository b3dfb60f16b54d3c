// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SitesSection } from '../../../components/options/SitesSection';
import { defaultSettings, type Settings } from '../../../utils/settings/model';

afterEach(cleanup);

function renderSites(sites: Partial<Settings['sites']> = {}) {
  const settings = { ...defaultSettings(), sites: { ...defaultSettings().sites, ...sites } };
  const onSettings = vi.fn(async () => undefined);
  render(<SitesSection settings={settings} onSettings={onSettings} />);
  return onSettings;
}

const pausedList = () => screen.getByRole('group', { name: 'Paused sites' });

describe('SitesSection', () => {
  it('adds a pattern with the keyboard, normalised', async () => {
    const onSettings = renderSites({ paused: ['a.example'] });
    const input = within(pausedList()).getByLabelText('Site');
    fireEvent.input(input, { target: { value: '  *.News.Example/world* ' } });
    fireEvent.submit(input.closest('form') as HTMLFormElement);
    await waitFor(() =>
      expect(onSettings).toHaveBeenCalledWith({
        sites: {
          mode: 'everywhere-except',
          paused: ['a.example', '*.news.example/world*'],
          only: [],
        },
      }),
    );
  });

  it.each([
    ['ftp://example.com', 'A site may only start with http:// or https://.'],
    ['exa*mple.com', 'Use * only at the start of the name (*.example.com) or in the path.'],
    ['example.com:99999', 'The port must be a number from 1 to 65535.'],
    ['a.example', 'a.example is already listed.'],
  ])('refuses %s, saying why, and saves nothing', async (pattern, message) => {
    const onSettings = renderSites({ paused: ['a.example'] });
    const input = within(pausedList()).getByLabelText('Site');
    fireEvent.input(input, { target: { value: pattern } });
    fireEvent.submit(input.closest('form') as HTMLFormElement);
    expect((await within(pausedList()).findByRole('alert')).textContent).toBe(message);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(onSettings).not.toHaveBeenCalled();
  });

  it('removes a pattern by its named button', () => {
    const onSettings = renderSites({ paused: ['a.example', 'b.example'] });
    fireEvent.click(screen.getByRole('button', { name: 'Remove a.example' }));
    expect(onSettings).toHaveBeenCalledWith({
      sites: { mode: 'everywhere-except', paused: ['b.example'], only: [] },
    });
  });

  it('switches mode', () => {
    const onSettings = renderSites();
    fireEvent.click(screen.getByRole('radio', { name: 'Only on the sites listed below' }));
    expect(onSettings).toHaveBeenCalledWith({
      sites: { mode: 'only-on', paused: [], only: [] },
    });
  });

  it.each([
    ['https://www.news.example/a', 'Backstory does not run on this page.'],
    ['other.example', 'Backstory runs on this page.'],
    ['http://[not', 'This is not a web address.'],
  ])('checks an address: %s', (address, verdict) => {
    renderSites({ paused: ['*.news.example'] });
    fireEvent.input(screen.getByLabelText('Check an address'), { target: { value: address } });
    expect(screen.getByText(verdict)).toBeTruthy();
  });
});
