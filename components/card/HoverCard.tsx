import type { JSX, TargetedKeyboardEvent } from 'preact';
import { useId } from 'preact/hooks';
import { i18n } from '#i18n';
import type { CardData } from '../../utils/messaging';
import type { MatchReason } from '../../utils/matching/matcher';
import type { Pack } from '../../utils/packs/model';
import { ArchiveFooter } from './ArchiveFooter';
import { CardSummaries } from './CardSummaries';
import { ClampedText } from './ClampedText';
import { Interpolated, slot } from './Interpolated';
import { MatchedLine } from './MatchedLine';
import { PackNotes } from './PackNotes';

/**
 * What the card shows below the matched line: the background's answer, `null` when no enabled
 * pack describes the organisation any more, `'loading'` while the answer is on its way, or an
 * error message when the request failed.
 */
export type HoverCardData = CardData | null | 'loading' | { error: string };

/** The mention the card is about, as the content script's matcher found it. */
export type HoverCardMatch = {
  /** Global key of the organisation (`packId/orgId`); passed back to `onOpenArchive`. */
  orgKey: string;
  /** The organisation's name from the matcher source, shown until the card data arrives. */
  name: string;
  /** The alias as written in the pack. */
  alias: string;
  reason: MatchReason;
};

export type HoverCardProps = {
  data: HoverCardData;
  matched: HoverCardMatch;
  /** The UI locale (BCP 47), for the card's `lang` and for dates. */
  locale: string;
  /** Close button or Escape inside the card; the content script removes the card. */
  onClose(): void;
  /** "Open all N in the archive"; the content script opens the archive at this organisation. */
  onOpenArchive(orgKey: string): void;
  /** Lets the content script keep the card open while the pointer is over it. */
  onPointerEnter?: ((event: PointerEvent) => void) | undefined;
  onPointerLeave?: ((event: PointerEvent) => void) | undefined;
};

/** The packs the card's text comes from: the organisation's first, then each summary's, once each. */
function packsInUse(data: CardData): Pack[] {
  const ids = new Set([data.organisation.packId, ...data.summaries.map((s) => s.packId)]);
  return [...ids].flatMap((id) => {
    const pack = data.packs[id];
    return pack ? [pack] : [];
  });
}

/**
 * The hover card: an organisation's name and kind, why its name matched here, its description
 * and its archived summaries newest first, every piece of pack text attributed to its pack.
 * Pack text is only ever rendered as text nodes, each with its own direction.
 */
export function HoverCard({
  data,
  matched,
  locale,
  onClose,
  onOpenArchive,
  onPointerEnter,
  onPointerLeave,
}: HoverCardProps) {
  const nameId = useId();
  const matchedId = useId();
  const loaded = data !== null && data !== 'loading' && !('error' in data) ? data : undefined;
  const organisation = loaded?.organisation;
  const name = organisation?.name ?? matched.name;

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return;
    // Handled here, so the content script's document-level Escape handler does not close it twice.
    event.stopPropagation();
    onClose();
  };

  let body: JSX.Element;
  if (data === 'loading') {
    body = (
      <p class="status" role="status">
        {i18n.t('common.loading')}
      </p>
    );
  } else if (data === null) {
    body = (
      <p class="status">
        <Interpolated message={i18n.t('card.notFound', [slot(0)])} values={[name]} />
      </p>
    );
  } else if (!loaded) {
    body = (
      <p class="status status--error" role="alert">
        <Interpolated
          message={i18n.t('common.error', [slot(0)])}
          values={['error' in data ? data.error : '']}
        />
      </p>
    );
  } else {
    const orgPack = loaded.packs[loaded.organisation.packId];
    body = (
      <>
        {loaded.organisation.description ? (
          <div class="description">
            <ClampedText text={loaded.organisation.description} describedBy={nameId} />
            <p class="description__pack">
              <Interpolated
                message={i18n.t('common.fromPack', [slot(0)])}
                values={[orgPack?.name ?? loaded.organisation.packId]}
              />
            </p>
          </div>
        ) : null}
        <CardSummaries
          summaries={loaded.summaries}
          total={loaded.total}
          name={name}
          packs={loaded.packs}
          locale={locale}
        />
        <PackNotes packs={packsInUse(loaded)} />
      </>
    );
  }

  return (
    <div
      class="card"
      role="dialog"
      aria-labelledby={nameId}
      aria-describedby={matchedId}
      tabIndex={-1}
      lang={locale}
      // `all: initial` on the host does not reset `direction`, so the chrome sets its own from the
      // UI language instead of inheriting the page's.
      dir={i18n.t('@@bidi_dir') === 'rtl' ? 'rtl' : 'ltr'}
      onKeyDown={onKeyDown}
      onPointerEnter={onPointerEnter}
      onPointerLeave={onPointerLeave}
    >
      <header class="header">
        <div class="header__titles">
          <h2 id={nameId} class="name" dir="auto">
            {name}
          </h2>
          {organisation ? <p class="kind">{i18n.t(`kinds.${organisation.kind}`)}</p> : null}
        </div>
        <button
          type="button"
          class="close"
          aria-label={i18n.t('card.close')}
          title={i18n.t('card.close')}
          onClick={onClose}
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d="M3.5 3.5l9 9m0-9l-9 9" />
          </svg>
        </button>
      </header>
      <MatchedLine id={matchedId} alias={matched.alias} reason={matched.reason} />
      <div class="body">{body}</div>
      {loaded && loaded.total > 0 ? (
        <ArchiveFooter
          shown={loaded.summaries.length}
          total={loaded.total}
          onOpenArchive={() => onOpenArchive(loaded.organisation.key)}
        />
      ) : null}
    </div>
  );
}
