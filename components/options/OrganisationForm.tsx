import { useId, useState } from 'preact/hooks';
import * as v from 'valibot';
import { i18n } from '#i18n';
import type { StoredOrganisation } from '../../utils/archive/schema';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../utils/packs/model';
import { OrganisationSchema } from '../../utils/packs/schema';
import type { ValidationIssue, ValidationResult } from '../../utils/packs/validate';
import { TextField } from './TextField';
import { fieldErrors, toIssues } from './field-errors';
import { run } from './run';

type OrganisationFormProps = {
  /** The organisation being edited; a new one when absent. */
  initial?: StoredOrganisation;
  /** Saves it; issues in the answer are shown by field. */
  onSave: (organisation: Record<string, unknown>) => Promise<ValidationResult<unknown>>;
  onCancel: () => void;
};

/**
 * A form for one of the user's own organisations: name, kind, description and, for a new one, its
 * aliases one per line (afterwards they are edited like any organisation's).
 */
export function OrganisationForm({ initial, onSave, onCancel }: OrganisationFormProps) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<OrganisationKind>(initial?.kind ?? 'organisation');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [aliasLines, setAliasLines] = useState('');
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const errors = fieldErrors(issues);

  async function submit() {
    const lines = aliasLines
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const organisation: Record<string, unknown> = {
      ...(initial ? { id: initial.id } : {}),
      name,
      kind,
      description,
      // A new organisation is at least found by its own name.
      aliases: initial
        ? initial.aliases
        : (lines.length > 0 ? lines : [name.trim()]).map((text) => ({ text })),
    };
    // The same schema the background applies; the id is made there for a new organisation.
    const checked = v.safeParse(OrganisationSchema, { id: 'new', ...organisation });
    if (!checked.success) {
      setIssues(toIssues(checked.issues));
      return;
    }
    setSaving(true);
    try {
      const result = await onSave(organisation);
      if (!result.ok) setIssues(result.issues);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      class="card-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        run(submit);
      }}
      noValidate
    >
      <h4 id={`${id}-title`}>
        {initial
          ? i18n.t('options.organisations.editOwnTitle')
          : i18n.t('options.organisations.addTitle')}
      </h4>
      {issues.length > 0 ? (
        <p role="alert" class="notice notice--error">
          {i18n.t('options.common.fixErrors')}
        </p>
      ) : null}
      <TextField
        label={i18n.t('options.organisations.name')}
        name="name"
        value={name}
        onInput={setName}
        error={errors.name}
        required
      />
      <div class="field">
        <label for={`${id}-kind`}>{i18n.t('options.organisations.kind')}</label>
        <select
          id={`${id}-kind`}
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as OrganisationKind)}
        >
          {ORGANISATION_KINDS.map((option) => (
            <option key={option} value={option}>
              {i18n.t(`kinds.${option}`)}
            </option>
          ))}
        </select>
        {errors.kind ? <p class="field__error">{errors.kind}</p> : null}
      </div>
      <TextField
        label={i18n.t('options.organisations.description')}
        name="description"
        value={description}
        onInput={setDescription}
        error={errors.description}
        multiline
        rows={3}
        required
      />
      {initial ? null : (
        <TextField
          label={i18n.t('options.organisations.aliases')}
          name="aliases"
          value={aliasLines}
          onInput={setAliasLines}
          error={errors.aliases}
          hint={i18n.t('options.organisations.aliasesHint')}
          multiline
          rows={3}
        />
      )}
      <p class="actions">
        <button type="submit" class="button button--primary" disabled={saving}>
          {initial ? i18n.t('options.common.save') : i18n.t('options.organisations.addSubmit')}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          {i18n.t('options.common.cancel')}
        </button>
      </p>
    </form>
  );
}
