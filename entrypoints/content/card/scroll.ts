/**
 * Bringing a mention into view for the keyboard path, without changing the page: the element
 * around the mention is scrolled to the middle of the viewport (smoothly unless the reader asked
 * for reduced motion), and the card waits until the mention has stopped moving.
 */
import { someRectInViewport } from '../../../utils/card/geometry';
import { rangeOf } from './position';

/** Longest wait for a smooth scroll to settle before the card opens anyway (ms). */
const SETTLE_TIMEOUT_MS = 1_500;

/** Scrolls the mention at `init` to the middle of the viewport. */
export function scrollToMention(document: Document, init: StaticRangeInit): void {
  const view = document.defaultView ?? window;
  const reduced = view.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const behavior: ScrollBehavior = reduced ? 'auto' : 'smooth';
  const element = init.startContainer.parentElement;
  const range = rangeOf(document, init);
  if (!element || !range) return;
  const elementRect = element.getBoundingClientRect();
  if (elementRect.height <= view.innerHeight * 0.8) {
    element.scrollIntoView({ block: 'center', inline: 'nearest', behavior });
    return;
  }
  // A paragraph taller than the viewport: centring it could leave the mention off screen.
  const rect = range.getBoundingClientRect();
  view.scrollBy({ top: rect.top + rect.height / 2 - view.innerHeight / 2, behavior });
}

/**
 * Resolves once the mention is in the viewport and in the same place in two frames running (the
 * scroll has arrived), or after a time limit. `requestFrame` is a
 * frame timer bound to the content script's signal, so nothing runs after it goes away.
 */
export function whenSettled(
  document: Document,
  init: StaticRangeInit,
  requestFrame: (callback: () => void) => unknown,
): Promise<void> {
  const started = performance.now();
  let last = '';
  return new Promise((resolve) => {
    const check = () => {
      const rect = rangeOf(document, init)?.getBoundingClientRect();
      const now = rect ? `${rect.left},${rect.top}` : '';
      const settled = now === last && isMentionInView(document, init);
      if (settled || performance.now() - started > SETTLE_TIMEOUT_MS) resolve();
      else {
        last = now;
        requestFrame(check);
      }
    };
    requestFrame(check);
  });
}

/** True when some part of the mention is rendered inside the viewport. */
export function isMentionInView(document: Document, init: StaticRangeInit): boolean {
  const view = document.defaultView ?? window;
  const rects = rangeOf(document, init)?.getClientRects() ?? [];
  return someRectInViewport(rects, view.innerWidth, view.innerHeight);
}

/** True when the mention is rendered at all (a hidden section's mentions have no boxes). */
export function isMentionRendered(document: Document, init: StaticRangeInit): boolean {
  const rects = rangeOf(document, init)?.getClientRects() ?? [];
  for (const rect of rects) if (rect.width > 0 && rect.height > 0) return true;
  return false;
}
