// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackupPanel } from '../../../components/options/BackupPanel';
import { fakeRequest, fileFor } from './fixtures';

afterEach(cleanup);

function choose(file: File) {
  const input = screen.getByLabelText('Backup file to restore');
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

function renderPanel(request: ReturnType<typeof fakeRequest>['request']) {
  const onChanged = vi.fn(async () => undefined);
  const download = vi.fn();
  render(
    <BackupPanel
      request={request}
      createBackup={async () => ({ fileName: 'backstory-backup-2024-06-01.json', text: '{"x":1}' })}
      download={download}
      onChanged={onChanged}
      locale="en"
    />,
  );
  return { onChanged, download };
}

describe('BackupPanel', () => {
  it('downloads a backup file', async () => {
    const { download } = renderPanel(fakeRequest().request);
    fireEvent.click(screen.getByRole('button', { name: 'Download a backup' }));
    await waitFor(() =>
      expect(download).toHaveBeenCalledWith({
        fileName: 'backstory-backup-2024-06-01.json',
        text: '{"x":1}',
      }),
    );
  });

  it('shows what a backup holds and that it replaces everything, then restores it', async () => {
    const { request, calls } = fakeRequest({
      'ui:preview-backup': () => ({
        ok: true,
        preview: {
          createdAt: '2024-06-01T10:00:00.000Z',
          packs: [
            {
              id: 'digest',
              name: 'Backstory digest',
              origin: 'bundled',
              enabled: true,
              organisations: 2,
              summaries: 8,
            },
            {
              id: 'my-notes',
              name: 'My notes',
              origin: 'notes',
              enabled: true,
              organisations: 0,
              summaries: 1,
            },
          ],
          settingsReset: [{ path: 'dwellMs', message: 'must be at least 0; reset to the default' }],
        },
      }),
      'ui:restore-backup': () => ({ ok: true, preview: {} as never }),
    });
    const { onChanged } = renderPanel(request);
    choose(fileFor('backup.json', '{"backup":true}'));
    expect(await screen.findByText('Backstory digest')).toBeTruthy();
    expect(screen.getByText('2 organisations, 8 summaries')).toBeTruthy();
    expect(screen.getByText('dwellMs')).toBeTruthy();
    expect(screen.getByText(/replaces all your packs, notes and settings/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Restore this backup' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith('The backup was restored.'));
    expect(calls.map((call) => call.type)).toEqual(['ui:preview-backup', 'ui:restore-backup']);
  });

  it('refuses a backup from a newer version, with the message, offering no restore', async () => {
    const message =
      'This backup was made by a newer version of Backstory (backup format version 2); this version reads backup format 1 with settings version 1. Update Backstory, then restore it. Nothing was restored.';
    const { request, calls } = fakeRequest({
      'ui:preview-backup': () => ({ ok: false, error: { kind: 'newer', message } }),
    });
    renderPanel(request);
    choose(fileFor('future.json', '{}'));
    expect(within(await screen.findByRole('alert')).getByText(message)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Restore this backup' })).toBeNull();
    expect(calls.map((call) => call.type)).toEqual(['ui:preview-backup']);
  });

  it('resets the settings only after asking', async () => {
    const { request, calls } = fakeRequest({
      'ui:reset-settings': () => ({ settings: {} as never }),
    });
    const { onChanged } = renderPanel(request);
    fireEvent.click(screen.getByRole('button', { name: 'Reset all settings' }));
    expect(calls).toEqual([]);
    const confirm = screen.getByRole('button', { name: 'Reset the settings' });
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(onChanged).toHaveBeenCalledWith('Every setting is back to its default.'),
    );
    expect(calls.map((call) => call.type)).toEqual(['ui:reset-settings']);
  });
});
