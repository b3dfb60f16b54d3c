// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrganisationsSection } from '../../../components/options/OrganisationsSection';
import { defaultSettings } from '../../../utils/settings/model';
import { MEK, NCRI, NOTE, NOTES, PACK, fakeRequest } from './fixtures';

afterEach(cleanup);

const OWN = {
  key: 'my-notes/mine',
  id: 'mine',
  packId: 'my-notes',
  name: 'سازمان من',
  kind: 'other' as const,
  description: 'Mine.',
  aliases: [{ text: 'سازمان من', caseSensitive: false }],
  enabled: true,
};

function renderSection(request: ReturnType<typeof fakeRequest>['request']) {
  const onChanged = vi.fn(async () => undefined);
  const onSettings = vi.fn(async () => undefined);
  render(
    <OrganisationsSection
      archive={{
        packs: [PACK, NOTES],
        organisations: [MEK, NCRI, OWN],
        notes: [NOTE],
        summaryCounts: {},
      }}
      settings={{ ...defaultSettings(), colours: { 'digest/ncri': 4 } }}
      request={request}
      onChanged={onChanged}
      onSettings={onSettings}
    />,
  );
  return { onChanged, onSettings };
}

describe('OrganisationsSection', () => {
  it('lists organisations by pack, the user’s own last', () => {
    renderSection(fakeRequest().request);
    const headings = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual(['Backstory digest', 'Your organisations']);
    expect(screen.getByRole('switch', { name: 'سازمان من' })).toBeTruthy();
  });

  it('switches an organisation off', async () => {
    const { request, calls } = fakeRequest({
      'ui:set-organisation-enabled': (p) => p as { orgKey: string; enabled: boolean },
    });
    const { onChanged } = renderSection(request);
    fireEvent.click(screen.getByRole('switch', { name: 'Mujahedin Khalq' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(calls).toEqual([
      { type: 'ui:set-organisation-enabled', payload: { orgKey: 'digest/mek', enabled: false } },
    ]);
  });

  it('chooses a colour, or goes back to the automatic one', () => {
    const { onSettings } = renderSection(fakeRequest().request);
    fireEvent.change(screen.getByLabelText('Highlight colour for Mujahedin Khalq'), {
      target: { value: '7' },
    });
    expect(onSettings).toHaveBeenLastCalledWith({ colours: { 'digest/ncri': 4, 'digest/mek': 7 } });
    fireEvent.change(screen.getByLabelText(/Highlight colour for National Council/), {
      target: { value: 'auto' },
    });
    expect(onSettings).toHaveBeenLastCalledWith({ colours: {} });
  });

  it('opens the alias editor from a button that says what it controls', () => {
    renderSection(fakeRequest().request);
    const button = screen.getByRole('button', { name: 'Edit the aliases of Mujahedin Khalq' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('form', { name: 'Aliases of Mujahedin Khalq' })).toBeTruthy();
  });

  it('adds an organisation of the user’s own, with its aliases', async () => {
    const { request, calls } = fakeRequest({
      'ui:save-organisation': () => ({ ok: true, value: { ...OWN, name: 'Café Collective' } }),
    });
    const { onChanged } = renderSection(request);
    fireEvent.click(screen.getByRole('button', { name: 'Add an organisation of your own' }));
    const form = screen.getByRole('form', { name: 'A new organisation' });
    // Nothing filled in: the problems show by field and nothing is sent.
    fireEvent.click(within(form).getByRole('button', { name: 'Add the organisation' }));
    await within(form).findByRole('alert');
    expect(within(form).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(calls).toEqual([]);

    fireEvent.input(within(form).getByLabelText('Name'), { target: { value: 'Café Collective' } });
    fireEvent.change(within(form).getByLabelText('Kind'), { target: { value: 'movement' } });
    fireEvent.input(within(form).getByLabelText('Description'), { target: { value: 'A group.' } });
    fireEvent.input(within(form).getByLabelText('Aliases'), {
      target: { value: 'Café Collective\nکافه' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Add the organisation' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith('Saved “Café Collective”.'));
    expect(calls).toEqual([
      {
        type: 'ui:save-organisation',
        payload: {
          organisation: {
            name: 'Café Collective',
            kind: 'movement',
            description: 'A group.',
            aliases: [{ text: 'Café Collective' }, { text: 'کافه' }],
          },
        },
      },
    ]);
  });

  it('says why an own organisation was not deleted', async () => {
    const { request } = fakeRequest({
      'ui:delete-organisation': () => ({ ok: false, reason: 'in-use', summaries: 2 }),
    });
    const { onChanged } = renderSection(request);
    fireEvent.click(screen.getByRole('button', { name: 'Delete سازمان من' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete the organisation' }));
    await waitFor(() =>
      expect(onChanged).toHaveBeenCalledWith(
        '“سازمان من” was not deleted: 2 notes are about it. Edit or delete those notes first.',
      ),
    );
  });

  it('filters by name or alias', () => {
    renderSection(fakeRequest().request);
    fireEvent.input(screen.getByLabelText('Find an organisation'), { target: { value: 'ncri' } });
    expect(screen.queryByRole('switch', { name: 'Mujahedin Khalq' })).toBeNull();
    expect(screen.getByRole('switch', { name: /National Council/ })).toBeTruthy();
  });
});
