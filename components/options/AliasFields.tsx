import { useId } from 'preact/hooks';
import { i18n } from '#i18n';
import type { AliasDraft } from './alias-draft';

type AliasFieldsProps = {
  draft: AliasDraft;
  /** The row's number, from 1, for labels ("Alias 2"). */
  number: number;
  onChange: (draft: AliasDraft) => void;
  onRemove: () => void;
  /** Problems with this alias by field (`text`, `context`, …). */
  errors: Record<string, string>;
  /** Ids of the editor's explanations of case-sensitivity and of context words. */
  hints: { caseSensitive: string; context: string };
  /** Receives the text input, so the editor can focus a new row. */
  textRef?: (input: HTMLInputElement | null) => void;
};

/** One alias being edited, on one line: its text, its context words, whether case matters, remove. */
export function AliasFields({
  draft,
  number,
  onChange,
  onRemove,
  errors,
  hints,
  textRef,
}: AliasFieldsProps) {
  const id = useId();
  const textError = errors.text;
  const contextError = errors.context;
  return (
    <fieldset class="alias">
      <legend class="bs-visually-hidden">
        {i18n.t('options.aliases.aliasNumber', [String(number)])}
      </legend>
      <div class="alias__row">
        <div class="field">
          <label for={`${id}-text`}>{i18n.t('options.aliases.text')}</label>
          <input
            id={`${id}-text`}
            ref={textRef}
            type="text"
            name="alias-text"
            dir="auto"
            lang={draft.lang}
            value={draft.text}
            aria-invalid={textError ? true : undefined}
            aria-describedby={textError ? `${id}-text-error` : undefined}
            onInput={(event) => onChange({ ...draft, text: event.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for={`${id}-context`}>{i18n.t('options.aliases.context')}</label>
          <input
            id={`${id}-context`}
            type="text"
            name="alias-context"
            dir="auto"
            value={draft.context}
            aria-invalid={contextError ? true : undefined}
            aria-describedby={`${hints.context}${contextError ? ` ${id}-context-error` : ''}`}
            onInput={(event) => onChange({ ...draft, context: event.currentTarget.value })}
          />
        </div>
        <label class="check">
          <input
            type="checkbox"
            name="alias-case"
            checked={draft.caseSensitive}
            aria-describedby={hints.caseSensitive}
            onChange={(event) => onChange({ ...draft, caseSensitive: event.currentTarget.checked })}
          />{' '}
          {i18n.t('options.aliases.caseSensitive')}
        </label>
        <button
          type="button"
          class="button"
          aria-label={i18n.t('options.aliases.removeNamed', [draft.text || String(number)])}
          onClick={onRemove}
        >
          {i18n.t('options.aliases.remove')}
        </button>
      </div>
      {textError ? (
        <p id={`${id}-text-error`} class="field__error">
          {textError}
        </p>
      ) : null}
      {contextError ? (
        <p id={`${id}-context-error`} class="field__error">
          {contextError}
        </p>
      ) : null}
    </fieldset>
  );
}
