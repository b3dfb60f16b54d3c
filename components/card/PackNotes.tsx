import { useId } from 'preact/hooks';
import { i18n } from '#i18n';
import type { Pack } from '../../utils/packs/model';
import { Interpolated, slot } from './Interpolated';

type PackNotesProps = {
  /** The packs the card's text comes from, in the order first used; those without a note are skipped. */
  packs: readonly Pack[];
};

/** Each pack's own statement of where its words come from, once per pack rather than per summary. */
export function PackNotes({ packs }: PackNotesProps) {
  const headingId = useId();
  const noted = packs.filter((pack) => pack.provenance);
  if (noted.length === 0) return null;
  return (
    <section class="notes" aria-labelledby={headingId}>
      <h3 id={headingId} class="notes__title">
        {i18n.t('card.aboutPacks')}
      </h3>
      <ul class="notes__list">
        {noted.map((pack) => (
          <li key={pack.id} dir="auto">
            <Interpolated
              message={i18n.t('card.packNote', [slot(0), slot(1)])}
              values={[pack.name, pack.provenance ?? '']}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
