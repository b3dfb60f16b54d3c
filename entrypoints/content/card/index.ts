/**
 * Hover cards: the feature that shows an organisation's card beside its mention, by pointer and
 * by keyboard. Started once by the content script with WXT's `ctx`; every listener, observer and
 * timer is bound to it, and the card's host leaves the page with it.
 *
 * - **Pointer.** One passive `pointermove` listener on the document, handled once per animation
 *   frame: the hit test (hit-test.ts) asks the browser what is under the pointer and the scanner
 *   which mention that is. The dwell and grace rules are utils/card/hover-intent.ts. A hovered
 *   card never takes focus. Only the reader's own input counts (`isTrusted`): a page that
 *   dispatches pointer or key events of its own can neither open nor close a card.
 * - **Keyboard.** The manifest's "next mention" command reaches the top frame as
 *   `background:next-mention`: the next mention in reading order is scrolled into view and
 *   flashed, and its card opens with focus in it. Escape (or the close button) closes a card and
 *   gives focus back to where it was; moving focus from the card elsewhere in the page closes it.
 * - **Data.** What the card shows comes from the background (`content:get-card`), asked for when
 *   the pointer comes to rest on a mention, so the answer is usually there when the dwell ends.
 * - **Quiet mode.** With highlights off nothing on the page looks hoverable, so hovering opens no
 *   card; the keyboard command still works (its flash shows where it went).
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { HoverCardData } from '../../../components/card';
import { createHoverIntent } from '../../../utils/card/hover-intent';
import { pickNextMention } from '../../../utils/card/next-mention';
import { createSignalTimers } from '../../../utils/signal-timers';
import { type Envelope, parseBackgroundMessage, sendRequest } from '../../../utils/messaging';
import type { Settings } from '../../../utils/settings/model';
import { browserHighlightEnvironment } from '../highlights';
import type { PageMention, PageScanner } from '../scanner';
import { compareReadingOrder } from '../text-runs';
import { createCardHost } from './card-host';
import { createFlasher } from './flash';
import { browserHitTestEnvironment, mentionFromPoint } from './hit-test';
import { rangeOf } from './position';
import { isMentionRendered, scrollToMention, whenSettled } from './scroll';
import { removeOnInvalidated } from '../extension-listeners';

/** How long a hovered card stays after the pointer leaves it and its mention (ms). */
export const GRACE_MS = 300;

/** What the feature reads from the content script; both change while the page is open. */
export interface HoverCardsOptions {
  /** The current scanner (a new one after each reload of the matcher), if any. */
  scanner(): Pick<PageScanner, 'mentionsAt' | 'mentions'> | undefined;
  settings(): Pick<Settings, 'dwellMs' | 'cardWidth' | 'highlightStyle'>;
}

/** True when two hit-test results are the same mention. */
export function sameMention(a: PageMention, b: PageMention): boolean {
  return (
    a.orgKey === b.orgKey &&
    a.range.startContainer === b.range.startContainer &&
    a.range.startOffset === b.range.startOffset &&
    a.range.endContainer === b.range.endContainer &&
    a.range.endOffset === b.range.endOffset
  );
}

/** Reading order of two mentions' starts. */
export function compareMentions(a: PageMention, b: PageMention): number {
  const nodes = compareReadingOrder(a.range.startContainer, b.range.startContainer);
  return nodes !== 0 ? nodes : a.range.startOffset - b.range.startOffset;
}

/** A request for one mention's card data; `result` is set once it has settled. */
interface CardRequest {
  mention: PageMention;
  result: HoverCardData | undefined;
  done: Promise<HoverCardData>;
}

/** Starts hover cards in this frame; see the module comment. */
export function startHoverCards(ctx: ContentScriptContext, options: HoverCardsOptions): void {
  const send = (message: Envelope) => browser.runtime.sendMessage(message);
  const hitTests = browserHitTestEnvironment(document);
  // Not ctx.setTimeout / ctx.requestAnimationFrame: they keep a listener per call for the page's
  // life, one per pointer frame here (see utils/signal-timers.ts).
  const timers = createSignalTimers(ctx.signal, { isActive: () => ctx.isValid });
  const flasher = createFlasher(browserHighlightEnvironment(), timers, ctx.signal);

  /** The mention whose card is open, and how it was opened. */
  let shown: { mention: PageMention; byKeyboard: boolean } | undefined;
  /** Where focus was before the card opened; it goes back there if the card had focus. */
  let focusBefore: Element | null = null;
  /** Whether focus has been inside the open card (by keyboard, or a click into it). */
  let cardHeldFocus = false;
  /** The last mention the keyboard went to, so the next press goes on from there. */
  let lastJumped: PageMention | undefined;
  let request: CardRequest | undefined;
  let pointer: { x: number; y: number; overCard: boolean } | undefined;
  let frame = 0;

  const host = createCardHost({
    document,
    signal: ctx.signal,
    locale: browser.i18n.getUILanguage(),
    onClose: () => close({ giveBackFocus: true }),
    onOpenArchive: (orgKey) => {
      close({ giveBackFocus: false });
      sendRequest(send, 'content:open-archive', { orgKey }).catch(() => undefined);
    },
  });

  function fetchCard(mention: PageMention): CardRequest {
    const next: CardRequest = {
      mention,
      result: undefined,
      done: sendRequest(send, 'content:get-card', { orgKey: mention.orgKey }).then(
        (data): HoverCardData => data,
        (error: unknown): HoverCardData => ({
          error: error instanceof Error ? error.message : String(error),
        }),
      ),
    };
    void next.done.then((data) => {
      next.result = data;
    });
    return next;
  }

  const intent = createHoverIntent<PageMention>({
    dwellMs: () => options.settings().dwellMs,
    graceMs: GRACE_MS,
    same: sameMention,
    timers,
    // Asked for as the dwell starts, so the answer is usually in by the time the card opens.
    onDwellStart: (mention) => {
      request = fetchCard(mention);
    },
    onOpen: (mention) => open(mention, { byKeyboard: false }),
    onClose: () => close({ giveBackFocus: true }),
  });
  ctx.onInvalidated(() => intent.dispose());

  /**
   * Opens the card for `mention`. `returnFocusTo` is where focus goes back to when it closes: by
   * default where focus is now, unless that is inside the card (moving from card to card keeps
   * the place focus first came from).
   */
  function open(
    mention: PageMention,
    { byKeyboard, returnFocusTo }: { byKeyboard: boolean; returnFocusTo?: Element | null },
  ) {
    if (returnFocusTo !== undefined) focusBefore = returnFocusTo;
    else if (!host.hasFocus()) focusBefore = document.activeElement;
    const current = request && sameMention(request.mention, mention) ? request : fetchCard(mention);
    request = current;
    shown = { mention, byKeyboard };
    cardHeldFocus = false;
    host.show(
      {
        matched: {
          orgKey: mention.orgKey,
          name: mention.name,
          alias: mention.alias,
          reason: mention.reason,
        },
        data: current.result ?? 'loading',
        width: options.settings().cardWidth,
      },
      mention.range,
      {
        pointer: byKeyboard || !pointer ? undefined : { x: pointer.x, y: pointer.y },
        onGone: () => close({ giveBackFocus: true }),
      },
    );
    if (current.result === undefined) {
      void current.done.then((data) => {
        if (request === current && shown?.mention === mention) host.update(data);
      });
    }
    if (byKeyboard) {
      intent.opened(mention, { byKeyboard: true });
      host.focus();
    }
  }

  function close({ giveBackFocus }: { giveBackFocus: boolean }) {
    if (!shown) return;
    const hadFocus = host.hasFocus();
    shown = undefined;
    cardHeldFocus = false;
    request = undefined;
    host.hide();
    intent.closed();
    const before = focusBefore;
    focusBefore = null;
    if (!giveBackFocus || !hadFocus) return;
    // Duck-typed: in Firefox the page's elements reach a content script through Xray wrappers.
    const focusable = before as HTMLElement | null;
    if (focusable?.isConnected && focusable !== document.body && 'focus' in focusable) {
      focusable.focus({ preventScroll: true });
    }
  }

  // --- Pointer -------------------------------------------------------------------------------

  function hitTest() {
    frame = 0;
    if (!pointer) return;
    if (pointer.overCard) return intent.point({ kind: 'card' });
    const scanner = options.scanner();
    if (!scanner || options.settings().highlightStyle === 'none') {
      return intent.point({ kind: 'elsewhere' });
    }
    const mention = mentionFromPoint(pointer.x, pointer.y, scanner, hitTests, document);
    intent.point(mention ? { kind: 'mention', mention } : { kind: 'elsewhere' });
  }
  const scheduleHitTest = () => {
    if (frame === 0) frame = timers.requestAnimationFrame(hitTest);
  };

  // Capture phase: a page that stops its events from propagating still cannot blind the card.
  const passive = { capture: true, passive: true };
  ctx.addEventListener(
    document,
    'pointermove',
    (event: PointerEvent) => {
      // Touch has no hover; a tap is the page's.
      if (event.pointerType === 'touch' || !event.isTrusted) return;
      pointer = { x: event.clientX, y: event.clientY, overCard: host.isHost(event.target) };
      scheduleHitTest();
    },
    passive,
  );
  ctx.addEventListener(
    document,
    'pointerout',
    (event: PointerEvent) => {
      // Out of the window (or into a frame): the pointer is over nothing of ours.
      if (event.relatedTarget !== null || !event.isTrusted) return;
      pointer = undefined;
      intent.point({ kind: 'elsewhere' });
    },
    passive,
  );
  // The page scrolled under a resting pointer: what is under it now may have changed.
  ctx.addEventListener(
    document,
    'scroll',
    () => {
      if (pointer && !pointer.overCard && (shown || intent.pending)) scheduleHitTest();
    },
    passive,
  );
  ctx.addEventListener(
    document,
    'pointerdown',
    (event: PointerEvent) => {
      if (shown && event.isTrusted && !host.isHost(event.target)) close({ giveBackFocus: false });
    },
    passive,
  );

  // --- Keyboard and focus ----------------------------------------------------------------------

  ctx.addEventListener(
    window,
    'keydown',
    (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !shown || !event.isTrusted) return;
      // The reader dismissed the card: the page's own Escape handlers are not meant.
      event.preventDefault();
      event.stopPropagation();
      close({ giveBackFocus: true });
    },
    { capture: true },
  );
  // Focus moved from the card to something else in the page: the reader has moved on. (A page
  // that moves focus about by itself does not close a card the reader never focused.)
  ctx.addEventListener(
    document,
    'focusin',
    (event: FocusEvent) => {
      if (!shown) return;
      if (host.isHost(event.target)) cardHeldFocus = true;
      else if (cardHeldFocus) close({ giveBackFocus: false });
    },
    { capture: true },
  );

  async function goToNextMention() {
    const scanner = options.scanner();
    if (!scanner) return;
    const target = pickNextMention(scanner.mentions(), shown?.mention ?? lastJumped, {
      compare: compareMentions,
      isShown: (mention) => isMentionRendered(document, mention.range),
      isNotAboveViewport: (mention) =>
        (rangeOf(document, mention.range)?.getBoundingClientRect().bottom ?? -1) >= 0,
    });
    if (!target) return;
    lastJumped = target;
    // Across several presses, focus goes back to where it was before the first.
    const returnFocusTo = host.hasFocus() ? focusBefore : document.activeElement;
    close({ giveBackFocus: false });
    // Asked for now, so the answer arrives while the page scrolls.
    request = fetchCard(target);
    scrollToMention(document, target.range);
    flasher.flash(target.range);
    await whenSettled(document, target.range, (callback) => timers.requestAnimationFrame(callback));
    if (ctx.isInvalid || lastJumped !== target) return;
    open(target, { byKeyboard: true, returnFocusTo });
  }

  /** The popup asked to see one mention: scroll to it and flash it, without opening a card. */
  function showMention(orgKey: string, ordinal: number) {
    const target = options
      .scanner()
      ?.mentions()
      .filter((mention) => mention.orgKey === orgKey)[ordinal];
    if (!target) return;
    close({ giveBackFocus: false });
    scrollToMention(document, target.range);
    flasher.flash(target.range);
  }

  const onMessage = (message: unknown, sender: { id?: string }) => {
    if (sender.id !== browser.runtime.id) return;
    const notice = parseBackgroundMessage(message);
    // The shortcut is for the page the reader sees: the top frame (the background sends it there).
    if (notice?.type === 'background:next-mention' && window === window.top) {
      void goToNextMention();
    } else if (notice?.type === 'background:show-mention' && window === window.top) {
      showMention(notice.payload.orgKey, notice.payload.ordinal);
    } else if (notice?.type === 'background:archive-changed') refresh();
  };
  browser.runtime.onMessage.addListener(onMessage);
  removeOnInvalidated(ctx, () => browser.runtime.onMessage.removeListener(onMessage));

  /** The archive changed under an open card: show what it says now. */
  function refresh() {
    if (!shown) return;
    const { mention } = shown;
    const current = fetchCard(mention);
    request = current;
    void current.done.then((data) => {
      if (request === current && shown?.mention === mention) host.update(data);
    });
  }
}
