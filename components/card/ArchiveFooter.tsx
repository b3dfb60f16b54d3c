import { i18n } from '#i18n';

type ArchiveFooterProps = {
  /** How many summaries the card shows. */
  shown: number;
  /** All summaries about the organisation in enabled packs. */
  total: number;
  onOpenArchive(): void;
};

/** How much of the archive the card shows, and the way to the rest of it. */
export function ArchiveFooter({ shown, total, onOpenArchive }: ArchiveFooterProps) {
  return (
    <footer class="footer">
      {shown > 0 && shown < total ? (
        <p class="footer__note">
          {i18n.t('card.showingNewest', shown, [String(shown), String(total)])}
        </p>
      ) : null}
      <button type="button" class="primary-button" onClick={onOpenArchive}>
        {i18n.t('card.openAll', total, [String(total)])}
      </button>
    </footer>
  );
}
