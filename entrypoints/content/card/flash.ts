/**
 * The brief flash on the mention the keyboard jumped to: one range registered under
 * `backstory-flash` (style.css paints it), so the page's DOM is still untouched.
 */
import type { HighlightEnvironment, HighlightLike } from '../highlights';

/** The registry name style.css paints the flash with. */
export const FLASH_HIGHLIGHT = 'backstory-flash';
/** How long the flash lasts (ms). */
export const FLASH_MS = 1_200;

/** Shows the flash; see the module comment. */
export interface Flasher {
  /** Flashes `range`, replacing any flash still showing. */
  flash(range: StaticRangeInit): void;
}

/** Creates the flasher; the flash is taken out when `signal` aborts. */
export function createFlasher(
  environment: HighlightEnvironment,
  timers: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(h: unknown): void },
  signal: AbortSignal,
): Flasher {
  let highlight: HighlightLike | undefined;
  let range: AbstractRange | undefined;
  let timer: unknown;

  const clear = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    if (highlight && range) highlight.delete(range);
    range = undefined;
    highlight = undefined;
    environment.registry.delete(FLASH_HIGHLIGHT);
  };
  signal.addEventListener('abort', clear);

  return {
    flash(init) {
      if (signal.aborted) return;
      clear();
      highlight = environment.createHighlight();
      range = environment.createRange(init);
      highlight.add(range);
      environment.registry.set(FLASH_HIGHLIGHT, highlight);
      timer = timers.setTimeout(clear, FLASH_MS);
    },
  };
}
