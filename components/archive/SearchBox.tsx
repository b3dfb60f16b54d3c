import type { Ref } from 'preact';
import { useId } from 'preact/hooks';
import { i18n } from '#i18n';

type SearchBoxProps = {
  value: string;
  /** Off until the archive has loaded. */
  disabled: boolean;
  /** The results listbox the box searches. */
  controls: string;
  /** The live status line that counts the results. */
  describedBy: string;
  onInput(value: string): void;
  /** Arrow Down: move into the results. */
  onArrowDown(): void;
  inputRef?: Ref<HTMLInputElement>;
};

/** The archive's search field, labelled, searching as you type. */
export function SearchBox({
  value,
  disabled,
  controls,
  describedBy,
  onInput,
  onArrowDown,
  inputRef,
}: SearchBoxProps) {
  const id = useId();
  return (
    <div class="search">
      <label for={id} class="search__label">
        {i18n.t('search.label')}
      </label>
      <input
        id={id}
        ref={inputRef}
        type="search"
        class="search__input"
        dir="auto"
        autoComplete="off"
        spellcheck={false}
        placeholder={i18n.t('search.placeholder')}
        value={value}
        disabled={disabled}
        aria-controls={controls}
        aria-describedby={describedBy}
        onInput={(event) => onInput(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key !== 'ArrowDown') return;
          event.preventDefault();
          onArrowDown();
        }}
      />
    </div>
  );
}
