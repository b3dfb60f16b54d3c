import { run } from './run';

type SwitchProps = {
  checked: boolean;
  /** What the switch turns on or off, read out with its state. */
  label: string;
  onChange: (checked: boolean) => void | Promise<void>;
  disabled?: boolean;
  /** Id of an element with more about what the switch does. */
  describedBy?: string;
};

/** An on/off switch: a native checkbox with the switch role, so keyboards and screen readers know it. */
export function Switch({ checked, label, onChange, disabled, describedBy }: SwitchProps) {
  return (
    <label class="switch">
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(event) => {
          const on = event.currentTarget.checked;
          run(() => onChange(on));
        }}
      />
      <span class="switch__track" aria-hidden="true" />
      <span class="switch__label" dir="auto">
        {label}
      </span>
    </label>
  );
}
