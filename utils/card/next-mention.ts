/**
 * Which mention the "next mention" shortcut goes to: the first one after the current one in
 * reading order, wrapping round to the start; with no current one, the first that is not above
 * the viewport (where the reader is), else the first on the page. Mentions that are not rendered
 * (in a collapsed section, say) are skipped: there is nothing to scroll to. Pure; the caller
 * supplies the order and the layout tests, which are only called as far as needed.
 */

/** How the caller's mentions are compared and placed. */
/** The name of the "next mention" shortcut in the manifest's `commands` (wxt.config.ts). */
export const NEXT_MENTION_COMMAND = 'next-mention';

export interface NextMentionOptions<T> {
  /** Reading order: negative when `a` comes first, zero for the same place. */
  compare(a: T, b: T): number;
  /** True when the mention is rendered (has boxes on the page). */
  isShown(item: T): boolean;
  /** True when the mention is not above the top of the viewport. */
  isNotAboveViewport(item: T): boolean;
}

/** The mention to go to next among `items` (in reading order), or undefined when there is none. */
export function pickNextMention<T>(
  items: readonly T[],
  current: T | undefined,
  options: NextMentionOptions<T>,
): T | undefined {
  const count = items.length;
  if (count === 0) return undefined;
  const start =
    current === undefined
      ? items.findIndex((item) => options.isNotAboveViewport(item))
      : items.findIndex((item) => options.compare(item, current) > 0);
  const from = start === -1 ? 0 : start;
  for (let step = 0; step < count; step++) {
    const item = items[(from + step) % count] as T;
    if (options.isShown(item)) return item;
  }
  return undefined;
}
