// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportPanel } from '../../../components/options/ImportPanel';
import type { ImportPreview } from '../../../utils/archive/import';
import { fakeRequest, fileFor } from './fixtures';

afterEach(cleanup);

const PREVIEW: ImportPreview = {
  ok: true,
  summary: {
    packId: 'full-pack',
    packName: 'Full pack',
    pack: 'updated',
    organisations: { added: 1, updated: 1, unchanged: 1, removed: 1 },
    summaries: { added: 2, updated: 0, unchanged: 1, removed: 0 },
  },
  changes: {
    organisations: {
      added: [{ key: 'full-pack/new', label: 'New Organisation' }],
      updated: [{ key: 'full-pack/changed', label: 'Changed Organisation' }],
      removed: [{ key: 'full-pack/gone', label: 'حزب نمونه' }],
    },
    summaries: {
      added: [
        { key: 'full-pack/s1', label: 'First' },
        { key: 'full-pack/s2', label: 'Second' },
      ],
      updated: [],
      removed: [],
    },
  },
};

function choose(file: File) {
  const input = screen.getByLabelText('Pack file');
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('ImportPanel', () => {
  it('shows what would change, then imports on request', async () => {
    const { request, calls } = fakeRequest({
      'ui:preview-import': () => PREVIEW,
      'ui:import-pack': () => ({ ok: true, summary: PREVIEW.ok ? PREVIEW.summary : ({} as never) }),
    });
    const onChanged = vi.fn(async () => undefined);
    render(<ImportPanel request={request} onChanged={onChanged} />);
    choose(fileFor('full.json', '{"a":1}'));

    const table = await screen.findByRole('table', { name: 'Changes by kind' });
    const row = (name: string) =>
      within(table).getByRole('rowheader', { name }).closest('tr') as HTMLTableRowElement;
    expect([...row('Organisations').querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      '1',
      '1',
      '1',
      '1',
    ]);
    expect(screen.getByText('Update the pack “Full pack”')).toBeTruthy();
    expect(screen.getByText('حزب نمونه')).toBeTruthy();
    expect(calls).toEqual([
      { type: 'ui:preview-import', payload: { text: '{"a":1}', mode: 'replace' } },
    ]);

    // Merge previews again with the same text.
    fireEvent.click(screen.getByRole('radio', { name: /Merge/ }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).toEqual({
      type: 'ui:preview-import',
      payload: { text: '{"a":1}', mode: 'merge' },
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Import' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith('Imported “Full pack”.'));
    expect(calls[2]).toEqual({
      type: 'ui:import-pack',
      payload: { text: '{"a":1}', mode: 'merge' },
    });
  });

  it('lists every problem of an invalid file by path, with no way to import it', async () => {
    const { request, calls } = fakeRequest({
      'ui:preview-import': () => ({
        ok: false,
        error: {
          kind: 'invalid',
          message:
            'The pack is not valid (2 problems; first: summaries[3].source.url: must be an http(s) URL). Nothing was imported.',
          issues: [
            { path: 'summaries[3].source.url', message: 'must be an http(s) URL' },
            { path: 'organisations[0].kind', message: 'must be one of: organisation, …' },
          ],
        },
      }),
    });
    render(<ImportPanel request={request} onChanged={vi.fn()} />);
    choose(fileFor('bad.json', '{}'));
    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByText('“bad.json” could not be imported, and nothing was changed.'),
    ).toBeTruthy();
    expect(within(alert).getByText('summaries[3].source.url')).toBeTruthy();
    expect(within(alert).getByText('organisations[0].kind')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
    expect(calls.map((call) => call.type)).toEqual(['ui:preview-import']);
  });

  it('refuses a file over 32 MB without reading it', async () => {
    const { request, calls } = fakeRequest();
    render(<ImportPanel request={request} onChanged={vi.fn()} />);
    const huge = fileFor('huge.json', '');
    Object.defineProperty(huge, 'size', { value: 33 * 1024 * 1024 });
    const text = vi.spyOn(huge, 'text');
    choose(huge);
    expect((await screen.findByRole('alert')).textContent).toContain('larger than 32 MB');
    expect(text).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
  });

  it('takes a dropped file too', async () => {
    const { request, calls } = fakeRequest({ 'ui:preview-import': () => PREVIEW });
    render(<ImportPanel request={request} onChanged={vi.fn()} />);
    const zone = screen.getByLabelText('Pack file').closest('.drop') as HTMLElement;
    // happy-dom has no DataTransfer: a drop event carrying a stand-in for one.
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', {
      value: { files: [fileFor('dropped.json', '{"b":2}')], types: ['Files'] },
    });
    fireEvent(zone, drop);
    expect(drop.defaultPrevented).toBe(true);
    await screen.findByRole('table');
    expect(calls[0]).toEqual({
      type: 'ui:preview-import',
      payload: { text: '{"b":2}', mode: 'replace' },
    });
  });
});
