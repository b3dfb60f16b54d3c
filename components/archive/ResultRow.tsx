import { i18n } from '#i18n';
import { formatPackDate } from '../../utils/format';
import type { Pack, Summary } from '../../utils/packs/model';
import { Interpolated, slot } from '../card/Interpolated';

type ResultRowProps = {
  id: string;
  summary: Summary;
  pack: Pack | undefined;
  locale: string;
  index: number;
  /** How many results there are in all (most are not rendered). */
  total: number;
  active: boolean;
  top: number;
  onClick(index: number): void;
};

/** One summary in the results list: its title, source and date, and the pack it comes from. */
export function ResultRow({
  id,
  summary,
  pack,
  locale,
  index,
  total,
  active,
  top,
  onClick,
}: ResultRowProps) {
  const date = summary.publishedAt
    ? formatPackDate(summary.publishedAt, locale)
    : i18n.t('common.archived', [formatPackDate(summary.archivedAt, locale)]);
  return (
    // The option's name is its title; source, date and pack describe it (read after a pause).
    <div
      id={id}
      role="option"
      class="result summary"
      data-row=""
      aria-selected={active}
      aria-setsize={total}
      aria-posinset={index + 1}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-meta ${id}-pack`}
      style={{ top: `${top}px` }}
      onClick={() => onClick(index)}
    >
      <span id={`${id}-title`} class="result__title summary__title" dir="auto" lang={summary.lang}>
        {summary.title}
      </span>
      <span id={`${id}-meta`} class="result__meta summary__meta">
        <bdi>{summary.source.name}</bdi>
        <span aria-hidden="true"> · </span>
        <time dateTime={summary.publishedAt ?? summary.archivedAt}>{date}</time>
      </span>
      <span id={`${id}-pack`} class="result__pack summary__pack">
        <Interpolated
          message={i18n.t('common.fromPack', [slot(0)])}
          values={[pack?.name ?? summary.packId]}
        />
      </span>
    </div>
  );
}
