/**
 * Aliases as the editor holds them while the user types: context words as one text, a stable row
 * id for keys and focus. Pure conversions to and from the stored shape.
 */
import type { Alias } from '../../utils/packs/model';

/** One alias row being edited. */
export interface AliasDraft {
  /** Stable while editing, so keys and focus survive adding and removing rows. */
  rowId: number;
  text: string;
  caseSensitive: boolean;
  /** Context words, separated by commas (Latin or Arabic) or new lines. */
  context: string;
  /** Kept as they were: the editor does not change them. */
  lang?: string;
  prefixes?: string[];
}

let nextRowId = 1;

/** A draft of a stored alias. */
export function toDraft(alias: Alias): AliasDraft {
  return {
    rowId: nextRowId++,
    text: alias.text,
    caseSensitive: alias.caseSensitive,
    context: (alias.context ?? []).join(', '),
    ...(alias.lang ? { lang: alias.lang } : {}),
    ...(alias.prefixes ? { prefixes: alias.prefixes } : {}),
  };
}

/** A new, empty row. */
export function emptyDraft(): AliasDraft {
  return { rowId: nextRowId++, text: '', caseSensitive: false, context: '' };
}

/** The context words a draft's text names. */
export function contextWords(text: string): string[] {
  return text
    .split(/[,،\n]/)
    .map((word) => word.trim())
    .filter(Boolean);
}

/** The alias a draft stands for, in the stored shape (the schema trims the text). */
export function fromDraft(draft: AliasDraft): Alias {
  const context = contextWords(draft.context);
  return {
    text: draft.text,
    caseSensitive: draft.caseSensitive,
    ...(draft.lang ? { lang: draft.lang } : {}),
    ...(context.length > 0 ? { context } : {}),
    ...(draft.prefixes ? { prefixes: draft.prefixes } : {}),
  };
}
