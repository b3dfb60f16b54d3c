import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';

/**
 * Texts longer than this are assumed to need more than the four visible lines when there is no
 * layout to measure (a detached card, or a DOM without layout such as the tests' happy-dom).
 */
const LIKELY_OVERFLOW_CHARS = 240;

/**
 * While collapsed only this much of the text is put in the DOM: far more than four lines at any
 * card width, yet it spares the browser laying out (and screen readers reading) a 1 MB summary
 * that the reader has not asked to see.
 */
const COLLAPSED_CHARS = 1_200;

/** The first `max` UTF-16 units of `text`, never ending inside a surrogate pair. */
function head(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

type ClampedTextProps = {
  /** Pack text, rendered as a text node only. */
  text: string;
  /** BCP 47 language of the text, when the pack gives one. */
  lang?: string | undefined;
  /** Id of the element that names what the text belongs to, read out with the toggle. */
  describedBy?: string | undefined;
  class?: string;
};

/** A pack text clamped to four lines, with a More/Less button when it does not fit. */
export function ClampedText({ text, lang, describedBy, class: className }: ClampedTextProps) {
  const [expanded, setExpanded] = useState(false);
  const [overflows, setOverflows] = useState(() => text.length > LIKELY_OVERFLOW_CHARS);
  const ref = useRef<HTMLParagraphElement>(null);
  const id = useId();

  useLayoutEffect(() => {
    const element = ref.current;
    // Expanded: keep the button so the reader can collapse again. No layout: keep the estimate.
    if (expanded || !element || element.clientHeight === 0) return;
    setOverflows(element.scrollHeight > element.clientHeight + 1 || text.length > COLLAPSED_CHARS);
  }, [text, expanded]);

  return (
    <div class={className}>
      <p
        ref={ref}
        id={id}
        // Clamped whenever collapsed, fitting or not, so the layout effect can measure overflow.
        class={expanded ? 'text' : 'text text--clamped'}
        dir="auto"
        lang={lang}
      >
        {expanded ? text : head(text, COLLAPSED_CHARS)}
      </p>
      {overflows ? (
        <button
          type="button"
          class="link-button"
          aria-expanded={expanded}
          aria-controls={id}
          aria-describedby={describedBy}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? i18n.t('common.showLess') : i18n.t('common.showMore')}
        </button>
      ) : null}
    </div>
  );
}
