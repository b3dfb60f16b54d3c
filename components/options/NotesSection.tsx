import { useMemo, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { formatPackDate } from '../../utils/format';
import type { Summary } from '../../utils/packs/model';
import { ConfirmButton } from './ConfirmButton';
import { NoteForm } from './NoteForm';
import type { ArchiveSnapshot, RequestFn } from './services';

type NotesSectionProps = {
  archive: ArchiveSnapshot;
  request: RequestFn;
  onChanged: (message: string) => Promise<void>;
  locale: string;
};

/**
 * The user's own notes: a form to write one, and the notes written so far, each editable and
 * deletable. Notes live in their own pack, which no import or update ever writes to.
 */
export function NotesSection({ archive, request, onChanged, locale }: NotesSectionProps) {
  const [editing, setEditing] = useState<Summary | null>(null);
  const packs = useMemo(() => new Map(archive.packs.map((p) => [p.id, p])), [archive.packs]);
  const names = useMemo(
    () => new Map(archive.organisations.map((o) => [o.key, o.name])),
    [archive.organisations],
  );

  const save = async (note: Record<string, unknown>) => {
    const result = await request('ui:save-note', { note });
    if (result.ok) {
      setEditing(null);
      await onChanged(i18n.t('options.notes.saved', [result.value.title]));
    }
    return result;
  };

  return (
    <section id="notes" class="section" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{i18n.t('options.notes.heading')}</h2>
      <p class="muted">{i18n.t('options.notes.intro')}</p>
      {editing ? (
        <NoteForm
          key={editing.key}
          organisations={archive.organisations}
          packs={packs}
          initial={editing}
          onSave={save}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <NoteForm organisations={archive.organisations} packs={packs} onSave={save} />
      )}
      <h3>
        {i18n.t('options.notes.listTitle', archive.notes.length, [String(archive.notes.length)])}
      </h3>
      {archive.notes.length === 0 ? (
        <p class="muted">{i18n.t('options.notes.empty')}</p>
      ) : (
        <ul class="notes">
          {archive.notes.map((note) => (
            <li key={note.key} class="note">
              <p class="note__title" dir="auto">
                <bdi>{note.title}</bdi>
              </p>
              <p class="muted">
                {note.publishedAt ? formatPackDate(note.publishedAt, locale) : null}
                {note.publishedAt ? ' · ' : null}
                {note.organisationIds.map((key, index) => (
                  <span key={key}>
                    {index > 0 ? ', ' : null}
                    <bdi>{names.get(key) ?? key}</bdi>
                  </span>
                ))}
              </p>
              <p class="actions">
                <button
                  type="button"
                  class="button"
                  aria-label={i18n.t('options.notes.editOf', [note.title])}
                  onClick={() => setEditing(note)}
                >
                  {i18n.t('options.common.edit')}
                </button>
                <ConfirmButton
                  label={i18n.t('options.common.delete')}
                  accessibleLabel={i18n.t('options.notes.deleteOf', [note.title])}
                  question={i18n.t('options.notes.deleteQuestion', [note.title])}
                  confirmLabel={i18n.t('options.notes.deleteConfirm')}
                  onConfirm={async () => {
                    await request('ui:delete-note', { id: note.id });
                    if (editing?.key === note.key) setEditing(null);
                    await onChanged(i18n.t('options.notes.deleted', [note.title]));
                  }}
                />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
