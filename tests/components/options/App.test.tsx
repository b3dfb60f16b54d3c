// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../entrypoints/options/App';
import { MessageError } from '../../../utils/messaging';
import { defaultSettings, type Settings } from '../../../utils/settings/model';
import type { ArchiveSnapshot } from '../../../components/options';
import { MEK, NCRI, NOTES, PACK, fakeRequest, fakeServices } from './fixtures';

/** The archive as the fake services first read it. */
function snapshot(overrides: Partial<ArchiveSnapshot> = {}): ArchiveSnapshot {
  return {
    packs: [PACK, NOTES],
    organisations: [MEK, NCRI],
    notes: [],
    summaryCounts: { digest: 8, 'my-notes': 0 },
    ...overrides,
  };
}

/** A promise with its resolve handed out. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

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

  it('follows the archive as it changes elsewhere, without a reload', async () => {
    let current = snapshot();
    let notify: () => void = () => undefined;
    const unwatch = vi.fn();
    const services = fakeServices(fakeRequest().request, {
      loadArchive: async () => current,
      watchArchive: (onMaybeChanged) => {
        notify = onMaybeChanged;
        return unwatch;
      },
    });
    const { unmount } = render(<App services={services} />);
    const mekSwitch = await screen.findByRole('switch', { name: 'Mujahedin Khalq' });
    expect((mekSwitch as HTMLInputElement).checked).toBe(true);

    // The popup switched the organisation off and imported a pack with another one.
    const imported = { ...PACK, id: 'other', name: 'Another pack', origin: 'imported' as const };
    current = snapshot({
      packs: [PACK, NOTES, imported],
      organisations: [
        { ...MEK, enabled: false },
        NCRI,
        { ...NCRI, key: 'other/acme', id: 'acme', packId: 'other', name: 'Acme Holdings' },
      ],
      summaryCounts: { digest: 8, 'my-notes': 0, other: 3 },
    });
    notify();
    expect(await screen.findByRole('switch', { name: 'Acme Holdings' })).toBeTruthy();
    expect(await screen.findByRole('switch', { name: 'Another pack' })).toBeTruthy();
    await waitFor(() =>
      expect(
        (screen.getByRole('switch', { name: 'Mujahedin Khalq' }) as HTMLInputElement).checked,
      ).toBe(false),
    );
    unmount();
    await waitFor(() => expect(unwatch).toHaveBeenCalledOnce());
  });

  it('keeps an alias edit in progress when the archive changes elsewhere', async () => {
    let current = snapshot();
    let notify: () => void = () => undefined;
    const services = fakeServices(fakeRequest().request, {
      loadArchive: async () => current,
      watchArchive: (onMaybeChanged) => {
        notify = onMaybeChanged;
        return () => undefined;
      },
    });
    render(<App services={services} />);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Edit the aliases of Mujahedin Khalq' }),
    );
    const form = screen.getByRole('form', { name: 'Aliases of Mujahedin Khalq' });
    const first = within(form).getAllByRole('textbox', {
      name: 'Written as',
    })[0] as HTMLInputElement;
    fireEvent.input(first, { target: { value: 'Mojahedin-e Khalq' } });

    current = snapshot({ organisations: [MEK, { ...NCRI, enabled: false }] });
    notify();
    await waitFor(() =>
      expect(
        (
          screen.getByRole('switch', {
            name: 'National Council of Resistance of Iran',
          }) as HTMLInputElement
        ).checked,
      ).toBe(false),
    );
    const still = screen.getByRole('form', { name: 'Aliases of Mujahedin Khalq' });
    expect(
      (within(still).getAllByRole('textbox', { name: 'Written as' })[0] as HTMLInputElement).value,
    ).toBe('Mojahedin-e Khalq');
  });

  it('reads the archive again when it changes during the first read (the bundled pack installing)', async () => {
    const reads = [deferred<ArchiveSnapshot>(), deferred<ArchiveSnapshot>()];
    let notify: () => void = () => undefined;
    let calls = 0;
    const services = fakeServices(fakeRequest().request, {
      loadArchive: () => {
        const read = reads[calls++];
        if (!read) throw new Error('read more often than needed');
        return read.promise;
      },
      watchArchive: (onMaybeChanged) => {
        notify = onMaybeChanged;
        return () => undefined;
      },
    });
    render(<App services={services} />);
    await waitFor(() => expect(calls).toBe(1));
    // The install commits while the first read is under way, and says so twice.
    notify();
    notify();
    expect(calls).toBe(1);
    reads[0]?.resolve(snapshot({ packs: [NOTES], organisations: [], summaryCounts: {} }));
    await waitFor(() => expect(calls).toBe(2));
    reads[1]?.resolve(snapshot());
    expect(await screen.findByRole('switch', { name: 'Mujahedin Khalq' })).toBeTruthy();
    expect(calls).toBe(2);
  });

  it('says so when reading a change fails, and keeps what it shows', async () => {
    let fail = false;
    let notify: () => void = () => undefined;
    const services = fakeServices(fakeRequest().request, {
      loadArchive: async () => {
        if (fail) throw new Error('the database was closed');
        return snapshot();
      },
      watchArchive: (onMaybeChanged) => {
        notify = onMaybeChanged;
        return () => undefined;
      },
    });
    render(<App services={services} />);
    await screen.findByRole('switch', { name: 'Mujahedin Khalq' });
    fail = true;
    notify();
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Something went wrong: the database was closed',
      ),
    );
    expect(screen.getByRole('switch', { name: 'Mujahedin Khalq' })).toBeTruthy();
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
