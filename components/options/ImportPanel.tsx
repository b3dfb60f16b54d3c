import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { ImportError, ImportMode, ImportPreview } from '../../utils/archive/import';
import { PACK_LIMITS } from '../../utils/packs/schema';
import { FileDrop } from './FileDrop';
import { ImportChanges } from './ImportChanges';
import { IssueList } from './IssueList';
import { run } from './run';
import type { RequestFn } from './services';

type ImportPanelProps = {
  request: RequestFn;
  onChanged: (message: string) => Promise<void>;
};

type State =
  | { phase: 'idle' }
  | { phase: 'busy' }
  | {
      phase: 'preview';
      text: string;
      fileName: string;
      preview: Extract<ImportPreview, { ok: true }>;
    }
  | { phase: 'error'; fileName: string; error: ImportError };

/**
 * Importing a pack file: choose or drop it, see exactly what would change, pick replace or merge,
 * then import. Nothing is written before the user confirms; a bad file lists its problems by path.
 */
export function ImportPanel({ request, onChanged }: ImportPanelProps) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [mode, setMode] = useState<ImportMode>('replace');

  async function preview(text: string, fileName: string, chosenMode: ImportMode) {
    setState({ phase: 'busy' });
    try {
      const result = await request('ui:preview-import', { text, mode: chosenMode });
      setState(
        result.ok
          ? { phase: 'preview', text, fileName, preview: result }
          : { phase: 'error', fileName, error: result.error },
      );
    } catch (error) {
      setState({ phase: 'error', fileName, error: { kind: 'database', message: String(error) } });
    }
  }

  async function choose(file: File) {
    // Refused before reading: a huge file would cost memory for nothing.
    if (file.size > PACK_LIMITS.fileBytes) {
      setState({
        phase: 'error',
        fileName: file.name,
        error: {
          kind: 'invalid',
          message: i18n.t('options.import.tooLarge', [String(PACK_LIMITS.fileBytes / 1024 / 1024)]),
          issues: [],
        },
      });
      return;
    }
    await preview(await file.text(), file.name, mode);
  }

  async function commit() {
    if (state.phase !== 'preview') return;
    const { text } = state;
    setState({ phase: 'busy' });
    const result = await request('ui:import-pack', { text, mode });
    if (!result.ok) {
      setState({ phase: 'error', fileName: '', error: result.error });
      return;
    }
    setState({ phase: 'idle' });
    await onChanged(i18n.t('options.import.done', [result.summary.packName]));
  }

  return (
    <section class="group" aria-labelledby="import-heading">
      <h3 id="import-heading">{i18n.t('options.import.title')}</h3>
      <fieldset>
        <legend>{i18n.t('options.import.mode')}</legend>
        {(['replace', 'merge'] as const).map((option) => (
          <label key={option} class="check">
            <input
              type="radio"
              name="import-mode"
              value={option}
              checked={mode === option}
              onChange={() => {
                setMode(option);
                if (state.phase === 'preview') {
                  const { text, fileName } = state;
                  run(() => preview(text, fileName, option));
                }
              }}
            />{' '}
            {option === 'replace'
              ? i18n.t('options.import.modeReplace')
              : i18n.t('options.import.modeMerge')}
          </label>
        ))}
      </fieldset>
      <FileDrop
        label={i18n.t('options.import.file')}
        disabled={state.phase === 'busy'}
        onFile={(file) => run(() => choose(file))}
      />
      <div aria-live="polite">
        {state.phase === 'busy' ? <p class="muted">{i18n.t('common.loading')}</p> : null}
        {state.phase === 'preview' ? (
          <div class="notice">
            <p>{i18n.t('options.import.previewIntro', [state.fileName])}</p>
            <ImportChanges summary={state.preview.summary} changes={state.preview.changes} />
            <p class="actions">
              <button type="button" class="button button--primary" onClick={() => run(commit)}>
                {i18n.t('options.import.commit')}
              </button>
              <button type="button" class="button" onClick={() => setState({ phase: 'idle' })}>
                {i18n.t('options.common.cancel')}
              </button>
            </p>
          </div>
        ) : null}
      </div>
      {state.phase === 'error' ? (
        <div role="alert" class="notice notice--error import-error">
          <p>{i18n.t('options.import.failed', [state.fileName])}</p>
          <p>{state.error.message}</p>
          {state.error.kind === 'invalid' && state.error.issues.length > 0 ? (
            <IssueList issues={state.error.issues} />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
