import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

/** One tab: its id, the panel it controls and its label. */
export interface PopupTab<Id extends string> {
  id: Id;
  panelId: string;
  label: ComponentChildren;
}

type PopupTabsProps<Id extends string> = {
  tabs: readonly PopupTab<Id>[];
  selected: Id;
  onSelect(id: Id): void;
  /** The accessible name of the tab list. */
  label: string;
};

/** The popup's tab list (ARIA tabs, automatic activation); arrow keys follow the text direction. */
export function PopupTabs<Id extends string>({
  tabs,
  selected,
  onSelect,
  label,
}: PopupTabsProps<Id>) {
  const list = useRef<HTMLDivElement>(null);

  const move = (to: number) => {
    const tab = tabs[(to + tabs.length) % tabs.length];
    if (!tab) return;
    onSelect(tab.id);
    list.current?.ownerDocument.getElementById(tabId(tab.id))?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const at = tabs.findIndex((tab) => tab.id === selected);
    const rtl = list.current ? getComputedStyle(list.current).direction === 'rtl' : false;
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const back = rtl ? 'ArrowRight' : 'ArrowLeft';
    if (event.key === forward) move(at + 1);
    else if (event.key === back) move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(tabs.length - 1);
    else return;
    event.preventDefault();
  };

  return (
    <div role="tablist" aria-label={label} class="tabs" ref={list} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={tabId(tab.id)}
          class="tabs__tab"
          aria-selected={tab.id === selected}
          aria-controls={tab.panelId}
          tabIndex={tab.id === selected ? 0 : -1}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

/** The element id of a tab, for the panel's `aria-labelledby`. */
export function tabId(id: string): string {
  return `tab-${id}`;
}
