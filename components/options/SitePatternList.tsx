import { useId, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { parseSitePattern, type SitePatternProblem } from '../../utils/settings/sites';
import { run } from './run';

type SitePatternListProps = {
  /** The list's heading, e.g. "Paused sites". */
  legend: string;
  hint: string;
  patterns: readonly string[];
  onChange: (patterns: string[]) => Promise<void>;
};

/** Why a pattern was refused, for people. */
export function sitePatternProblemText(problem: SitePatternProblem): string {
  switch (problem) {
    case 'empty':
      return i18n.t('options.sites.problemEmpty');
    case 'too-long':
      return i18n.t('options.sites.problemTooLong');
    case 'scheme':
      return i18n.t('options.sites.problemScheme');
    case 'wildcard':
      return i18n.t('options.sites.problemWildcard');
    case 'host':
      return i18n.t('options.sites.problemHost');
    case 'port':
      return i18n.t('options.sites.problemPort');
    case 'whitespace':
      return i18n.t('options.sites.problemWhitespace');
  }
}

/** A list of site patterns: add one (checked as it is added) or remove any. */
export function SitePatternList({ legend, hint, patterns, onChange }: SitePatternListProps) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  async function add() {
    const parsed = parseSitePattern(draft);
    if (!parsed.ok) {
      setError(sitePatternProblemText(parsed.problem));
      return;
    }
    if (patterns.includes(parsed.pattern.text)) {
      setError(i18n.t('options.sites.duplicate', [parsed.pattern.text]));
      return;
    }
    setError(null);
    await onChange([...patterns, parsed.pattern.text]);
    setDraft('');
  }

  return (
    <fieldset class="sites">
      <legend>{legend}</legend>
      <p id={`${id}-hint`} class="muted">
        {hint}
      </p>
      {patterns.length === 0 ? (
        <p class="muted">{i18n.t('options.sites.none')}</p>
      ) : (
        <ul class="sites__list">
          {patterns.map((pattern) => (
            <li key={pattern}>
              <code dir="ltr">{pattern}</code>{' '}
              <button
                type="button"
                class="button button--small"
                aria-label={i18n.t('options.sites.removeNamed', [pattern])}
                onClick={() =>
                  run(async () => {
                    await onChange(patterns.filter((p) => p !== pattern));
                    inputRef.current?.focus();
                  })
                }
              >
                {i18n.t('options.sites.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          run(add);
        }}
        noValidate
      >
        <label for={`${id}-new`}>{i18n.t('options.sites.addLabel')}</label>
        <input
          id={`${id}-new`}
          ref={inputRef}
          type="text"
          dir="ltr"
          spellcheck={false}
          autocomplete="off"
          placeholder="*.example.com"
          value={draft}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onInput={(event) => {
            setDraft(event.currentTarget.value);
            setError(null);
          }}
        />
        <button type="submit" class="button">
          {i18n.t('options.sites.add')}
        </button>
        {error ? (
          <p id={`${id}-error`} class="field__error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </fieldset>
  );
}
