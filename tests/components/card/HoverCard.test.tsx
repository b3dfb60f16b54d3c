// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HoverCard, type HoverCardData, type HoverCardMatch } from '../../../components/card';
import { formatPackDate } from '../../../utils/format';
import type { CardData } from '../../../utils/messaging';
import type { Organisation, Pack, Summary } from '../../../utils/packs/model';

afterEach(cleanup);

const ORG_KEY = 'digest/mek';

const PACK: Pack = {
  id: 'digest',
  name: 'Backstory digest',
  version: '1.0.0',
  publisher: 'Backstory',
  description: 'Summaries of published reporting.',
  provenance: 'Summaries of articles by the outlets named; the words are theirs.',
  updatedAt: '2024-05-01',
  enabled: true,
  origin: 'bundled',
};

const NOTES: Pack = {
  id: 'my-notes',
  name: 'My notes',
  version: '1',
  publisher: 'Me',
  description: '',
  updatedAt: '2024-05-01',
  enabled: true,
  origin: 'notes',
};

const ORGANISATION: Organisation = {
  key: ORG_KEY,
  id: 'mek',
  packId: 'digest',
  name: 'People’s Mojahedin Organization of Iran',
  kind: 'organisation',
  description: 'An Iranian opposition group, as described by the sources below.',
  aliases: [{ text: 'PMOI', caseSensitive: true }],
  enabled: true,
};

let nextId = 0;

/** A summary with sensible defaults; the key doubles as its id. */
function summary(fields: Partial<Summary> = {}): Summary {
  const id = `s${++nextId}`;
  return {
    key: `digest/${id}`,
    id,
    packId: 'digest',
    title: `Title ${id}`,
    text: `Text of ${id}.`,
    source: { name: 'The Guardian' },
    archivedAt: '2024-04-01',
    organisationIds: [ORG_KEY],
    tags: [],
    ...fields,
  };
}

function cardData(summaries: Summary[], fields: Partial<CardData> = {}): CardData {
  return {
    organisation: ORGANISATION,
    summaries,
    total: summaries.length,
    packs: { digest: PACK, 'my-notes': NOTES },
    ...fields,
  };
}

const PLAIN: HoverCardMatch = {
  orgKey: ORG_KEY,
  name: 'People’s Mojahedin Organization of Iran',
  alias: 'PMOI',
  reason: { kind: 'alias' },
};

function renderCard(data: HoverCardData, matched: HoverCardMatch = PLAIN) {
  const onClose = vi.fn();
  const onOpenArchive = vi.fn();
  const onPointerEnter = vi.fn();
  const onPointerLeave = vi.fn();
  const view = render(
    <HoverCard
      data={data}
      matched={matched}
      locale="en"
      onClose={onClose}
      onOpenArchive={onOpenArchive}
      onPointerEnter={onPointerEnter}
      onPointerLeave={onPointerLeave}
    />,
  );
  const dialog = screen.getByRole('dialog');
  return { ...view, dialog, onClose, onOpenArchive, onPointerEnter, onPointerLeave };
}

/**
 * Matches the innermost element whose whole text is `text`: UI lines hold pack text in `<bdi>`,
 * which the default matcher (own text nodes only) would not see.
 */
function fullText(text: string) {
  return (_content: string, element: Element | null) =>
    element?.textContent === text &&
    ![...element.children].some((child) => child.textContent === text);
}

const articles = () => screen.getAllByRole('article');

/** The summary article at `index`, failing the test if there is none. */
function article(index: number): HTMLElement {
  const found = articles()[index];
  if (!found) throw new Error(`no summary at ${index}`);
  return found;
}

describe('HoverCard: what the card says', () => {
  it('is a dialog named by the organisation, described by the matched line', () => {
    const { dialog } = renderCard(cardData([summary()]));
    expect(screen.getByRole('dialog', { name: ORGANISATION.name })).toBe(dialog);
    expect(screen.getByRole('heading', { level: 2, name: ORGANISATION.name })).toBeTruthy();
    const described = dialog.getAttribute('aria-describedby') ?? '';
    expect(dialog.ownerDocument.getElementById(described)?.textContent).toBe('Matched “PMOI”');
  });

  it('shows the kind label and the description attributed to its pack', () => {
    renderCard(cardData([summary()]));
    expect(screen.getByText('Organisation')).toBeTruthy();
    expect(screen.getByText(ORGANISATION.description).getAttribute('dir')).toBe('auto');
    const description = screen.getByText(ORGANISATION.description).closest('.description');
    expect(description?.textContent).toContain('From the pack “Backstory digest”');
  });

  it.each([
    [{ kind: 'alias' } as const, 'Matched “PMOI”'],
    [
      { kind: 'context-word', word: 'Rajavi' } as const,
      'Matched “PMOI” because “Rajavi” appears nearby',
    ],
    [
      { kind: 'context-alias', supportingAlias: 'Mujahedin-e Khalq' } as const,
      'Matched “PMOI” because “Mujahedin-e Khalq” appears on this page',
    ],
  ])('explains the match %o', (reason, line) => {
    renderCard(cardData([summary()]), { ...PLAIN, reason });
    const matched = screen.getByText(fullText(line));
    // The alias and the supporting word are pack text: each isolated in its own <bdi>.
    expect([...matched.querySelectorAll('bdi')].map((b) => b.textContent)).toEqual(
      line.match(/“([^”]+)”/g)?.map((quoted) => quoted.slice(1, -1)),
    );
  });

  it('lists summaries in the order given, newest first, each with title, source and date', () => {
    const newest = summary({ title: 'Newest', publishedAt: '2024-03-02' });
    const middle = summary({ title: 'Middle', publishedAt: '2019-06' });
    const oldest = summary({ title: 'Oldest', archivedAt: '2013-01-05' });
    renderCard(cardData([newest, middle, oldest]));
    expect(articles().map((a) => within(a).getByRole('heading').textContent)).toEqual([
      'Newest',
      'Middle',
      'Oldest',
    ]);
    const [first, last] = [article(0), article(2)];
    expect(within(first).getByText(fullText('Source: The Guardian'))).toBeTruthy();
    expect(within(first).getByText(`Published ${formatPackDate('2024-03-02', 'en')}`).tagName).toBe(
      'TIME',
    );
    expect(within(last).getByText(`Archived ${formatPackDate('2013-01-05', 'en')}`)).toBeTruthy();
  });

  it('shows every summary’s pack, visible without any toggle', () => {
    renderCard(cardData([summary(), summary({ packId: 'my-notes', key: 'my-notes/n1' })]));
    const [digest, notes] = [article(0), article(1)];
    const packs = [
      within(digest).getByText(fullText('From the pack “Backstory digest”')),
      within(notes).getByText(fullText('From the pack “My notes”')),
    ];
    for (const line of packs) expect(line.closest('[hidden]')).toBeNull();
  });

  it('states each pack’s provenance once', () => {
    renderCard(cardData([summary(), summary()]));
    const notes = screen.getByRole('region', { name: 'Where these words come from' });
    expect(
      within(notes)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([`“Backstory digest”: ${PACK.provenance}`]);
  });

  it('counts what it shows and opens the rest in the archive with the organisation key', () => {
    const { onOpenArchive } = renderCard(
      cardData([summary(), summary(), summary()], { total: 12 }),
    );
    expect(screen.getByRole('heading', { name: '12 archived summaries' })).toBeTruthy();
    expect(screen.getByText('Showing the newest 3 of 12 summaries')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open all 12 in the archive' }));
    expect(onOpenArchive).toHaveBeenCalledExactlyOnceWith(ORG_KEY);
  });

  it('uses the singular for one summary', () => {
    renderCard(cardData([summary()]));
    expect(screen.getByRole('heading', { name: '1 archived summary' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Open it in the archive' })).toBeTruthy();
    expect(screen.queryByText(/Showing the newest/)).toBeNull();
  });
});

describe('HoverCard: links', () => {
  it.each([
    ['https://example.org/a', true],
    ['http://example.org/a', true],
    ['javascript:alert(1)', false],
    ['JaVaScRiPt:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['ftp://example.org/a', false],
    ['//example.org/a', false],
    [undefined, false],
  ])('links %s: %s', (url, linked) => {
    renderCard(cardData([summary({ url })]));
    const links = screen.queryAllByRole('link');
    if (!linked) {
      expect(links).toEqual([]);
      return;
    }
    const link = screen.getByRole('link', { name: 'Read the article' });
    expect(link.getAttribute('href')).toBe(url);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });
});

describe('HoverCard: hostile pack text', () => {
  const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';

  it('renders markup in titles, texts, names and sources as literal text', () => {
    const { container } = renderCard(
      cardData(
        [
          summary({
            title: HOSTILE,
            text: `${HOSTILE} <a href="javascript:alert(3)">x</a>`,
            source: { name: HOSTILE, url: 'javascript:alert(4)' },
            url: 'javascript:alert(5)',
          }),
        ],
        { organisation: { ...ORGANISATION, name: HOSTILE, description: HOSTILE } },
      ),
      { ...PLAIN, alias: HOSTILE },
    );
    expect(container.querySelector('img, script, iframe, object, embed')).toBeNull();
    expect(screen.queryAllByRole('link')).toEqual([]);
    expect(screen.getByRole('dialog', { name: HOSTILE })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 4, name: HOSTILE })).toBeTruthy();
    expect(screen.getByText(`${HOSTILE} <a href="javascript:alert(3)">x</a>`)).toBeTruthy();
  });

  it('isolates right-to-left overrides so they cannot reorder the card’s own sentences', () => {
    const rlo = '\u202Egnp.exe\u202C';
    renderCard(cardData([summary({ title: `Title ${rlo}`, source: { name: `Source ${rlo}` } })]));
    expect(screen.getByRole('heading', { level: 4 }).textContent).toBe(`Title ${rlo}`);
    expect(screen.getByRole('heading', { level: 4 }).getAttribute('dir')).toBe('auto');
    const source = screen.getByText(`Source ${rlo}`);
    expect(source.tagName).toBe('BDI');
    expect(source.parentElement?.textContent).toBe(`Source: Source ${rlo}`);
  });

  it('keeps a 1 MB unbroken text as text, showing its start until asked for the rest', () => {
    const huge = 'A'.repeat(1024 * 1024);
    renderCard(cardData([summary({ title: huge, text: huge })]));
    const more = screen.getByRole('button', { name: 'More' });
    const text = document.getElementById(more.getAttribute('aria-controls') ?? '');
    expect(text?.textContent?.length).toBeLessThan(2_000);
    expect(screen.getByRole('heading', { level: 4 }).textContent).toHaveLength(huge.length);
    fireEvent.click(more);
    expect(text?.textContent).toBe(huge);
  });

  it('never cuts a surrogate pair when it shortens a long text', () => {
    renderCard(cardData([summary({ text: '😀'.repeat(2_000) })]));
    const more = screen.getByRole('button', { name: 'More' });
    const shown = document.getElementById(more.getAttribute('aria-controls') ?? '')?.textContent;
    expect(shown).toMatch(/^(?:😀)+$/u);
  });
});

describe('HoverCard: More and Less', () => {
  it('toggles a long text with aria-expanded on a button that controls it', () => {
    renderCard(cardData([summary({ title: 'Long one', text: 'word '.repeat(200) })]));
    const toggle = screen.getByRole('button', { name: 'More' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    const text = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    expect(text?.classList.contains('text--clamped')).toBe(true);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent).toBe('Less');
    expect(text?.classList.contains('text--clamped')).toBe(false);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.textContent).toBe('More');
  });

  it('names the summary a toggle belongs to', () => {
    renderCard(cardData([summary({ title: 'Long one', text: 'word '.repeat(200) })]));
    const toggle = screen.getByRole('button', { name: 'More' });
    const describedBy = toggle.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe('Long one');
  });

  it('has no toggle for a short text', () => {
    renderCard(cardData([summary({ text: 'Short.' })]));
    expect(screen.queryByRole('button', { name: 'More' })).toBeNull();
  });
});

describe('HoverCard: closing and keyboard', () => {
  it('closes from the labelled close button', () => {
    const { onClose } = renderCard(cardData([summary()]));
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('closes on Escape anywhere inside, and on no other key', () => {
    const { dialog, onClose } = renderCard(cardData([summary()]));
    fireEvent.keyDown(dialog, { key: 'Enter' });
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    fireEvent.keyDown(screen.getByRole('button', { name: 'Open it in the archive' }), {
      key: 'Escape',
    });
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('does not let its Escape reach the page', () => {
    const { dialog } = renderCard(cardData([summary()]));
    const onPageKey = vi.fn();
    document.addEventListener('keydown', onPageKey);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    document.removeEventListener('keydown', onPageKey);
    expect(onPageKey).not.toHaveBeenCalled();
  });

  it('can take focus itself, so the keyboard path can move into it', () => {
    const { dialog } = renderCard(cardData([summary()]));
    expect(dialog.tabIndex).toBe(-1);
    dialog.focus();
    expect(document.activeElement).toBe(dialog);
  });

  it('puts its controls in reading order: close, each summary’s toggle and link, open all', () => {
    renderCard(
      cardData(
        [
          summary({ text: 'long '.repeat(100), url: 'https://example.org/1' }),
          summary({ url: 'https://example.org/2' }),
        ],
        { total: 5 },
      ),
    );
    const controls = [...screen.getByRole('dialog').querySelectorAll('button, a[href]')];
    expect(controls.map((c) => c.getAttribute('aria-label') ?? c.textContent)).toEqual([
      'Close',
      'More',
      'Read the article',
      'Read the article',
      'Open all 5 in the archive',
    ]);
  });

  it('reports the pointer entering and leaving', () => {
    const { dialog, onPointerEnter, onPointerLeave } = renderCard(cardData([summary()]));
    fireEvent.pointerEnter(dialog);
    fireEvent.pointerLeave(dialog);
    expect(onPointerEnter).toHaveBeenCalledOnce();
    expect(onPointerLeave).toHaveBeenCalledOnce();
  });
});

describe('HoverCard: states', () => {
  it('says plainly when there are no summaries yet, and offers no archive button', () => {
    renderCard(cardData([]));
    expect(
      screen.getByText(fullText(`No archived summaries about “${ORGANISATION.name}” yet.`)),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: /archive/ })).toBeNull();
    expect(screen.queryAllByRole('article')).toEqual([]);
  });

  it('shows the name and the match while loading', () => {
    renderCard('loading', { ...PLAIN, reason: { kind: 'context-word', word: 'Rajavi' } });
    expect(screen.getByRole('dialog', { name: PLAIN.name })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(
      screen.getByText(fullText('Matched “PMOI” because “Rajavi” appears nearby')),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Close' })).toBeTruthy();
  });

  it('shows an error as an alert', () => {
    renderCard({ error: 'The archive could not be opened.' });
    expect(screen.getByRole('alert').textContent).toBe(
      'Something went wrong: The archive could not be opened.',
    );
    expect(screen.queryByRole('button', { name: /archive/ })).toBeNull();
  });

  it('says when no enabled pack describes the organisation any more', () => {
    renderCard(null);
    expect(
      screen.getByText(fullText(`None of your enabled packs describes “${PLAIN.name}” any more.`)),
    ).toBeTruthy();
  });
});

describe('HoverCard: direction and language', () => {
  it('gives a Persian summary its own language and direction, and keeps the chrome in the UI’s', () => {
    const persian = summary({
      title: 'گزارشی درباره سازمان مجاهدین خلق',
      text: 'این خلاصه‌ای از یک گزارش است. '.repeat(20),
      source: { name: 'بی‌بی‌سی فارسی' },
      lang: 'fa',
    });
    const { dialog } = renderCard(cardData([persian]));
    expect(dialog.getAttribute('lang')).toBe('en');
    expect(dialog.getAttribute('dir')).toBe('ltr');
    const title = screen.getByRole('heading', { level: 4 });
    expect([title.getAttribute('dir'), title.getAttribute('lang')]).toEqual(['auto', 'fa']);
    const toggle = screen.getByRole('button', { name: 'More' });
    const text = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    expect([text?.getAttribute('dir'), text?.getAttribute('lang')]).toEqual(['auto', 'fa']);
    // The card's own words stay in the UI language.
    expect(toggle.closest('[lang]')).toBe(dialog);
    expect(screen.getByText('بی‌بی‌سی فارسی').tagName).toBe('BDI');
  });

  it('marks every piece of pack text for automatic direction', () => {
    const { dialog } = renderCard(
      cardData([summary({ title: 'A title', text: 'long '.repeat(100) })]),
    );
    const packText = [
      ORGANISATION.name,
      ORGANISATION.description,
      'A title',
      'long long',
      'The Guardian',
      'Backstory digest',
      PACK.provenance ?? '',
    ];
    for (const text of packText) {
      const element = within(dialog).getAllByText(text, { exact: false })[0];
      expect(element?.closest('[dir="auto"], bdi'), text).not.toBeNull();
    }
  });
});
