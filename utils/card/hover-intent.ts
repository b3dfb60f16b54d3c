/**
 * When a hover card opens and closes: a pure state machine over where the pointer is, with the
 * timers injected (the content script passes signal-bound timers, tests a fake clock).
 *
 * - The pointer comes to rest on a mention: after the dwell (`dwellMs`, read each time so a
 *   settings change applies at once) the card opens for it, replacing any other card.
 * - The pointer on the open card or on its own mention keeps the card open.
 * - The pointer anywhere else starts the grace period; when it runs out the card closes. Coming
 *   back in time cancels it, so the pointer can cross the gap between mention and card.
 * - A card opened from the keyboard stays open wherever the pointer is, until the pointer has
 *   been over the card or its mention once (then it behaves like a hovered card).
 *
 * Closing for other reasons (Escape, the close button, the mention scrolled away) happens outside;
 * the caller reports it with `closed()`.
 */

/** The timer functions the machine uses. */
export interface HoverIntentTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Where the pointer is, as the caller's hit test found it. */
export type PointerPlace<T> =
  { kind: 'mention'; mention: T } | { kind: 'card' } | { kind: 'elsewhere' };

/** What the machine is given. */
export interface HoverIntentOptions<T> {
  /** How long the pointer must rest on a mention before its card opens (ms). */
  dwellMs(): number;
  /** How long the card stays open after the pointer has left it and its mention (ms). */
  graceMs: number;
  /** Whether two hit-test results are the same mention. */
  same(a: T, b: T): boolean;
  timers: HoverIntentTimers;
  /** The dwell on `mention` started: a good moment to fetch what its card will show. */
  onDwellStart?(mention: T): void;
  /** Open the card for `mention` (replacing any open card). */
  onOpen(mention: T): void;
  /** The grace period ran out: close the card. */
  onClose(): void;
}

/** A running machine; see the module comment. */
export interface HoverIntent<T> {
  /** Reports where the pointer is now. */
  point(place: PointerPlace<T>): void;
  /** A card was opened for `mention` another way; `byKeyboard` makes it stay (see above). */
  opened(mention: T, options: { byKeyboard: boolean }): void;
  /** The card was closed from outside; forget it and any pending dwell. */
  closed(): void;
  /** The mention whose card is open. */
  readonly open: T | undefined;
  /** The mention the pointer is resting on while its dwell runs. */
  readonly pending: T | undefined;
  /** Cancels every timer. */
  dispose(): void;
}

/** Creates the machine; nothing is open. */
export function createHoverIntent<T>(options: HoverIntentOptions<T>): HoverIntent<T> {
  const { timers, same } = options;
  let open: T | undefined;
  let pending: T | undefined;
  let sticky = false;
  let dwell: unknown;
  let grace: unknown;

  const clearDwell = () => {
    if (dwell !== undefined) timers.clearTimeout(dwell);
    dwell = undefined;
    pending = undefined;
  };
  const clearGrace = () => {
    if (grace !== undefined) timers.clearTimeout(grace);
    grace = undefined;
  };
  const startGrace = () => {
    if (open === undefined || sticky || grace !== undefined) return;
    grace = timers.setTimeout(() => {
      grace = undefined;
      open = undefined;
      options.onClose();
    }, options.graceMs);
  };
  const fire = () => {
    const mention = pending;
    dwell = undefined;
    pending = undefined;
    if (mention === undefined) return;
    clearGrace();
    open = mention;
    sticky = false;
    options.onOpen(mention);
  };

  return {
    point(place) {
      if (place.kind === 'card') {
        clearDwell();
        clearGrace();
        sticky = false;
        return;
      }
      if (place.kind === 'mention') {
        const { mention } = place;
        if (open !== undefined && same(open, mention)) {
          clearDwell();
          clearGrace();
          sticky = false;
          return;
        }
        if (pending !== undefined && same(pending, mention)) return;
        clearDwell();
        pending = mention;
        options.onDwellStart?.(mention);
        // The open card's mention is not under the pointer any more.
        startGrace();
        const ms = options.dwellMs();
        if (ms <= 0) fire();
        else dwell = timers.setTimeout(fire, ms);
        return;
      }
      clearDwell();
      startGrace();
    },
    opened(mention, { byKeyboard }) {
      clearDwell();
      clearGrace();
      open = mention;
      sticky = byKeyboard;
    },
    closed() {
      clearDwell();
      clearGrace();
      open = undefined;
      sticky = false;
    },
    get open() {
      return open;
    },
    get pending() {
      return pending;
    },
    dispose() {
      clearDwell();
      clearGrace();
    },
  };
}
