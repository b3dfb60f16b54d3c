import { useId } from 'preact/hooks';
import { i18n } from '#i18n';
import { formatPackDate } from '../../utils/format';
import type { Pack, Summary } from '../../utils/packs/model';
import { isHttpUrl } from '../../utils/packs/schema';
import { ClampedText } from './ClampedText';
import { Interpolated, slot } from './Interpolated';

type CardSummaryProps = {
  summary: Summary;
  /** The pack the summary comes from; its name is always shown (provenance). */
  pack: Pack | undefined;
  /** UI locale, for dates. */
  locale: string;
};

/** One archived summary in the hover card, attributed to its source and its pack. */
export function CardSummary({ summary, pack, locale }: CardSummaryProps) {
  const titleId = useId();
  const date = summary.publishedAt
    ? {
        value: summary.publishedAt,
        label: i18n.t('common.published', [formatPackDate(summary.publishedAt, locale)]),
      }
    : {
        value: summary.archivedAt,
        label: i18n.t('common.archived', [formatPackDate(summary.archivedAt, locale)]),
      };
  // The schema only lets http(s) URLs in; checked again here because this is where a
  // `javascript:` URL would turn into something that runs.
  const url = summary.url !== undefined && isHttpUrl(summary.url) ? summary.url : undefined;
  return (
    <article class="summary" aria-labelledby={titleId}>
      <h4 id={titleId} class="summary__title" dir="auto" lang={summary.lang}>
        {summary.title}
      </h4>
      <ClampedText
        class="summary__text"
        text={summary.text}
        lang={summary.lang}
        describedBy={titleId}
      />
      <p class="summary__meta">
        <span>
          <Interpolated
            message={i18n.t('common.source', [slot(0)])}
            values={[summary.source.name]}
          />
        </span>
        <span aria-hidden="true"> · </span>
        <time dateTime={date.value}>{date.label}</time>
      </p>
      {url ? (
        <p class="summary__link">
          <a href={url} target="_blank" rel="noopener noreferrer" aria-describedby={titleId}>
            {i18n.t('common.readMore')}
          </a>
        </p>
      ) : null}
      <p class="summary__pack">
        <Interpolated
          message={i18n.t('common.fromPack', [slot(0)])}
          values={[pack?.name ?? summary.packId]}
        />
      </p>
    </article>
  );
}
