/**
 * The one element Backstory adds to a page: the hover card's host, a `<div data-backstory-ui>`
 * appended to `<html>` the first time a card opens (a page that never shows a card sees no change
 * at all) and removed when the content script goes away.
 *
 * - Its shadow root is **closed**, so the page's scripts cannot read the card (and through it
 *   the archive); `data-backstory-ui` keeps the scanner out of it.
 * - The card's styles are `<style>` elements inside that root: page CSS cannot reach in and the
 *   card's rules cannot leak out. The host's own box is pinned with inline `!important` rules
 *   (`all: initial` first), since a page rule such as `html > div { display: none !important }`
 *   would beat the root's `:host` rules.
 * - Everything after creation happens inside the root (rendering, positioning, showing and
 *   hiding), so the page's MutationObserver sees exactly one mutation: the host arriving.
 * - Keys pressed in the card stop at the root, so a page's shortcuts do not fire while the reader
 *   uses the card.
 */
import { render } from 'preact';
import { HoverCard, type HoverCardData, type HoverCardMatch } from '../../../components/card';
import cardCss from '../../../components/card/card.css?inline';
import hostCss from './card-host.css?inline';
import { OWN_UI_ATTRIBUTE } from '../text-runs';
import { type PlacementOptions, placeBeside } from './position';

/**
 * The host's inline style. `z-index` is the largest there is, so the card sits above the page's
 * own fixed headers and overlays; the fixed, zero-sized host takes no room in the page's layout.
 */
const HOST_STYLE = [
  'all: initial',
  'display: block',
  'position: fixed',
  'top: 0',
  'left: 0',
  'width: 0',
  'height: 0',
  'overflow: visible',
  'z-index: 2147483647',
]
  .map((rule) => `${rule} !important;`)
  .join(' ');

/** What one card shows. */
export interface CardContent {
  matched: HoverCardMatch;
  data: HoverCardData;
  /** The card's width from the settings (px). */
  width: number;
}

/** Places the card's frame beside the mention; `placeBeside` in the browser, a stub in tests. */
export type PlaceCard = (
  document: Document,
  mention: StaticRangeInit,
  floating: HTMLElement,
  options: PlacementOptions,
) => () => void;

/** What the host is given. */
export interface CardHostOptions {
  document: Document;
  /** Aborting it removes the host and everything in it. */
  signal: AbortSignal;
  /** The UI locale, for the card's `lang` and dates. */
  locale: string;
  /** The card's close button, or Escape inside it. */
  onClose(): void;
  /** "Open all N in the archive". */
  onOpenArchive(orgKey: string): void;
  place?: PlaceCard;
}

/** The card host; see the module comment. */
export interface CardHost {
  /** Shows `content` beside the mention at `mention` (creating the host on first use). */
  show(content: CardContent, mention: StaticRangeInit, placement: PlacementOptions): void;
  /** Shows other data in the open card (the answer arrived, or the archive changed). */
  update(data: HoverCardData): void;
  /** Hides the card; the host stays for the next one. */
  hide(): void;
  /**
   * Moves focus to the card's root (the keyboard path), as soon as it is placed: a card is
   * hidden until then, and a hidden element cannot take focus.
   */
  focus(): void;
  /** True when `target` is the host: events from inside the card reach the page retargeted to it. */
  isHost(target: EventTarget | null): boolean;
  /** True when focus is inside the card. */
  hasFocus(): boolean;
  readonly isOpen: boolean;
}

/** Creates the host lazily; see the module comment. */
export function createCardHost(options: CardHostOptions): CardHost {
  const { document, signal, place = placeBeside } = options;
  let parts: { host: HTMLElement; root: ShadowRoot; frame: HTMLElement } | undefined;
  let content: CardContent | undefined;
  let unplace: (() => void) | undefined;
  let placed = false;
  let focusWanted = false;

  function build() {
    const host = document.createElement('div');
    host.setAttribute(OWN_UI_ATTRIBUTE, '');
    host.setAttribute('style', HOST_STYLE);
    const root = host.attachShadow({ mode: 'closed' });
    for (const css of [cardCss, hostCss]) {
      const style = document.createElement('style');
      style.textContent = css;
      root.append(style);
    }
    const frame = document.createElement('div');
    frame.className = 'positioner';
    frame.hidden = true;
    root.append(frame);
    const stop = (event: Event) => event.stopPropagation();
    for (const type of ['keydown', 'keyup', 'keypress']) root.addEventListener(type, stop);
    return { host, root, frame };
  }

  function ensureHost() {
    parts ??= build();
    // Appended on first use, and again if the page removed it (some frameworks own <html>).
    if (!parts.host.isConnected) document.documentElement.append(parts.host);
    return parts;
  }

  function draw() {
    if (!parts || !content) return;
    const { matched, data } = content;
    render(
      <HoverCard
        data={data}
        matched={matched}
        locale={options.locale}
        onClose={options.onClose}
        onOpenArchive={options.onOpenArchive}
      />,
      parts.frame,
    );
  }

  function focusCard() {
    parts?.root.querySelector<HTMLElement>('.card')?.focus({ preventScroll: true });
  }

  function hide() {
    unplace?.();
    unplace = undefined;
    content = undefined;
    placed = false;
    focusWanted = false;
    if (!parts) return;
    render(null, parts.frame);
    parts.frame.hidden = true;
  }

  signal.addEventListener('abort', () => {
    hide();
    parts?.host.remove();
    parts = undefined;
  });

  return {
    show(next, mention, placement) {
      if (signal.aborted) return;
      hide();
      const { frame } = ensureHost();
      content = next;
      frame.style.setProperty('--backstory-card-width', `${next.width}px`);
      draw();
      frame.hidden = false;
      unplace = place(document, mention, frame, {
        ...placement,
        onPlaced() {
          placed = true;
          if (focusWanted) {
            focusWanted = false;
            focusCard();
          }
          placement.onPlaced?.();
        },
      });
    },
    update(data) {
      if (!content) return;
      content = { ...content, data };
      draw();
    },
    hide,
    focus() {
      if (placed) focusCard();
      else focusWanted = true;
    },
    isHost: (target) => parts !== undefined && target === parts.host,
    hasFocus: () => parts?.root.activeElement != null,
    get isOpen() {
      return content !== undefined;
    },
  };
}
