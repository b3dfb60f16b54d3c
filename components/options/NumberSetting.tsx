import { useEffect, useId, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { run } from './run';

type NumberSettingProps = {
  label: string;
  name: string;
  value: number;
  min: number;
  max: number;
  step: number;
  /** The unit after the number, e.g. "ms" or "px". */
  unit: string;
  hint?: string;
  onCommit: (value: number) => Promise<void>;
};

/**
 * A whole number within bounds, saved when the user leaves the field or presses Enter (not on
 * every keystroke, which would spend sync storage's write quota); out-of-range input is refused
 * with the bounds.
 */
export function NumberSetting({
  label,
  name,
  value,
  min,
  max,
  step,
  unit,
  hint,
  onCommit,
}: NumberSettingProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(String(value)), [value]);

  const commit = async () => {
    const number = Number(text);
    if (text.trim() === '' || !Number.isInteger(number) || number < min || number > max) {
      setError(i18n.t('options.appearance.outOfRange', [String(min), String(max)]));
      return;
    }
    setError(null);
    if (number !== value) await onCommit(number);
  };

  return (
    <div class="field">
      <label for={id}>{label}</label>
      <span class="inline-field">
        <input
          id={id}
          name={name}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={step}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={
            [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') ||
            undefined
          }
          onInput={(event) => setText(event.currentTarget.value)}
          onChange={() => run(commit)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') run(commit);
          }}
        />
        <span aria-hidden="true">{unit}</span>
      </span>
      {hint ? (
        <p id={`${id}-hint`} class="muted field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
