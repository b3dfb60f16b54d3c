import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { i18n } from '#i18n';
import type { StoredOrganisation } from '../../utils/archive/schema';
import type { Pack, Summary } from '../../utils/packs/model';
import { SummarySchema } from '../../utils/packs/schema';
import type { ValidationIssue, ValidationResult } from '../../utils/packs/validate';
import { OrganisationPicker } from './OrganisationPicker';
import { TextField } from './TextField';
import { fieldErrors, toIssues } from './field-errors';
import { run } from './run';

type NoteFormProps = {
  organisations: readonly StoredOrganisation[];
  packs: ReadonlyMap<string, Pack>;
  /** The note being edited; a new note when absent. */
  initial?: Summary;
  /** Saves the note; issues in the answer are shown by field. */
  onSave: (note: Record<string, unknown>) => Promise<ValidationResult<unknown>>;
  onCancel?: () => void;
};

/**
 * Writing or editing a note: title, text, source and its link, a link to the article, a date and
 * the organisations it is about. Checked by the summary schema the background applies, so every
 * problem shows next to its field before anything is sent.
 */
export function NoteForm({ organisations, packs, initial, onSave, onCancel }: NoteFormProps) {
  const [title, setTitle] = useState(initial?.title ?? '');
  const [text, setText] = useState(initial?.text ?? '');
  const [sourceName, setSourceName] = useState(initial?.source.name ?? '');
  const [sourceUrl, setSourceUrl] = useState(initial?.source.url ?? '');
  const [url, setUrl] = useState(initial?.url ?? '');
  const [publishedAt, setPublishedAt] = useState(initial?.publishedAt ?? '');
  const [organisationIds, setOrganisationIds] = useState<string[]>(initial?.organisationIds ?? []);
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const errors = fieldErrors(issues);

  async function submit() {
    const note: Record<string, unknown> = {
      ...(initial ? { id: initial.id, archivedAt: initial.archivedAt, tags: initial.tags } : {}),
      ...(initial?.lang ? { lang: initial.lang } : {}),
      title,
      text,
      source: { name: sourceName, ...(sourceUrl.trim() ? { url: sourceUrl.trim() } : {}) },
      ...(url.trim() ? { url: url.trim() } : {}),
      ...(publishedAt.trim() ? { publishedAt: publishedAt.trim() } : {}),
      organisationIds,
    };
    // The background fills a new note's id and date; stand-ins let the same schema check the rest.
    const checked = v.safeParse(SummarySchema, {
      id: 'new',
      archivedAt: '2000-01-01',
      ...note,
    });
    if (!checked.success) {
      setIssues(toIssues(checked.issues));
      return;
    }
    setSaving(true);
    try {
      const result = await onSave(note);
      if (!result.ok) {
        setIssues(result.issues);
      } else if (!initial) {
        // Ready for the next note.
        setTitle('');
        setText('');
        setUrl('');
        setPublishedAt('');
        setIssues([]);
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      class="card-form note-form"
      aria-labelledby="note-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        run(submit);
      }}
      noValidate
    >
      <h3 id="note-form-title">
        {initial ? i18n.t('options.notes.editTitle') : i18n.t('options.notes.newTitle')}
      </h3>
      {issues.length > 0 ? (
        <p role="alert" class="notice notice--error">
          {i18n.t('options.common.fixErrors')}
        </p>
      ) : null}
      <TextField
        label={i18n.t('options.notes.title')}
        name="title"
        value={title}
        onInput={setTitle}
        error={errors.title}
        required
      />
      <TextField
        label={i18n.t('options.notes.text')}
        name="text"
        value={text}
        onInput={setText}
        error={errors.text}
        multiline
        rows={6}
        required
      />
      <TextField
        label={i18n.t('options.notes.sourceName')}
        name="sourceName"
        value={sourceName}
        onInput={setSourceName}
        error={errors['source.name'] ?? errors.source}
        hint={i18n.t('options.notes.sourceNameHint')}
        required
      />
      <TextField
        label={i18n.t('options.notes.sourceUrl')}
        name="sourceUrl"
        type="url"
        dir="ltr"
        value={sourceUrl}
        onInput={setSourceUrl}
        error={errors['source.url']}
      />
      <TextField
        label={i18n.t('options.notes.url')}
        name="url"
        type="url"
        dir="ltr"
        value={url}
        onInput={setUrl}
        error={errors.url}
      />
      <TextField
        label={i18n.t('options.notes.date')}
        name="publishedAt"
        dir="ltr"
        value={publishedAt}
        onInput={setPublishedAt}
        error={errors.publishedAt}
        hint={i18n.t('options.notes.dateHint')}
        placeholder="2024-05-31"
      />
      <OrganisationPicker
        organisations={organisations}
        packs={packs}
        selected={organisationIds}
        onChange={setOrganisationIds}
        error={errors.organisationIds}
      />
      <p class="actions">
        <button type="submit" class="button button--primary" disabled={saving}>
          {initial ? i18n.t('options.common.save') : i18n.t('options.notes.add')}
        </button>
        {onCancel ? (
          <button type="button" class="button" onClick={onCancel}>
            {i18n.t('options.common.cancel')}
          </button>
        ) : null}
      </p>
    </form>
  );
}
