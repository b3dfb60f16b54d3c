// @vitest-environment happy-dom
/**
 * The card's host: one element, added on first use, with a closed shadow root holding the card
 * and its styles; hidden and shown inside the root; gone with the content script.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type CardContent,
  type PlaceCard,
  createCardHost,
} from '../../entrypoints/content/card/card-host';
import type { PlacementOptions } from '../../entrypoints/content/card/position';

let controller: AbortController;
let placements: { options: PlacementOptions; undone: boolean }[];
let attachShadow: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  document.documentElement.querySelectorAll('[data-backstory-ui]').forEach((el) => el.remove());
  document.body.innerHTML = '<p>The PMOI said.</p>';
  controller = new AbortController();
  placements = [];
  attachShadow = vi.spyOn(Element.prototype, 'attachShadow');
});
afterEach(() => controller.abort());

/** A placement stub: records each placement; `place()` reports it placed. */
const place: PlaceCard = (_document, _mention, _frame, options) => {
  const entry = { options, undone: false };
  placements.push(entry);
  return () => {
    entry.undone = true;
  };
};

const CONTENT: CardContent = {
  matched: {
    orgKey: 'pack/mko',
    name: 'Mujahedin Khalq Organization',
    alias: 'PMOI',
    reason: { kind: 'alias' },
  },
  data: 'loading',
  width: 400,
};

function setup() {
  const onClose = vi.fn();
  const onOpenArchive = vi.fn();
  const host = createCardHost({
    document,
    signal: controller.signal,
    locale: 'en',
    onClose,
    onOpenArchive,
    place,
  });
  const text = document.querySelector('p')?.firstChild as Text;
  const mention = { startContainer: text, startOffset: 4, endContainer: text, endOffset: 8 };
  const onGone = vi.fn();
  const show = (content: CardContent = CONTENT) => host.show(content, mention, { onGone });
  return { host, show, onClose, onOpenArchive, onGone };
}

const hosts = () => document.querySelectorAll('[data-backstory-ui]');
/** The closed root, as the host made it (a test may read what a page cannot). */
const rootOf = () => attachShadow.mock.results[0]?.value as ShadowRoot;

describe('card host', () => {
  it('adds nothing to the page until a card is shown', () => {
    setup();
    expect(hosts()).toHaveLength(0);
  });

  it('adds one host to <html>, with a closed shadow root the page cannot read', () => {
    const { show } = setup();
    show();
    expect(hosts()).toHaveLength(1);
    const host = hosts()[0] as HTMLElement;
    expect(host.parentNode).toBe(document.documentElement);
    expect(host.shadowRoot).toBeNull();
    expect(attachShadow).toHaveBeenCalledWith({ mode: 'closed' });
    // The host's box is pinned against the page's rules.
    expect(host.getAttribute('style')).toContain('all: initial !important;');
    expect(host.getAttribute('style')).toContain('z-index: 2147483647 !important;');
  });

  it('keeps the card’s styles inside its root and renders the card there', () => {
    const { show } = setup();
    show();
    const root = rootOf();
    // card.css and the frame's own rules (their text is empty here: vitest does not process CSS;
    // the e2e tests check the styles apply), and nothing added to the document's head.
    expect([...root.children].map((child) => child.localName)).toEqual(['style', 'style', 'div']);
    expect(document.querySelectorAll('style')).toHaveLength(0);
    const dialog = root.querySelector('[role="dialog"]');
    expect(dialog?.textContent).toContain('Mujahedin Khalq Organization');
    expect(dialog?.textContent).toContain('Loading');
    // The width from the settings reaches the card's stylesheet.
    const frame = root.querySelector('.positioner') as HTMLElement;
    expect(frame.style.getPropertyValue('--backstory-card-width')).toBe('400px');
  });

  it('reuses the one host for every card, and updates the open card’s data', () => {
    const { host, show } = setup();
    show();
    host.hide();
    show({ ...CONTENT, matched: { ...CONTENT.matched, name: 'Second' } });
    expect(hosts()).toHaveLength(1);
    expect(attachShadow).toHaveBeenCalledTimes(1);
    host.update(null);
    expect(rootOf().textContent).toContain(
      'None of your enabled packs describes “Second” any more.',
    );
  });

  it('hides the card inside the root (the page sees no change) and undoes its placement', () => {
    const { host, show } = setup();
    show();
    const frame = rootOf().querySelector('.positioner') as HTMLElement;
    expect(frame.hidden).toBe(false);
    host.hide();
    expect(host.isOpen).toBe(false);
    expect(frame.hidden).toBe(true);
    expect(frame.childElementCount).toBe(0);
    expect(placements[0]?.undone).toBe(true);
    expect(hosts()).toHaveLength(1);
  });

  it('puts the host back if the page removed it', () => {
    const { host, show } = setup();
    show();
    hosts()[0]?.remove();
    host.hide();
    show();
    expect(hosts()).toHaveLength(1);
  });

  it('moves focus into the card only once it is placed (a hidden card cannot take focus)', () => {
    const { host, show } = setup();
    show();
    host.focus();
    expect(host.hasFocus()).toBe(false);
    placements[0]?.options.onPlaced?.();
    expect(host.hasFocus()).toBe(true);
    expect(rootOf().activeElement?.getAttribute('role')).toBe('dialog');
  });

  it('passes the close button and "Open all" on', () => {
    const { show, onClose, onOpenArchive } = setup();
    show({
      ...CONTENT,
      data: {
        organisation: {
          key: 'pack/mko',
          id: 'mko',
          packId: 'pack',
          name: 'Mujahedin Khalq Organization',
          kind: 'organisation',
          description: '',
          aliases: [],
          enabled: true,
        },
        summaries: [],
        total: 3,
        packs: {},
      },
    });
    const root = rootOf();
    (root.querySelector('button.close') as HTMLButtonElement).click();
    expect(onClose).toHaveBeenCalledTimes(1);
    (root.querySelector('footer button') as HTMLButtonElement).click();
    expect(onOpenArchive).toHaveBeenCalledWith('pack/mko');
  });

  it('keeps the reader’s keys from the page’s shortcuts', () => {
    const { show } = setup();
    show();
    const seen = vi.fn();
    document.addEventListener('keydown', seen);
    const button = rootOf().querySelector('button') as HTMLButtonElement;
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, composed: true }));
    document.removeEventListener('keydown', seen);
    expect(seen).not.toHaveBeenCalled();
  });

  it('tells its own host from other targets', () => {
    const { host, show } = setup();
    expect(host.isHost(document.body)).toBe(false);
    show();
    expect(host.isHost(hosts()[0] ?? null)).toBe(true);
    expect(host.isHost(document.body)).toBe(false);
  });

  it('removes the host and its card when the content script goes away', () => {
    const { host, show } = setup();
    show();
    controller.abort();
    expect(hosts()).toHaveLength(0);
    expect(host.isOpen).toBe(false);
    show();
    expect(hosts()).toHaveLength(0);
  });
});
