import { useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { run } from './run';

type ConfirmButtonProps = {
  /** The button's text, e.g. "Remove". */
  label: string;
  /** Its accessible name when the text alone is ambiguous in a list, e.g. "Remove Example pack". */
  accessibleLabel?: string;
  /** The question asked before acting, naming what will be lost. */
  question: string;
  /** The confirming button's text, e.g. "Remove the pack". */
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  disabled?: boolean;
};

/**
 * A destructive action that asks first, in the page rather than in a `confirm()` dialog, so it
 * reads well with a screen reader and keyboard focus stays where the user is.
 */
export function ConfirmButton({
  label,
  accessibleLabel,
  question,
  confirmLabel,
  onConfirm,
  disabled,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const reopened = useRef(false);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (reopened.current) openerRef.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button
        type="button"
        class="button button--danger"
        ref={openerRef}
        aria-label={accessibleLabel}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  const close = () => {
    reopened.current = true;
    setAsking(false);
  };
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span class="confirm__question">{question}</span>
      <button
        type="button"
        class="button button--danger"
        ref={confirmRef}
        disabled={busy}
        onClick={() =>
          run(async () => {
            setBusy(true);
            try {
              await onConfirm();
            } finally {
              setBusy(false);
              setAsking(false);
            }
          })
        }
      >
        {confirmLabel}
      </button>
      <button type="button" class="button" disabled={busy} onClick={close}>
        {i18n.t('options.common.cancel')}
      </button>
    </span>
  );
}
