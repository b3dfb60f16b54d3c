import { useEffect, useId, useRef } from 'preact/hooks';
import { i18n } from '#i18n';
import { formatPackDate } from '../../utils/format';
import type { Organisation, Pack, Summary } from '../../utils/packs/model';
import { isHttpUrl } from '../../utils/packs/schema';
import { Interpolated, slot } from '../card/Interpolated';

type SummaryDetailProps = {
  summary: Summary;
  /** The pack the summary comes from: its name, publisher and provenance are shown. */
  pack: Pack | undefined;
  /** Organisations by key, for the names of those the summary is about. */
  organisations: ReadonlyMap<string, Organisation>;
  locale: string;
  /** Back to the results (the back button and Escape). */
  onBack(): void;
  /** Filters the archive by one of the summary's organisations. */
  onShowOrganisation(organisationKey: string): void;
};

/** One summary in full: its text, source and dates, what it is about, its link and provenance. */
export function SummaryDetail({
  summary,
  pack,
  organisations,
  locale,
  onBack,
  onShowOrganisation,
}: SummaryDetailProps) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // Moving focus to the title makes screen readers announce the summary that just opened.
  useEffect(() => heading.current?.focus(), [summary.key]);

  // The schema only lets http(s) URLs in; checked again where they would become links.
  const url = summary.url !== undefined && isHttpUrl(summary.url) ? summary.url : undefined;
  const sourceUrl =
    summary.source.url !== undefined && isHttpUrl(summary.source.url)
      ? summary.source.url
      : undefined;
  const about = summary.organisationIds.map((key) => ({
    key,
    name: organisations.get(key)?.name ?? key,
  }));

  return (
    <article
      class="detail"
      aria-labelledby={`${id}-title`}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        onBack();
      }}
    >
      <button type="button" class="detail__back link-button" onClick={onBack}>
        <span aria-hidden="true" class="detail__back-arrow">
          ←
        </span>{' '}
        {i18n.t('search.back')}
      </button>
      <h2
        id={`${id}-title`}
        ref={heading}
        tabIndex={-1}
        class="detail__title"
        dir="auto"
        lang={summary.lang}
      >
        {summary.title}
      </h2>
      <p class="detail__meta">
        <span>
          {sourceUrl ? (
            <a href={sourceUrl} target="_blank" rel="noopener noreferrer">
              <Interpolated
                message={i18n.t('common.source', [slot(0)])}
                values={[summary.source.name]}
              />
            </a>
          ) : (
            <Interpolated
              message={i18n.t('common.source', [slot(0)])}
              values={[summary.source.name]}
            />
          )}
        </span>
        {summary.publishedAt ? (
          <>
            <span aria-hidden="true"> · </span>
            <time dateTime={summary.publishedAt}>
              {i18n.t('common.published', [formatPackDate(summary.publishedAt, locale)])}
            </time>
          </>
        ) : null}
        <span aria-hidden="true"> · </span>
        <time dateTime={summary.archivedAt}>
          {i18n.t('common.archived', [formatPackDate(summary.archivedAt, locale)])}
        </time>
      </p>
      <p class="detail__text" dir="auto" lang={summary.lang}>
        {summary.text}
      </p>
      {url ? (
        <p class="detail__link">
          <a href={url} target="_blank" rel="noopener noreferrer">
            {i18n.t('common.readMore')}
          </a>
        </p>
      ) : null}
      {about.length > 0 ? (
        <section class="detail__section" aria-labelledby={`${id}-about`}>
          <h3 id={`${id}-about`}>{i18n.t('search.about')}</h3>
          <ul class="chips">
            {about.map(({ key, name }) => (
              <li key={key}>
                <button
                  type="button"
                  class="chip"
                  aria-label={i18n.t('search.showAllAbout', [name])}
                  onClick={() => onShowOrganisation(key)}
                >
                  <bdi>{name}</bdi>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {summary.tags.length > 0 ? (
        <section class="detail__section" aria-labelledby={`${id}-tags`}>
          <h3 id={`${id}-tags`}>{i18n.t('search.tags')}</h3>
          <ul class="tags">
            {summary.tags.map((tag) => (
              <li key={tag} dir="auto">
                {tag}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section class="detail__section detail__provenance" aria-labelledby={`${id}-pack`}>
        <h3 id={`${id}-pack`}>{i18n.t('popup.provenance')}</h3>
        <p class="detail__pack">
          {pack ? (
            <Interpolated
              message={i18n.t('search.packBy', [slot(0), slot(1)])}
              values={[pack.name, pack.publisher]}
            />
          ) : (
            <Interpolated
              message={i18n.t('common.fromPack', [slot(0)])}
              values={[summary.packId]}
            />
          )}
        </p>
        {pack?.provenance ? (
          <p class="detail__provenance-text" dir="auto">
            {pack.provenance}
          </p>
        ) : null}
      </section>
    </article>
  );
}
