import { useId } from 'preact/hooks';
import { i18n } from '#i18n';
import type { Pack, Summary } from '../../utils/packs/model';
import { CardSummary } from './CardSummary';
import { Interpolated, slot } from './Interpolated';

type CardSummariesProps = {
  /** Newest first, as `CardData` delivers them; shown in the order given. */
  summaries: readonly Summary[];
  /** All summaries about the organisation in enabled packs. */
  total: number;
  /** The organisation's name, for the empty state. */
  name: string;
  packs: Readonly<Record<string, Pack>>;
  locale: string;
};

/** The organisation's archived summaries, newest first, or a plain note that there are none. */
export function CardSummaries({ summaries, total, name, packs, locale }: CardSummariesProps) {
  const headingId = useId();
  if (total === 0 && summaries.length === 0) {
    return (
      <p class="status">
        <Interpolated message={i18n.t('card.empty', [slot(0)])} values={[name]} />
      </p>
    );
  }
  const count = Math.max(total, summaries.length);
  return (
    <section class="summaries" aria-labelledby={headingId}>
      <h3 id={headingId} class="summaries__title">
        {i18n.t('card.summaries', count, [String(count)])}
      </h3>
      <ol class="summaries__list">
        {summaries.map((summary) => (
          <li key={summary.key}>
            <CardSummary summary={summary} pack={packs[summary.packId]} locale={locale} />
          </li>
        ))}
      </ol>
    </section>
  );
}
