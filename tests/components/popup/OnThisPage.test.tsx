// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OnThisPage, type PageState } from '../../../components/popup/OnThisPage';
import type { TabReport } from '../../../utils/messaging';

afterEach(cleanup);

const MKO = 'digest/mko';
const NCRI = 'digest/ncri';
const NAMES = new Map([
  [MKO, 'Mujahedin Khalq Organization'],
  [NCRI, 'National Council of Resistance of Iran'],
]);

const REPORT: TabReport = {
  tabId: 7,
  url: 'https://news.example/a',
  count: 4,
  organisations: [
    { key: NCRI, count: 1 },
    { key: MKO, count: 3 },
  ],
  snippets: [
    { orgKey: MKO, alias: 'MEK', text: 'Members of the MEK gathered in Tirana.' },
    { orgKey: NCRI, alias: 'NCRI', text: 'The NCRI issued a statement.' },
    { orgKey: MKO, alias: 'PMOI', text: '…said the pmoi spokesman…' },
    { orgKey: MKO, alias: 'مجاهدین خلق', text: 'سازمان مجاهدین خلق در آلبانی' },
  ],
};

function renderState(state: PageState, props: Partial<Parameters<typeof OnThisPage>[0]> = {}) {
  const onShowInArchive = vi.fn();
  const view = render(
    <OnThisPage state={state} names={NAMES} onShowInArchive={onShowInArchive} {...props} />,
  );
  return { ...view, onShowInArchive };
}

describe('OnThisPage: states', () => {
  it.each<[string, PageState, string]>([
    ['loading', { kind: 'loading' }, 'Loading…'],
    [
      'a browser page',
      { kind: 'restricted', reason: 'browser' },
      'Browsers do not let extensions read this kind of page, so Backstory cannot look for mentions here.',
    ],
    [
      'a store page',
      { kind: 'restricted', reason: 'store' },
      'Browsers do not let extensions run on their add-on stores, so Backstory cannot look for mentions here.',
    ],
    [
      'a paused site',
      { kind: 'paused', host: 'news.example' },
      'Backstory is paused on news.example, so it does not look for mentions here.',
    ],
    [
      'a paused site without a host',
      { kind: 'paused' },
      'Backstory is paused on this site, so it does not look for mentions here.',
    ],
    [
      'a page not read yet',
      { kind: 'not-scanned' },
      'Backstory has not read this page yet. Reload the page to let it look for mentions.',
    ],
    [
      'a page without mentions',
      { kind: 'report', report: { ...REPORT, count: 0, organisations: [], snippets: [] } },
      'No covered organisation is mentioned on this page.',
    ],
  ])('says plainly what happens on %s', (_name, state, text) => {
    renderState(state);
    expect(screen.getByText(text)).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('offers to resume a paused site only when it can', () => {
    const onResume = vi.fn();
    renderState({ kind: 'paused', host: 'news.example' }, { onResume });
    fireEvent.click(screen.getByRole('button', { name: 'Resume on this site' }));
    expect(onResume).toHaveBeenCalledOnce();
    cleanup();
    renderState({ kind: 'paused', host: 'news.example' });
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('OnThisPage: the report', () => {
  const groups = () =>
    screen
      .getAllByRole('heading', { level: 3 })
      .map((heading) => heading.closest('li') as HTMLElement);

  it('lists organisations, most mentioned first, each with its count', () => {
    renderState({ kind: 'report', report: REPORT });
    expect(screen.getByRole('status').textContent).toBe('4 mentions on this page');
    expect(groups().map((g) => within(g).getByRole('heading').textContent)).toEqual([
      'Mujahedin Khalq Organization',
      'National Council of Resistance of Iran',
    ]);
    expect(groups()[0]?.textContent).toContain('3 mentions');
    expect(groups()[1]?.textContent).toContain('1 mention');
  });

  it('gives a line of context for each mention, the alias marked, in its own direction', () => {
    renderState({ kind: 'report', report: REPORT });
    const lines = within(
      screen.getByRole('list', { name: 'Where the page mentions “Mujahedin Khalq Organization”' }),
    ).getAllByRole('listitem');
    expect(lines.map((line) => line.textContent)).toEqual([
      'Members of the MEK gathered in Tirana.',
      '…said the pmoi spokesman…',
      'سازمان مجاهدین خلق در آلبانی',
    ]);
    expect([...document.querySelectorAll('mark')].map((m) => m.textContent)).toEqual([
      'MEK',
      'pmoi',
      'مجاهدین خلق',
      'NCRI',
    ]);
    for (const line of lines) expect(line.querySelector('bdi')?.getAttribute('dir')).toBe('auto');
  });

  it('opens the archive filtered by an organisation, counting what it holds', () => {
    const { onShowInArchive } = renderState(
      { kind: 'report', report: REPORT },
      { archiveCounts: new Map([[MKO, 8]]) },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Show its 8 summaries in the archive' }));
    expect(onShowInArchive).toHaveBeenCalledExactlyOnceWith(MKO);
    // Nothing about NCRI in the archive: said, not offered as a button.
    expect(screen.getByText('Nothing about it in the archive yet')).toBeTruthy();
  });

  it('leaves context lines as text until the page can scroll to them', () => {
    renderState({ kind: 'report', report: REPORT });
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Show in the archive',
      'Show in the archive',
    ]);
  });

  it('makes each line a button once it can show the mention on the page', () => {
    const onShowMention = vi.fn();
    renderState({ kind: 'report', report: REPORT }, { onShowMention });
    fireEvent.click(
      screen.getByRole('button', { name: /Show this mention on the page …said the pmoi/ }),
    );
    expect(onShowMention).toHaveBeenCalledExactlyOnceWith({ orgKey: MKO, ordinal: 1 });
  });

  it('is one Tab stop, moved through with the arrow keys, Home and End', () => {
    renderState({ kind: 'report', report: REPORT }, { onShowMention: vi.fn() });
    const list = document.querySelector('.mentions') as HTMLElement;
    const buttons = within(list).getAllByRole('button');
    expect(buttons.map((b) => b.tabIndex)).toEqual([0, -1, -1, -1, -1, -1]);
    buttons[0]?.focus();
    fireEvent.keyDown(buttons[0] as HTMLElement, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(buttons[1]);
    expect(buttons.map((b) => b.tabIndex)).toEqual([-1, 0, -1, -1, -1, -1]);
    fireEvent.keyDown(buttons[1] as HTMLElement, { key: 'End' });
    expect(document.activeElement).toBe(buttons[5]);
    fireEvent.keyDown(buttons[5] as HTMLElement, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(buttons[5]);
    fireEvent.keyDown(buttons[5] as HTMLElement, { key: 'Home' });
    expect(document.activeElement).toBe(buttons[0]);
    fireEvent.keyDown(buttons[0] as HTMLElement, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(buttons[0]);
  });

  it('walks the mentions with previous and next, in reading order, wrapping', () => {
    const onShowMention = vi.fn();
    renderState({ kind: 'report', report: REPORT }, { onShowMention });
    const walker = screen.getByRole('group', { name: 'Walk through the mentions on this page' });
    fireEvent.click(within(walker).getByRole('button', { name: 'Next mention' }));
    fireEvent.click(within(walker).getByRole('button', { name: 'Next mention' }));
    fireEvent.click(within(walker).getByRole('button', { name: 'Previous mention' }));
    fireEvent.click(within(walker).getByRole('button', { name: 'Previous mention' }));
    const first = REPORT.snippets[0];
    const second = REPORT.snippets[1];
    const last = REPORT.snippets[REPORT.snippets.length - 1];
    const ordinalOf = (index: number) =>
      REPORT.snippets.slice(0, index).filter((s) => s.orgKey === REPORT.snippets[index]?.orgKey)
        .length;
    expect(onShowMention.mock.calls.map(([target]) => target)).toEqual([
      { orgKey: first?.orgKey, ordinal: 0 },
      { orgKey: second?.orgKey, ordinal: ordinalOf(1) },
      { orgKey: first?.orgKey, ordinal: 0 },
      { orgKey: last?.orgKey, ordinal: ordinalOf(REPORT.snippets.length - 1) },
    ]);
    expect(within(walker).getByRole('status').textContent).toMatch(
      new RegExp(`^Mention ${REPORT.snippets.length} of ${REPORT.snippets.length}: `),
    );
  });
});
