import type { RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/** The attribute that makes an element one stop of a roving-focus group. */
export const ROVING_ITEM = 'data-roving';

/** Handlers to spread on the group's container. */
export interface RovingFocusHandlers {
  onKeyDown(event: KeyboardEvent): void;
  /** Focus does not bubble: listen in the capture phase (`onFocusCapture`). */
  onFocusCapture(event: FocusEvent): void;
}

/**
 * Makes the `[data-roving]` elements inside `container` one Tab stop, moved between with the
 * arrow keys, Home and End (the "roving tabindex" pattern). The stop stays on the element last
 * focused, or the first one.
 */
export function useRovingFocus(container: RefObject<HTMLElement | null>): RovingFocusHandlers {
  const current = useRef<HTMLElement | null>(null);

  // After every render: the set of items may have changed.
  useLayoutEffect(() => {
    const items = itemsIn(container.current);
    if (!current.current || !items.includes(current.current)) current.current = items[0] ?? null;
    for (const item of items) item.tabIndex = item === current.current ? 0 : -1;
  });

  return {
    onFocusCapture(event) {
      const items = itemsIn(container.current);
      const target = event.target as HTMLElement;
      if (!items.includes(target)) return;
      current.current = target;
      for (const item of items) item.tabIndex = item === target ? 0 : -1;
    },
    onKeyDown(event) {
      const items = itemsIn(container.current);
      const at = items.indexOf(event.target as HTMLElement);
      if (at < 0) return;
      let next: number;
      switch (event.key) {
        case 'ArrowDown':
          next = Math.min(items.length - 1, at + 1);
          break;
        case 'ArrowUp':
          next = Math.max(0, at - 1);
          break;
        case 'Home':
          next = 0;
          break;
        case 'End':
          next = items.length - 1;
          break;
        default:
          return;
      }
      event.preventDefault();
      items[next]?.focus();
    },
  };
}

function itemsIn(root: HTMLElement | null): HTMLElement[] {
  return root ? [...root.querySelectorAll<HTMLElement>(`[${ROVING_ITEM}]`)] : [];
}
