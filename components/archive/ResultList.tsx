import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Ref } from 'preact';
import type { Pack, Summary } from '../../utils/packs/model';
import { useVirtualRows } from '../hooks/use-virtual-rows';
import { ResultRow } from './ResultRow';

type ResultListProps = {
  id: string;
  items: readonly Summary[];
  packs: ReadonlyMap<string, Pack>;
  locale: string;
  /** The accessible name of the list. */
  label: string;
  /** The row that has the keyboard focus (and is selected), or -1 for none yet. */
  activeIndex: number;
  onActiveIndexChange(index: number): void;
  onOpen(summary: Summary): void;
  /** A new value scrolls back to the first row: pass the query and filters. */
  resetKey: string;
  listRef?: Ref<HTMLDivElement>;
};

/** Rendered row height before one is measured; matches `.result` in the popup's stylesheet. */
const ESTIMATED_ROW_HEIGHT = 72;
/** The list's height where layout gives none (a hidden tab panel, tests). */
const FALLBACK_VIEWPORT_HEIGHT = 360;

/**
 * The search results as a single-select listbox that renders only the rows in view, so ten
 * thousand summaries scroll as smoothly as ten. Focus stays on the listbox and
 * `aria-activedescendant` names the active row; arrows, Page Up/Down, Home and End move it and
 * Enter opens it.
 */
export function ResultList({
  id,
  items,
  packs,
  locale,
  label,
  activeIndex,
  onActiveIndexChange,
  onOpen,
  resetKey,
  listRef,
}: ResultListProps) {
  const viewport = useRef<HTMLDivElement | null>(null);
  const { range, firstVisible, rowHeight, viewportHeight, scrollToRow, scrollToStart } =
    useVirtualRows(viewport, {
      count: items.length,
      estimatedRowHeight: ESTIMATED_ROW_HEIGHT,
      fallbackViewportHeight: FALLBACK_VIEWPORT_HEIGHT,
    });

  const previousReset = useRef(resetKey);
  useLayoutEffect(() => {
    if (previousReset.current === resetKey) return;
    previousReset.current = resetKey;
    scrollToStart();
  }, [resetKey, scrollToStart]);

  const moveTo = (index: number) => {
    if (items.length === 0) return;
    const next = Math.max(0, Math.min(items.length - 1, index));
    onActiveIndexChange(next);
    scrollToRow(next);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
    const current = activeIndex < 0 ? -1 : activeIndex;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(current + 1);
        break;
      case 'ArrowUp':
        moveTo(current < 0 ? 0 : current - 1);
        break;
      case 'PageDown':
        moveTo(current + page);
        break;
      case 'PageUp':
        moveTo(current - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(items.length - 1);
        break;
      case 'Enter': {
        const summary = items[current];
        if (!summary) return;
        onOpen(summary);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  const rows = [];
  for (let index = range.start; index < range.end; index++) {
    const summary = items[index];
    if (!summary) continue;
    rows.push(
      <ResultRow
        key={summary.key}
        id={`${id}-${index}`}
        summary={summary}
        pack={packs.get(summary.packId)}
        locale={locale}
        index={index}
        total={items.length}
        active={index === activeIndex}
        top={index * rowHeight}
        onClick={(clicked) => {
          onActiveIndexChange(clicked);
          const opened = items[clicked];
          if (opened) onOpen(opened);
        }}
      />,
    );
  }

  return (
    <div
      ref={(element) => {
        viewport.current = element;
        if (typeof listRef === 'function') listRef(element);
        else if (listRef) listRef.current = element;
      }}
      id={id}
      role="listbox"
      class="results"
      tabIndex={0}
      aria-label={label}
      aria-activedescendant={
        activeIndex >= 0 && activeIndex < items.length ? `${id}-${activeIndex}` : undefined
      }
      onKeyDown={onKeyDown}
      onFocus={() => {
        // The first row in view, without scrolling: a click on a row focuses the list first,
        // and moving the rows under the pointer would make the click land elsewhere.
        if (activeIndex < 0 && items.length > 0) onActiveIndexChange(firstVisible);
      }}
    >
      <div role="none" class="results__spacer" style={{ height: `${items.length * rowHeight}px` }}>
        {rows}
      </div>
    </div>
  );
}
