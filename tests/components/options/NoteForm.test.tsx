// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoteForm } from '../../../components/options/NoteForm';
import { MEK, NCRI, NOTE, NOTES, PACK } from './fixtures';

afterEach(cleanup);

const packs = new Map([
  [PACK.id, PACK],
  [NOTES.id, NOTES],
]);

function renderForm(onSave = vi.fn(async () => ({ ok: true as const, value: {} }))) {
  render(<NoteForm organisations={[MEK, NCRI]} packs={packs} onSave={onSave} />);
  return onSave;
}

const type = (label: RegExp | string, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });

describe('NoteForm', () => {
  it('labels every field, and lets Persian text run right to left', () => {
    renderForm();
    for (const label of [
      'Title',
      'Text',
      'Source',
      /Link to the source/,
      /Link to the article/,
      /Date/,
    ]) {
      expect(screen.getByLabelText(label).getAttribute('dir')).toMatch(/auto|ltr/);
    }
    expect(screen.getByLabelText('Title').getAttribute('dir')).toBe('auto');
    expect(screen.getByLabelText('Text').getAttribute('dir')).toBe('auto');
    expect(screen.getByRole('group', { name: 'Organisations this note is about' })).toBeTruthy();
  });

  it('shows each problem next to its field and sends nothing', async () => {
    const onSave = renderForm();
    type(/Link to the article/, 'javascript:alert(1)');
    type(/Date/, '2024-13-01');
    fireEvent.click(screen.getByRole('button', { name: 'Add the note' }));
    await screen.findByRole('alert');
    const invalid = (label: RegExp | string) =>
      screen.getByLabelText(label).getAttribute('aria-invalid');
    expect(invalid('Title')).toBe('true');
    expect(invalid('Text')).toBe('true');
    expect(invalid('Source')).toBe('true');
    expect(invalid(/Link to the article/)).toBe('true');
    expect(invalid(/Date/)).toBe('true');
    expect(invalid(/Link to the source/)).toBeNull();
    expect(screen.getByText('must be an http(s) URL')).toBeTruthy();
    expect(screen.getByText('must name at least one organisation')).toBeTruthy();
    // The error is tied to its field for screen readers.
    const url = screen.getByLabelText(/Link to the article/);
    const describedBy = url.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy.split(' ').pop() ?? '')?.textContent).toBe(
      'must be an http(s) URL',
    );
    expect(onSave).not.toHaveBeenCalled();
  });

  it('sends a valid note in the stored shape', async () => {
    const onSave = renderForm();
    type('Title', ' یادداشت من ');
    type('Text', 'What I read.');
    type('Source', 'Me');
    type(/Link to the article/, 'https://example.org/a');
    type(/Date/, '2024-05');
    fireEvent.click(screen.getByRole('checkbox', { name: /Mujahedin Khalq/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Add the note' }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave).toHaveBeenCalledWith({
      title: ' یادداشت من ',
      text: 'What I read.',
      source: { name: 'Me' },
      url: 'https://example.org/a',
      publishedAt: '2024-05',
      organisationIds: ['digest/mek'],
    });
  });

  it("shows the background's answer by field", async () => {
    const onSave = vi.fn(async () => ({
      ok: false as const,
      issues: [{ path: 'organisationIds[0]', message: '"digest/mek" is not in the archive' }],
    }));
    render(
      <NoteForm
        organisations={[MEK]}
        packs={packs}
        initial={NOTE}
        onSave={onSave}
        onCancel={() => undefined}
      />,
    );
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('یادداشت');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('"digest/mek" is not in the archive');
    // An edit keeps the note's id and date.
    expect(onSave).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'n1', archivedAt: NOTE.archivedAt }),
    );
  });

  it('finds organisations by name in any script', () => {
    renderForm();
    fireEvent.input(screen.getByLabelText('Find'), { target: { value: 'council' } });
    expect(screen.queryByRole('checkbox', { name: /Mujahedin/ })).toBeNull();
    expect(screen.getByRole('checkbox', { name: /National Council/ })).toBeTruthy();
  });
});
