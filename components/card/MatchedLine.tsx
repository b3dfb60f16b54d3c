import { i18n } from '#i18n';
import type { MatchReason } from '../../utils/matching/matcher';
import { Interpolated, slot } from './Interpolated';

type MatchedLineProps = {
  /** The alias as written in the pack. */
  alias: string;
  reason: MatchReason;
  /** Id for the line, so the dialog can be described by it. */
  id: string;
};

/** Which alias matched on the page and, for an ambiguous alias, what on the page supported it. */
export function MatchedLine({ alias, reason, id }: MatchedLineProps) {
  let message: string;
  let values: string[];
  switch (reason.kind) {
    case 'context-word':
      message = i18n.t('card.matchedNearby', [slot(0), slot(1)]);
      values = [alias, reason.word];
      break;
    case 'context-alias':
      message = i18n.t('card.matchedOnPage', [slot(0), slot(1)]);
      values = [alias, reason.supportingAlias];
      break;
    default:
      message = i18n.t('card.matched', [slot(0)]);
      values = [alias];
  }
  return (
    <p id={id} class="matched">
      <Interpolated message={message} values={values} />
    </p>
  );
}
