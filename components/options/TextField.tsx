import { useId } from 'preact/hooks';

type TextFieldProps = {
  label: string;
  /** The control's `name`, also how errors are looked up. */
  name: string;
  value: string;
  onInput: (value: string) => void;
  /** The problem with the value, shown under the field and announced with it. */
  error?: string;
  hint?: string;
  multiline?: boolean;
  rows?: number;
  type?: 'text' | 'url';
  placeholder?: string;
  required?: boolean;
  /** Text direction; `auto` (the default) lets Persian text read right to left. */
  dir?: 'auto' | 'ltr';
};

/** A labelled text input or text area with its hint and its validation error. */
export function TextField({
  label,
  name,
  value,
  onInput,
  error,
  hint,
  multiline,
  rows = 4,
  type = 'text',
  placeholder,
  required,
  dir = 'auto',
}: TextFieldProps) {
  const id = useId();
  const describedBy =
    [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    dir,
    value,
    placeholder,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={rows} onInput={(event) => onInput(event.currentTarget.value)} />
      ) : type === 'url' ? (
        <input {...common} type="url" onInput={(event) => onInput(event.currentTarget.value)} />
      ) : (
        <input {...common} type="text" onInput={(event) => onInput(event.currentTarget.value)} />
      )}
      {hint ? (
        <p id={`${id}-hint`} class="muted field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
