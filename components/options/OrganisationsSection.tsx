import { useMemo, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { StoredOrganisation } from '../../utils/archive/schema';
import { foldText } from '../../utils/matching/fold';
import { NOTES_PACK_ID, type Pack } from '../../utils/packs/model';
import type { Settings } from '../../utils/settings/model';
import { OrganisationForm } from './OrganisationForm';
import { OrganisationRow } from './OrganisationRow';
import type { ArchiveSnapshot, RequestFn } from './services';

/** Rows shown per pack before the user narrows the list with the filter. */
const MAX_ROWS = 200;

type OrganisationsSectionProps = {
  archive: ArchiveSnapshot;
  settings: Settings;
  request: RequestFn;
  /** Reloads the archive and announces `message` once a write has happened. */
  onChanged: (message: string) => Promise<void>;
  onSettings: (patch: Partial<Settings>) => Promise<void>;
};

/**
 * Every organisation, by pack: switch each on or off, choose its colour, edit its aliases with a
 * live preview; and the user's own organisations, which they add, edit and delete here.
 */
export function OrganisationsSection({
  archive,
  settings,
  request,
  onChanged,
  onSettings,
}: OrganisationsSectionProps) {
  const [filter, setFilter] = useState('');
  const [form, setForm] = useState<{ editing?: StoredOrganisation } | null>(null);
  const folded = foldText(filter.trim());
  const byPack = useMemo(() => {
    const groups = new Map<string, StoredOrganisation[]>();
    for (const org of archive.organisations) {
      if (folded && !matchesFilter(org, folded)) continue;
      groups.set(org.packId, [...(groups.get(org.packId) ?? []), org]);
    }
    for (const list of groups.values()) list.sort((a, b) => a.name.localeCompare(b.name));
    return groups;
  }, [archive.organisations, folded]);
  // The user's own pack last, after the packs they installed.
  const packs = [...archive.packs].sort(
    (a, b) => Number(a.id === NOTES_PACK_ID) - Number(b.id === NOTES_PACK_ID),
  );

  const row = (org: StoredOrganisation, pack: Pack) => (
    <OrganisationRow
      key={org.key}
      organisation={org}
      colour={settings.colours[org.key]}
      onToggle={async (enabled) => {
        await request('ui:set-organisation-enabled', { orgKey: org.key, enabled });
        await onChanged(
          i18n.t(
            enabled ? 'options.organisations.switchedOn' : 'options.organisations.switchedOff',
            [org.name],
          ),
        );
      }}
      onColour={async (slot) => {
        // Rebuilt rather than `delete`d: the key comes from the archive, not from code.
        const colours = Object.fromEntries(
          Object.entries(settings.colours).filter(([key]) => key !== org.key),
        );
        if (slot !== undefined) colours[org.key] = slot;
        await onSettings({ colours });
      }}
      onSaveAliases={async (aliases) => {
        const result = await request('ui:set-aliases', { orgKey: org.key, aliases });
        if (result.ok) await onChanged(i18n.t('options.aliases.saved', [org.name]));
        return result;
      }}
      own={
        pack.id === NOTES_PACK_ID
          ? {
              onEdit: () => setForm({ editing: org }),
              onDelete: async () => {
                const result = await request('ui:delete-organisation', { orgKey: org.key });
                if (result.ok) {
                  await onChanged(i18n.t('options.organisations.deleted', [org.name]));
                } else if (result.reason === 'in-use') {
                  await onChanged(
                    i18n.t('options.organisations.inUse', result.summaries, [
                      org.name,
                      String(result.summaries),
                    ]),
                  );
                }
              },
            }
          : undefined
      }
    />
  );

  return (
    <section id="organisations" class="section" aria-labelledby="organisations-heading">
      <h2 id="organisations-heading">{i18n.t('options.organisations.title')}</h2>
      <p class="muted">{i18n.t('options.organisations.intro')}</p>
      <div class="field field--inline">
        <label for="organisation-filter">{i18n.t('options.organisations.filter')}</label>
        <input
          id="organisation-filter"
          type="search"
          dir="auto"
          value={filter}
          onInput={(event) => setFilter(event.currentTarget.value)}
        />
      </div>
      {packs.map((pack) => {
        const orgs = byPack.get(pack.id) ?? [];
        const own = pack.id === NOTES_PACK_ID;
        if (orgs.length === 0 && (!own || folded)) return null;
        const headingId = `organisations-${pack.id}`;
        return (
          <section key={pack.id} class="group" aria-labelledby={headingId}>
            <h3 id={headingId} dir="auto">
              {own ? i18n.t('options.organisations.ownTitle') : pack.name}
            </h3>
            {pack.enabled ? null : <p class="muted">{i18n.t('options.organisations.packOff')}</p>}
            {orgs.length > MAX_ROWS ? (
              <p class="muted">
                {i18n.t('options.organisations.showingFirst', [
                  String(MAX_ROWS),
                  String(orgs.length),
                ])}
              </p>
            ) : null}
            <ul class="orgs">{orgs.slice(0, MAX_ROWS).map((org) => row(org, pack))}</ul>
          </section>
        );
      })}
      {form ? (
        <OrganisationForm
          initial={form.editing}
          onCancel={() => setForm(null)}
          onSave={async (organisation) => {
            const result = await request('ui:save-organisation', { organisation });
            if (result.ok) {
              setForm(null);
              await onChanged(i18n.t('options.organisations.saved', [result.value.name]));
            }
            return result;
          }}
        />
      ) : (
        <p class="actions">
          <button type="button" class="button" onClick={() => setForm({})}>
            {i18n.t('options.organisations.add')}
          </button>
        </p>
      )}
    </section>
  );
}

function matchesFilter(org: StoredOrganisation, folded: string): boolean {
  return (
    foldText(org.name).includes(folded) ||
    org.aliases.some((alias) => foldText(alias.text).includes(folded))
  );
}
