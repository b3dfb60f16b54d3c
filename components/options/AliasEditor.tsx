import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import * as v from 'valibot';
import { i18n } from '#i18n';
import { AliasListSchema } from '../../utils/archive/organisations';
import type { StoredOrganisation } from '../../utils/archive/schema';
import type { Alias } from '../../utils/packs/model';
import {
  formatPath,
  type ValidationIssue,
  type ValidationResult,
} from '../../utils/packs/validate';
import { AliasFields } from './AliasFields';
import { AliasPreview } from './AliasPreview';
import { IssueList } from './IssueList';
import { emptyDraft, fromDraft, toDraft, type AliasDraft } from './alias-draft';
import { run } from './run';

type AliasEditorProps = {
  organisation: StoredOrganisation;
  /** Saves the aliases; the answer's issues are shown by field. */
  onSave: (aliases: Alias[]) => Promise<ValidationResult<unknown>>;
  onClose: () => void;
};

/**
 * The aliases of one organisation, editable: add, remove, case-sensitive, context words, with a
 * live preview of what the aliases as edited would match. Checked with the same schema the
 * background uses before anything is sent.
 */
export function AliasEditor({ organisation, onSave, onClose }: AliasEditorProps) {
  const id = useId();
  const [drafts, setDrafts] = useState<AliasDraft[]>(() => organisation.aliases.map(toDraft));
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const focusRow = useRef<number | null>(null);
  const inputs = useRef(new Map<number, HTMLInputElement>());
  const addRef = useRef<HTMLButtonElement>(null);
  const aliases = useMemo(() => drafts.map(fromDraft), [drafts]);

  useEffect(() => {
    if (focusRow.current === null) return;
    inputs.current.get(focusRow.current)?.focus();
    focusRow.current = null;
  }, [drafts]);

  const errorsFor = (index: number): Record<string, string> => {
    const errors: Record<string, string> = {};
    for (const issue of issues) {
      const match = /^\[(\d+)\]\.?([a-zA-Z]+)?/.exec(issue.path);
      if (match && Number(match[1]) === index) errors[match[2] ?? 'text'] ??= issue.message;
    }
    return errors;
  };

  async function save() {
    const checked = v.safeParse(AliasListSchema, aliases);
    if (!checked.success) {
      setIssues(
        checked.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
      );
      return;
    }
    setSaving(true);
    try {
      const result = await onSave(checked.output);
      if (result.ok) {
        onClose();
        return;
      }
      // The background names fields from the organisation: `aliases[2].text`.
      setIssues(
        result.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^aliases/, '') })),
      );
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      class="aliases"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        run(save);
      }}
      noValidate
    >
      <h4 id={`${id}-title`} dir="auto">
        {i18n.t('options.aliases.title', [organisation.name])}
      </h4>
      {issues.length > 0 ? (
        <div role="alert" class="notice notice--error">
          <p>{i18n.t('options.aliases.invalid')}</p>
          <IssueList issues={issues.map((issue) => ({ ...issue, path: `aliases${issue.path}` }))} />
        </div>
      ) : null}
      <p id={`${id}-case-hint`} class="muted">
        {i18n.t('options.aliases.caseSensitiveHint')}
      </p>
      <p id={`${id}-context-hint`} class="muted">
        {i18n.t('options.aliases.contextHint')}
      </p>
      {drafts.length === 0 ? <p class="muted">{i18n.t('options.aliases.none')}</p> : null}
      {drafts.map((draft, index) => (
        <AliasFields
          key={draft.rowId}
          draft={draft}
          number={index + 1}
          errors={errorsFor(index)}
          hints={{ caseSensitive: `${id}-case-hint`, context: `${id}-context-hint` }}
          textRef={(input) => {
            if (input) inputs.current.set(draft.rowId, input);
            else inputs.current.delete(draft.rowId);
          }}
          onChange={(next) => setDrafts(drafts.map((d) => (d.rowId === draft.rowId ? next : d)))}
          onRemove={() => {
            const rest = drafts.filter((d) => d.rowId !== draft.rowId);
            setIssues([]);
            setDrafts(rest);
            // Focus goes to the row that took this one's place, or to "Add an alias".
            const next = rest[index] ?? rest[index - 1];
            if (next) focusRow.current = next.rowId;
            else addRef.current?.focus();
          }}
        />
      ))}
      <p class="actions">
        <button
          type="button"
          class="button"
          ref={addRef}
          onClick={() => {
            const draft = emptyDraft();
            focusRow.current = draft.rowId;
            setDrafts([...drafts, draft]);
          }}
        >
          {i18n.t('options.aliases.add')}
        </button>
        {organisation.packAliases ? (
          <button
            type="button"
            class="button"
            onClick={() => {
              setIssues([]);
              setDrafts((organisation.packAliases ?? []).map(toDraft));
            }}
          >
            {i18n.t('options.aliases.usePack')}
          </button>
        ) : null}
      </p>
      <AliasPreview orgKey={organisation.key} name={organisation.name} aliases={aliases} />
      <p class="actions">
        <button type="submit" class="button button--primary" disabled={saving}>
          {i18n.t('options.aliases.save')}
        </button>
        <button type="button" class="button" onClick={onClose}>
          {i18n.t('options.common.cancel')}
        </button>
      </p>
    </form>
  );
}
