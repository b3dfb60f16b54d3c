// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../entrypoints/options/App';
import { MessageError } from '../../../utils/messaging';
import { defaultSettings, type Settings } from '../../../utils/settings/model';
import { fakeRequest, fakeServices } from './fixtures';

afterEach(cleanup);

describe('the options page', () => {
  it('has one heading per section and a way to jump to each', async () => {
    render(<App services={fakeServices(fakeRequest().request)} />);
    await screen.findByRole('heading', { level: 2, name: 'Organisations' });
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([
      'Organisations',
      'My notes',
      'Sites',
      'Appearance',
      'Packs',
    ]);
    const nav = screen.getByRole('navigation', { name: 'Sections' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['#organisations', '#notes', '#sites', '#appearance', '#packs']);
  });

  it('says which stored settings were reset to their defaults', async () => {
    const services = fakeServices(fakeRequest().request, {
      loadSettings: async () => ({
        settings: defaultSettings(),
        reset: [
          {
            path: 'highlightStyle',
            message: 'must be one of: bg, ul, both, none; reset to the default',
          },
        ],
        area: 'sync',
      }),
    });
    render(<App services={services} />);
    const notice = await screen.findByText(/could not be read and are back to their defaults/);
    expect(within(notice.parentElement as HTMLElement).getByText('highlightStyle')).toBeTruthy();
  });

  it('shows settings changed elsewhere (the popup, another device) at once', async () => {
    let push: (settings: Settings) => void = () => undefined;
    const services = fakeServices(fakeRequest().request, {
      watchSettings: (callback) => {
        push = callback;
        return () => undefined;
      },
    });
    render(<App services={services} />);
    await screen.findByRole('heading', { level: 2, name: 'Sites' });
    push({
      ...defaultSettings(),
      sites: { mode: 'everywhere-except', paused: ['news.example'], only: [] },
    });
    expect(await screen.findByText('news.example')).toBeTruthy();
  });

  it('saves a setting through the background and says so', async () => {
    const { request, calls } = fakeRequest({
      'ui:update-settings': () => ({ settings: { ...defaultSettings(), highlightStyle: 'ul' } }),
    });
    render(<App services={fakeServices(request)} />);
    fireEvent.click(await screen.findByRole('radio', { name: 'Underline' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved.'));
    expect(calls).toEqual([
      { type: 'ui:update-settings', payload: { patch: { highlightStyle: 'ul' } } },
    ]);
    expect((screen.getByRole('radio', { name: 'Underline' }) as HTMLInputElement).checked).toBe(
      true,
    );
  });

  it('announces a refused request', async () => {
    const request = vi.fn(async () => {
      throw new MessageError('ui:set-pack-enabled is only accepted from extension pages');
    });
    render(<App services={fakeServices(request as never)} />);
    fireEvent.click(await screen.findByRole('switch', { name: 'Backstory digest' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Something went wrong: ui:set-pack-enabled is only accepted from extension pages',
      ),
    );
  });

  it('warns when the browser has not promised to keep the data', async () => {
    const services = fakeServices(fakeRequest().request);
    const storageInfo = vi.spyOn(services, 'storageInfo');
    render(<App services={services} />);
    expect(await screen.findByText(/has not promised to keep Backstory’s data/)).toBeTruthy();
    expect(storageInfo).toHaveBeenCalled();
    expect(
      screen.getByText('Backstory uses 1 MB of the 1 GB this browser allows it.'),
    ).toBeTruthy();
  });
});
