import { i18n } from '#i18n';
import { ROVING_ITEM } from '../hooks/use-roving-focus';

type MentionLineProps = {
  /** The line of page text around the mention. */
  text: string;
  /** The alias as matched, marked where it appears in the line. */
  alias: string;
  /** When given, the line is a button that shows the mention on the page. */
  onShow?: () => void;
};

/** One mention's line of context, its alias marked; a button once the page can scroll to it. */
export function MentionLine({ text, alias, onShow }: MentionLineProps) {
  const parts = splitAround(text, alias);
  // Page text in any direction, isolated from the popup's own.
  const content = (
    <bdi dir="auto" class="mention-line__text">
      {parts ? (
        <>
          {parts[0]}
          <mark>{parts[1]}</mark>
          {parts[2]}
        </>
      ) : (
        text
      )}
    </bdi>
  );
  if (!onShow) return <span class="mention-line">{content}</span>;
  return (
    <button
      type="button"
      class="mention-line mention-line--button"
      {...{ [ROVING_ITEM]: '' }}
      onClick={onShow}
    >
      <span class="bs-visually-hidden">{i18n.t('popup.showMention')} </span>
      {content}
    </button>
  );
}

/**
 * The line split around the first case-insensitive occurrence of `alias`, or null. Only when
 * lowercasing keeps every length, so the offsets found in the lowercased line fit the original.
 */
function splitAround(text: string, alias: string): [string, string, string] | null {
  if (!alias) return null;
  const [lowerText, lowerAlias] = [text.toLowerCase(), alias.toLowerCase()];
  if (lowerText.length !== text.length || lowerAlias.length !== alias.length) return null;
  const at = lowerText.indexOf(lowerAlias);
  if (at < 0) return null;
  return [text.slice(0, at), text.slice(at, at + alias.length), text.slice(at + alias.length)];
}
