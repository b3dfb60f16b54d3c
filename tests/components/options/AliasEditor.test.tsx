// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AliasEditor } from '../../../components/options/AliasEditor';
import { MEK } from './fixtures';

afterEach(cleanup);

function renderEditor(onSave = vi.fn(async () => ({ ok: true as const, value: {} }))) {
  const onClose = vi.fn();
  render(<AliasEditor organisation={MEK} onSave={onSave} onClose={onClose} />);
  return { onSave, onClose };
}

const textInputs = () => screen.getAllByLabelText('Written as') as HTMLInputElement[];
const preview = (text: string) =>
  fireEvent.input(screen.getByLabelText('Try them on some text'), { target: { value: text } });

describe('AliasEditor', () => {
  it('lists the aliases with their settings', () => {
    renderEditor();
    expect(textInputs().map((input) => input.value)).toEqual(['Mujahedin Khalq', 'MEK']);
    const exact = screen.getAllByRole('checkbox', { name: 'Exact case' }) as HTMLInputElement[];
    expect(exact.map((box) => box.checked)).toEqual([false, true]);
    expect((screen.getAllByLabelText('Context words')[1] as HTMLInputElement).value).toBe('Tehran');
  });

  it('previews what the aliases as edited would match, and why', () => {
    renderEditor();
    preview('The MEK met in Tehran. Later the MEK met in Paris. The mek solvent.');
    // Both "MEK" count: each has the context word "Tehran" within reach; "mek" is not exact case.
    expect(screen.getByText('2 mentions would be highlighted.')).toBeTruthy();
    expect(screen.getAllByText(/which needs context: “Tehran” is written nearby/)).toHaveLength(2);

    // Unticking "Exact case" makes the lower-case word count too, live, before saving.
    fireEvent.click(screen.getAllByRole('checkbox', { name: 'Exact case' })[1] as HTMLElement);
    expect(screen.getByText('3 mentions would be highlighted.')).toBeTruthy();

    // Without its context word the ambiguous alias is found but not highlighted, and says why.
    preview('The MEK met in Paris.');
    expect(screen.getByText('Nothing would be highlighted.')).toBeTruthy();
    expect(screen.getByText(/found as “MEK” but not highlighted/)).toBeTruthy();

    // An unambiguous alias of the same organisation is context too.
    preview('Mujahedin Khalq, also called MEK.');
    expect(
      screen.getByText(/“Mujahedin Khalq”, another alias of this organisation, is in the text/),
    ).toBeTruthy();
    // The text itself is shown with the mentions marked.
    const marks = document.querySelectorAll('.preview__text mark');
    expect([...marks].map((mark) => mark.textContent)).toEqual(['Mujahedin Khalq', 'MEK']);
  });

  it('adds an alias (focusing it) and previews it at once', async () => {
    renderEditor();
    fireEvent.click(screen.getByRole('button', { name: 'Add an alias' }));
    const added = textInputs()[2] as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(added));
    fireEvent.input(added, { target: { value: 'مجاهدین خلق' } });
    expect(added.getAttribute('dir')).toBe('auto');
    preview('سازمان مجاهدین خلق ایران');
    expect(screen.getByText('1 mention would be highlighted.')).toBeTruthy();
  });

  it('removes an alias, moving focus to the next one', async () => {
    renderEditor();
    fireEvent.click(screen.getByRole('button', { name: 'Remove the alias “Mujahedin Khalq”' }));
    expect(textInputs().map((input) => input.value)).toEqual(['MEK']);
    await waitFor(() => expect(document.activeElement).toBe(textInputs()[0]));
  });

  it('saves the aliases in the stored shape', async () => {
    const { onSave, onClose } = renderEditor();
    fireEvent.input(screen.getAllByLabelText('Context words')[1] as HTMLElement, {
      target: { value: 'Tehran, Rajavi ، تهران' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save the aliases' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onSave).toHaveBeenCalledWith([
      { text: 'Mujahedin Khalq', caseSensitive: false },
      { text: 'MEK', caseSensitive: true, context: ['Tehran', 'Rajavi', 'تهران'] },
    ]);
  });

  it('refuses an empty alias, naming it, and sends nothing', async () => {
    const { onSave } = renderEditor();
    fireEvent.click(screen.getByRole('button', { name: 'Add an alias' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save the aliases' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('aliases[2].text')).toBeTruthy();
    expect(textInputs()[2]?.getAttribute('aria-invalid')).toBe('true');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('offers to go back to the pack’s aliases after an edit', () => {
    render(
      <AliasEditor
        organisation={{
          ...MEK,
          aliases: [{ text: 'Mine', caseSensitive: false }],
          packAliases: MEK.aliases,
        }}
        onSave={vi.fn()}
        onClose={vi.fn()}
      />,
    );
    expect(textInputs().map((input) => input.value)).toEqual(['Mine']);
    fireEvent.click(screen.getByRole('button', { name: 'Go back to the pack’s aliases' }));
    expect(textInputs().map((input) => input.value)).toEqual(['Mujahedin Khalq', 'MEK']);
  });
});
