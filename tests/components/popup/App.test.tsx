// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App, type PopupServices } from '../../../entrypoints/popup/App';
import type { TabReport } from '../../../utils/messaging';
import { parsePopupRoute, type PopupRoute } from '../../../utils/search/deep-link';
import { MKO, NCRI, ORGANISATIONS, SUMMARIES, pack } from '../../utils/search/fixtures';
import { fakeArchiveSource, immediateScheduler } from '../archive/fake-archive';

afterEach(cleanup);

const REPORT: TabReport = {
  tabId: 3,
  url: 'https://news.example/a',
  count: 2,
  organisations: [{ key: MKO, count: 2 }],
  snippets: [
    { orgKey: MKO, alias: 'MEK', text: 'The MEK said.' },
    { orgKey: MKO, alias: 'PMOI', text: 'The PMOI said.' },
  ],
};

function services(overrides: Partial<PopupServices> = {}): PopupServices {
  return {
    getTargetTab: async () => ({ id: 3, url: 'https://news.example/a' }),
    getTabReport: async () => REPORT,
    archive: fakeArchiveSource({
      packs: [pack('digest'), pack('my-notes')],
      organisations: ORGANISATIONS,
      summaries: SUMMARIES,
    }),
    locale: 'en',
    ...overrides,
  };
}

function renderApp(overrides: Partial<PopupServices> = {}, route: PopupRoute = { tab: 'page' }) {
  return render(
    <App services={services(overrides)} route={route} scheduler={immediateScheduler} />,
  );
}

const tab = (name: RegExp) => screen.getByRole('tab', { name });
/** The panel a tab controls (hidden panels have no accessible name to find them by). */
function panel(name: string): HTMLElement {
  const controls = tab(new RegExp(`^${name}`)).getAttribute('aria-controls') ?? '';
  const found = document.getElementById(controls);
  if (!found) throw new Error(`no panel for ${name}`);
  return found;
}

describe('App: tabs', () => {
  it('has two tabs, On this page first, each controlling its panel', async () => {
    renderApp();
    expect(screen.getByRole('tablist', { name: 'Backstory views' })).toBeTruthy();
    expect(screen.getAllByRole('tab').map((t) => t.getAttribute('aria-selected'))).toEqual([
      'true',
      'false',
    ]);
    for (const name of ['On this page', 'Archive']) {
      expect(panel(name).getAttribute('role')).toBe('tabpanel');
      expect(panel(name).getAttribute('aria-labelledby')).toBe(tab(new RegExp(name)).id);
    }
    expect(panel('On this page').hidden).toBe(false);
    expect(panel('Archive').hidden).toBe(true);
    // The mention count rides on the tab, for sighted readers; the panel says it in words.
    await waitFor(() => expect(tab(/On this page/).textContent).toBe('On this page2'));
  });

  it('switches with the arrow keys, Home and End, moving the focus along', () => {
    renderApp();
    tab(/On this page/).focus();
    fireEvent.keyDown(tab(/On this page/), { key: 'ArrowRight' });
    expect(tab(/Archive/).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tab(/Archive/));
    expect(tab(/Archive/).tabIndex).toBe(0);
    expect(tab(/On this page/).tabIndex).toBe(-1);
    expect(panel('Archive').hidden).toBe(false);
    fireEvent.keyDown(tab(/Archive/), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(tab(/On this page/));
    fireEvent.keyDown(tab(/On this page/), { key: 'End' });
    expect(document.activeElement).toBe(tab(/Archive/));
    fireEvent.keyDown(tab(/Archive/), { key: 'Home' });
    expect(document.activeElement).toBe(tab(/On this page/));
  });
});

describe('App: where it opens', () => {
  it('opens a deep link on the archive with its organisation filter set', async () => {
    renderApp({}, parsePopupRoute('#archive?org=digest%2Fncri'));
    expect(tab(/Archive/).getAttribute('aria-selected')).toBe('true');
    const archive = panel('Archive');
    await waitFor(() =>
      expect(
        within(archive)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toHaveLength(1),
    );
    expect(
      within(archive).getByRole('button', {
        name: 'Remove filter: National Council of Resistance of Iran',
      }),
    ).toBeTruthy();
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(archive).getByRole('searchbox', { name: 'Search the archive' }),
      ),
    );
  });

  it('goes from a mentioned organisation to its summaries in the archive', async () => {
    renderApp();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Show its 5 summaries in the archive' }),
    );
    expect(tab(/Archive/).getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(within(panel('Archive')).getAllByRole('option')).toHaveLength(5));
    expect(
      within(panel('Archive')).getByRole('button', {
        name: 'Remove filter: Mujahedin Khalq Organization',
      }),
    ).toBeTruthy();
  });
});

describe('App: the page it is about', () => {
  it('says when the tab is a page extensions cannot read', async () => {
    const getTabReport = vi.fn(async () => null);
    renderApp({ getTargetTab: async () => ({ id: 9, url: 'about:blank' }), getTabReport });
    expect(
      await screen.findByText(
        'Browsers do not let extensions read this kind of page, so Backstory cannot look for mentions here.',
      ),
    ).toBeTruthy();
  });

  it('asks the settings seam whether the site is paused, and offers to resume', async () => {
    const resume = vi.fn(async () => undefined);
    renderApp({ isPaused: async (url) => url === 'https://news.example/a', resume });
    fireEvent.click(await screen.findByRole('button', { name: 'Resume on this site' }));
    expect(resume).toHaveBeenCalledExactlyOnceWith('https://news.example/a');
  });

  it('pauses the site of a page with a report in one click, then shows the paused state', async () => {
    let paused = false;
    const pause = vi.fn(async () => {
      paused = true;
    });
    renderApp({ isPaused: async () => paused, pause, resume: async () => undefined });
    fireEvent.click(await screen.findByRole('button', { name: 'Pause on this site' }));
    expect(pause).toHaveBeenCalledExactlyOnceWith('https://news.example/a');
    expect(await screen.findByRole('button', { name: 'Resume on this site' })).toBeTruthy();
  });

  it('hands a clicked context line to the scroll-to-mention seam with the tab', async () => {
    const showMention = vi.fn(async () => undefined);
    renderApp({ showMention });
    fireEvent.click(await screen.findByRole('button', { name: /The PMOI said\./ }));
    expect(showMention).toHaveBeenCalledExactlyOnceWith(3, { orgKey: MKO, ordinal: 1 });
  });

  it('lists nothing from an organisation the archive does not name', async () => {
    renderApp({
      getTabReport: async () => ({ ...REPORT, organisations: [{ key: NCRI, count: 2 }] }),
    });
    expect(
      await screen.findByRole('heading', { name: 'National Council of Resistance of Iran' }),
    ).toBeTruthy();
  });
});
