import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { BackupError, BackupPreview } from '../../utils/archive/backup';
import { BACKUP_LIMITS } from '../../utils/archive/backup';
import { ConfirmButton } from './ConfirmButton';
import { FileDrop } from './FileDrop';
import { IssueList } from './IssueList';
import { run } from './run';
import type { DownloadFile, RequestFn } from './services';

type BackupPanelProps = {
  request: RequestFn;
  createBackup: () => Promise<DownloadFile>;
  download: (file: DownloadFile) => void;
  onChanged: (message: string) => Promise<void>;
  locale: string;
};

type State =
  | { phase: 'idle' }
  | { phase: 'busy' }
  | { phase: 'preview'; text: string; preview: BackupPreview }
  | { phase: 'error'; error: BackupError };

/**
 * Backing everything up to one file (packs, notes, settings), restoring such a file after a look
 * at what it holds, and putting the settings back to their defaults.
 */
export function BackupPanel({
  request,
  createBackup,
  download,
  onChanged,
  locale,
}: BackupPanelProps) {
  const [state, setState] = useState<State>({ phase: 'idle' });

  async function choose(file: File) {
    if (file.size > BACKUP_LIMITS.fileBytes) {
      setState({
        phase: 'error',
        error: {
          kind: 'invalid',
          message: i18n.t('options.backup.tooLarge', [
            String(BACKUP_LIMITS.fileBytes / 1024 / 1024),
          ]),
          issues: [],
        },
      });
      return;
    }
    setState({ phase: 'busy' });
    const text = await file.text();
    const result = await request('ui:preview-backup', { text });
    setState(
      result.ok
        ? { phase: 'preview', text, preview: result.preview }
        : { phase: 'error', error: result.error },
    );
  }

  async function restore() {
    if (state.phase !== 'preview') return;
    const { text } = state;
    setState({ phase: 'busy' });
    const result = await request('ui:restore-backup', { text });
    if (!result.ok) {
      setState({ phase: 'error', error: result.error });
      return;
    }
    setState({ phase: 'idle' });
    await onChanged(i18n.t('options.backup.restored'));
  }

  const created = (iso: string) => {
    try {
      return new Intl.DateTimeFormat(locale || undefined, {
        dateStyle: 'long',
        timeStyle: 'short',
      }).format(new Date(iso));
    } catch {
      return iso;
    }
  };

  return (
    <section class="group" aria-labelledby="backup-heading">
      <h3 id="backup-heading">{i18n.t('options.backup.title')}</h3>
      <p class="muted">{i18n.t('options.backup.intro')}</p>
      <p class="actions">
        <button
          type="button"
          class="button"
          onClick={() =>
            run(async () => {
              download(await createBackup());
              await onChanged(i18n.t('options.backup.downloaded'));
            })
          }
        >
          {i18n.t('options.backup.download')}
        </button>
      </p>
      <FileDrop
        label={i18n.t('options.backup.file')}
        disabled={state.phase === 'busy'}
        onFile={(file) => run(() => choose(file))}
      />
      <div aria-live="polite">
        {state.phase === 'busy' ? <p class="muted">{i18n.t('common.loading')}</p> : null}
        {state.phase === 'preview' ? (
          <div class="notice backup-preview">
            <p>{i18n.t('options.backup.previewIntro', [created(state.preview.createdAt)])}</p>
            <ul>
              {state.preview.packs.map((pack) => (
                <li key={pack.id} dir="auto">
                  <bdi>{pack.name}</bdi>{' '}
                  <span class="muted">
                    {i18n.t('options.packs.organisationCount', pack.organisations, [
                      String(pack.organisations),
                    ])}
                    {', '}
                    {i18n.t('options.packs.summaryCount', pack.summaries, [String(pack.summaries)])}
                  </span>
                </li>
              ))}
            </ul>
            {state.preview.settingsReset.length > 0 ? (
              <>
                <p>{i18n.t('options.backup.settingsReset')}</p>
                <IssueList issues={state.preview.settingsReset} />
              </>
            ) : null}
            <p>
              <strong>{i18n.t('options.backup.replaceWarning')}</strong>
            </p>
            <p class="actions">
              <button type="button" class="button button--primary" onClick={() => run(restore)}>
                {i18n.t('options.backup.restore')}
              </button>
              <button type="button" class="button" onClick={() => setState({ phase: 'idle' })}>
                {i18n.t('options.common.cancel')}
              </button>
            </p>
          </div>
        ) : null}
      </div>
      {state.phase === 'error' ? (
        <div role="alert" class="notice notice--error backup-error">
          <p>{state.error.message}</p>
          {state.error.kind === 'invalid' && state.error.issues.length > 0 ? (
            <IssueList issues={state.error.issues} />
          ) : null}
        </div>
      ) : null}
      <h4>{i18n.t('options.backup.resetTitle')}</h4>
      <ConfirmButton
        label={i18n.t('options.backup.reset')}
        question={i18n.t('options.backup.resetQuestion')}
        confirmLabel={i18n.t('options.backup.resetConfirm')}
        onConfirm={async () => {
          await request('ui:reset-settings', {});
          await onChanged(i18n.t('options.backup.resetDone'));
        }}
      />
    </section>
  );
}
