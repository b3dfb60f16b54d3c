import { i18n } from '#i18n';
import type { Pack, Summary } from '../../utils/packs/model';
import { SummaryItem } from './SummaryItem';

type SummaryListProps = {
  summaries: readonly Summary[];
  packs: ReadonlyMap<string, Pack>;
  locale: string;
};

/** The archive's summaries, newest first, each with its provenance. */
export function SummaryList({ summaries, packs, locale }: SummaryListProps) {
  if (summaries.length === 0) return <p class="muted">{i18n.t('popup.archiveEmpty')}</p>;
  return (
    <ol class="summaries">
      {summaries.map((summary) => (
        <li key={summary.key}>
          <SummaryItem summary={summary} pack={packs.get(summary.packId)} locale={locale} />
        </li>
      ))}
    </ol>
  );
}
