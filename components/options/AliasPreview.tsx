import { useId, useMemo, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import {
  compileMatcher,
  findMentions,
  type Match,
  type Mention,
} from '../../utils/matching/matcher';
import type { Alias } from '../../utils/packs/model';

/** Longest text the preview matches, so a huge paste cannot freeze the page. */
const MAX_PREVIEW_TEXT = 20_000;

type AliasPreviewProps = {
  orgKey: string;
  name: string;
  /** The aliases being edited, saved or not. */
  aliases: readonly Alias[];
};

/**
 * A text box to paste text into, and what the organisation's current aliases would match in it:
 * the text with each mention marked, each mention with the reason it counts, and the ambiguous
 * matches left out for want of context.
 */
export function AliasPreview({ orgKey, name, aliases }: AliasPreviewProps) {
  const id = useId();
  const [text, setText] = useState('');
  const matcher = useMemo(
    () => compileMatcher([{ key: orgKey, name, aliases: aliases.filter((a) => a.text.trim()) }]),
    [orgKey, name, aliases],
  );
  const sample = text.slice(0, MAX_PREVIEW_TEXT);
  const { mentions, dropped } = useMemo(() => {
    const found = findMentions(matcher, sample);
    const counted = new Set(found.map((m) => `${m.start}:${m.end}`));
    const left = matcher
      .findMatches(sample)
      .filter((m) => matcher.requiresContext(m) && !counted.has(`${m.start}:${m.end}`));
    return { mentions: found, dropped: left };
  }, [matcher, sample]);

  return (
    <div class="preview">
      <label for={`${id}-text`}>{i18n.t('options.aliases.previewLabel')}</label>
      <textarea
        id={`${id}-text`}
        dir="auto"
        rows={4}
        value={text}
        aria-describedby={`${id}-hint`}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <p id={`${id}-hint`} class="muted">
        {i18n.t('options.aliases.previewHint')}
      </p>
      {sample.trim() ? (
        <div aria-live="polite">
          <p class="preview__text" dir="auto">
            <MarkedText text={sample} mentions={mentions} />
          </p>
          <p>
            {i18n.t('options.aliases.previewCount', mentions.length, [String(mentions.length)])}
          </p>
          <ul class="preview__list">
            {mentions.map((mention) => (
              <li key={`${mention.start}`}>
                <mark dir="auto">{sample.slice(mention.start, mention.end)}</mark>{' '}
                <span>{reasonText(mention)}</span>
              </li>
            ))}
            {dropped.map((match) => (
              <li key={`dropped-${match.start}`} class="preview__dropped">
                <span dir="auto">{sample.slice(match.start, match.end)}</span>{' '}
                <span>{i18n.t('options.aliases.reasonDropped', [match.aliasText])}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Why a mention counts, in words. */
function reasonText(mention: Mention): string {
  switch (mention.reason.kind) {
    case 'alias':
      return i18n.t('options.aliases.reasonAlias', [mention.aliasText]);
    case 'context-alias':
      return i18n.t('options.aliases.reasonContextAlias', [
        mention.aliasText,
        mention.reason.supportingAlias,
      ]);
    case 'context-word':
      return i18n.t('options.aliases.reasonContextWord', [mention.aliasText, mention.reason.word]);
  }
}

type MarkedTextProps = { text: string; mentions: readonly Match[] };

/** The text with every mention in a `<mark>`; always text nodes, never markup from the input. */
function MarkedText({ text, mentions }: MarkedTextProps) {
  const parts = [];
  let at = 0;
  for (const mention of mentions) {
    if (mention.start > at) parts.push(text.slice(at, mention.start));
    parts.push(<mark key={mention.start}>{text.slice(mention.start, mention.end)}</mark>);
    at = mention.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
