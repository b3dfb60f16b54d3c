import { useId, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { Pack, Summary } from '../../utils/packs/model';
import { isHttpUrl } from '../../utils/packs/schema';
import { formatPackDate } from '../../utils/format';

type SummaryItemProps = {
  summary: Summary;
  /** The pack the summary comes from; its name is always shown (provenance). */
  pack: Pack | undefined;
  locale: string;
};

/** One archived summary: title, attribution and dates, with its text on demand. */
export function SummaryItem({ summary, pack, locale }: SummaryItemProps) {
  const [open, setOpen] = useState(false);
  const textId = useId();
  const date = summary.publishedAt
    ? i18n.t('common.published', [formatPackDate(summary.publishedAt, locale)])
    : i18n.t('common.archived', [formatPackDate(summary.archivedAt, locale)]);
  return (
    <article class="summary" lang={summary.lang} aria-labelledby={`${textId}-title`}>
      <h3 class="summary__title" id={`${textId}-title`} dir="auto">
        <button
          type="button"
          class="summary__toggle"
          aria-expanded={open}
          aria-controls={textId}
          onClick={() => setOpen(!open)}
        >
          <bdi>{summary.title}</bdi>
        </button>
      </h3>
      <p class="summary__meta">
        <span>{i18n.t('common.source', [summary.source.name])}</span>
        <span aria-hidden="true"> · </span>
        <span>{date}</span>
      </p>
      <p class="summary__pack">{i18n.t('common.fromPack', [pack?.name ?? summary.packId])}</p>
      <div id={textId} class="summary__body" hidden={!open}>
        <p class="summary__text" dir="auto">
          {summary.text}
        </p>
        {summary.url && isHttpUrl(summary.url) ? (
          <p>
            <a href={summary.url} target="_blank" rel="noopener noreferrer">
              {i18n.t('common.readMore')}
            </a>
          </p>
        ) : null}
      </div>
    </article>
  );
}
