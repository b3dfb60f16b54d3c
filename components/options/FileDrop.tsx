import { useId, useState } from 'preact/hooks';
import { i18n } from '#i18n';

type FileDropProps = {
  /** The file input's label, e.g. "Pack file". */
  label: string;
  onFile: (file: File) => void;
  disabled?: boolean;
};

/**
 * Choosing a file: a native file input (keyboard and screen-reader friendly), inside an area that
 * also takes a file dropped onto it.
 */
export function FileDrop({ label, onFile, disabled }: FileDropProps) {
  const id = useId();
  const [over, setOver] = useState(false);
  return (
    <div
      class={`drop${over ? ' drop--over' : ''}`}
      onDragOver={(event) => {
        if (disabled || !event.dataTransfer?.types.includes('Files')) return;
        // Accepting the drag is what lets the drop through.
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const file = event.dataTransfer?.files[0];
        if (file && !disabled) onFile(file);
      }}
    >
      <label for={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept=".json,application/json"
        disabled={disabled}
        onChange={(event) => {
          const input = event.currentTarget;
          const file = input.files?.[0];
          // Cleared, so choosing the same file again (after fixing it) is a change too.
          input.value = '';
          if (file) onFile(file);
        }}
      />
      <p class="drop__hint muted">{i18n.t('options.common.dropHint')}</p>
    </div>
  );
}
