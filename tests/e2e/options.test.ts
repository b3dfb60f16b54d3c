/**
 * The options page in real Chromium and Firefox, for the flows that do not need the content
 * script: import preview then commit; a malformed or hostile import that lists its problems by
 * path and changes nothing; a pack switched off that stays off; a note written and read back; a
 * site list saved to storage; backup → wipe → restore giving back the same archive and settings;
 * and a backup from a newer version refused with a message saying so.
 *
 * Files reach the page the way a file picker would hand them over: a `File` in the input's
 * `files`, then a `change` event. The database and storage are read back with plain IndexedDB
 * and `storage.sync`, independent of Backstory's code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { browsers, useExtensionBrowser, type TestPage } from './harness';
import { dumpArchive, waitForSummaries } from './harness/archive-db';

const FULL_PACK = readFileSync(
  new URL('../fixtures/packs/valid-full.json', import.meta.url),
  'utf8',
);
const full = JSON.parse(FULL_PACK) as {
  pack: { id: string; name: string };
  organisations: unknown[];
  summaries: { source: { url?: string } }[];
};
const MKO = `${bundled.pack.id}/mko`;

const IMPORT_INPUT = 'section[aria-labelledby="import-heading"] input[type="file"]';
const BACKUP_INPUT = 'section[aria-labelledby="backup-heading"] input[type="file"]';

/** The extension API as extension pages see it: `browser` in Firefox, `chrome` in Chromium. */
type Api = {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: { sync: { get(key: string): Promise<Record<string, unknown>> } };
};

/** Opens the options page once the bundled archive is installed, and waits for it to render. */
async function openOptions(open: () => Promise<TestPage>): Promise<TestPage> {
  const page = await open();
  await page.bringToFront();
  await waitForSummaries(page, bundled.summaries.length);
  await page.waitForFunction(() => document.querySelectorAll('li.pack').length > 0);
  return page;
}

/** Hands `text` to the file input at `selector` as the file `name`, as a file picker would. */
async function chooseFile(page: TestPage, selector: string, name: string, text: string) {
  await page.evaluate(
    ({ selector: css, name: fileName, text: content }) => {
      const input = document.querySelector<HTMLInputElement>(css);
      if (!input) throw new Error(`no file input ${css}`);
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], fileName, { type: 'application/json' }));
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { selector, name, text },
  );
}

/** Clicks the button whose text is `text` (inside `within`, if given). */
async function clickButton(page: TestPage, text: string, within = 'body') {
  await page.waitForFunction(
    ({ text: label, within: scope }) =>
      [...document.querySelectorAll(`${scope} button`)].some(
        (button) => button.textContent?.trim() === label,
      ),
    { text, within },
  );
  await page.evaluate(
    ({ text: label, within: scope }) => {
      const button = [...document.querySelectorAll<HTMLButtonElement>(`${scope} button`)].find(
        (candidate) => candidate.textContent?.trim() === label,
      );
      button?.click();
    },
    { text, within },
  );
}

/** Waits until the page's status line says something containing `text`. */
function waitForStatus(page: TestPage, text: string) {
  return page.waitForFunction(
    (expected) => document.querySelector('.status')?.textContent?.includes(expected) ?? false,
    text,
  );
}

/** The stored settings in `storage.sync`, or undefined. */
function syncedSettings(page: TestPage) {
  return page.evaluate(async () => {
    const g = globalThis as unknown as { browser?: Api; chrome: Api };
    const api = g.browser?.storage ? g.browser : g.chrome;
    return (await api.storage.sync.get('settings')).settings;
  });
}

/** Sends a request to the background as this extension page. */
function send(page: TestPage, message: { type: string; payload: unknown }) {
  return page.evaluate(async (m) => {
    const g = globalThis as unknown as { browser?: Api; chrome: Api };
    const api = g.browser?.runtime ? g.browser : g.chrome;
    return (await api.runtime.sendMessage(m)) as { ok: boolean; value?: unknown; error?: string };
  }, message);
}

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);
  const open = () => openOptions(() => extension().openExtensionPage('options.html'));

  it('opens in a tab with every section, and the bundled pack listed with its counts', async () => {
    expect(extension().manifest).toMatchObject({
      options_ui: { page: 'options.html', open_in_tab: true },
    });
    const page = await open();
    const headings = await page.evaluate(() =>
      [...document.querySelectorAll('h2')].map((h) => h.textContent),
    );
    expect(headings).toEqual(['Organisations', 'My notes', 'Sites', 'Appearance', 'Packs']);
    const row = await page.innerText(`li.pack[data-pack-id="${bundled.pack.id}"]`);
    expect(row).toContain(bundled.pack.name);
    expect(row).toContain(`${bundled.organisations.length} organisations`);
    expect(row).toContain(`${bundled.summaries.length} summaries`);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('previews an import (counts shown, nothing written), then imports it on request', async () => {
    const page = await open();
    const before = await dumpArchive(page);
    await chooseFile(page, IMPORT_INPUT, 'full-pack.json', FULL_PACK);
    await page.waitForFunction(() => document.querySelector('.import-preview') !== null);
    const count = (cell: string) =>
      page.evaluate((name) => document.querySelector(`[data-count="${name}"]`)?.textContent, cell);
    expect(await count('organisations-added')).toBe(String(full.organisations.length));
    expect(await count('summaries-added')).toBe(String(full.summaries.length));
    expect(await count('summaries-removed')).toBe('0');
    expect(await page.innerText('.import-preview')).toContain(`Add the pack “${full.pack.name}”`);
    // The preview wrote nothing.
    expect(await dumpArchive(page)).toEqual(before);

    await clickButton(page, 'Import', 'section[aria-labelledby="import-heading"] .notice');
    await waitForStatus(page, `Imported “${full.pack.name}”`);
    const after = await dumpArchive(page);
    const packs = after.packs as { id: string; origin: string }[];
    expect(packs.find((pack) => pack.id === full.pack.id)).toMatchObject({ origin: 'imported' });
    const summaries = (after.summaries as { packId: string }[]).filter(
      (summary) => summary.packId === full.pack.id,
    );
    expect(summaries).toHaveLength(full.summaries.length);
    // The page lists it too.
    await page.waitForFunction(
      (id) => document.querySelector(`li.pack[data-pack-id="${id}"]`) !== null,
      full.pack.id,
    );
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it.each([
    [
      'malformed',
      (() => {
        const broken = JSON.parse(FULL_PACK) as typeof full & Record<string, unknown>;
        const second = broken.summaries[1];
        if (second) second.source.url = 'javascript:alert(1)';
        broken.extra = true;
        return JSON.stringify(broken);
      })(),
      ['summaries[1].source.url: must be an http(s) URL'],
    ],
    [
      'hostile',
      FULL_PACK.replace('"pack": {', '"pack": {"__proto__": {"polluted": true},'),
      ['pack.__proto__: is a forbidden key'],
    ],
    ['not JSON', '{"format": "backstory-pack",', ['the file is not valid JSON']],
  ])(
    'a %s import lists its problems by path and changes nothing',
    async (_kind, text, expected) => {
      const page = await open();
      const before = await dumpArchive(page);
      await chooseFile(page, IMPORT_INPUT, 'bad.json', text);
      await page.waitForFunction(() => document.querySelector('.import-error') !== null);
      const shown = await page.innerText('.import-error');
      expect(shown).toContain('nothing was changed');
      for (const line of expected) expect(shown).toContain(line);
      // Nothing was written, and no button offers to write it.
      expect(await dumpArchive(page)).toEqual(before);
      expect(await page.evaluate(() => document.querySelector('.import-preview'))).toBeNull();
      expect(await page.evaluate(() => ({}) as Record<string, unknown>)).not.toHaveProperty(
        'polluted',
      );
      await page.close();
    },
  );

  it('follows changes made elsewhere (another extension page) without a reload', async () => {
    const page = await open();
    // The popup, as far as this goes: another extension page that imports a pack and switches an
    // organisation off. The options page stays in the background all along.
    const elsewhere = await extension().openExtensionPage('popup.html');
    const copy = JSON.parse(FULL_PACK) as typeof full;
    copy.pack = { ...copy.pack, id: 'elsewhere-pack', name: 'Imported elsewhere' };
    const imported = await send(elsewhere, {
      type: 'ui:import-pack',
      payload: { text: JSON.stringify(copy), mode: 'replace' },
    });
    expect(imported.ok).toBe(true);
    await page.waitForFunction(
      () => document.querySelector('li.pack[data-pack-id="elsewhere-pack"]') !== null,
    );
    expect(await page.innerText('li.pack[data-pack-id="elsewhere-pack"]')).toContain(
      `${full.summaries.length} summaries`,
    );

    const mkoSwitch = `li.org[data-org-key="${MKO}"] input[role="switch"]`;
    const checked = () =>
      page.evaluate((css) => document.querySelector<HTMLInputElement>(css)?.checked, mkoSwitch);
    expect(await checked()).toBe(true);
    const off = await send(elsewhere, {
      type: 'ui:set-organisation-enabled',
      payload: { orgKey: MKO, enabled: false },
    });
    expect(off.ok).toBe(true);
    await page.waitForFunction(
      (css) => document.querySelector<HTMLInputElement>(css)?.checked === false,
      mkoSwitch,
    );

    // Back as it was, for the tests after this one; the page follows that too.
    await send(elsewhere, {
      type: 'ui:set-organisation-enabled',
      payload: { orgKey: MKO, enabled: true },
    });
    await send(elsewhere, { type: 'ui:delete-pack', payload: { packId: 'elsewhere-pack' } });
    await page.waitForFunction(
      (css) =>
        document.querySelector('li.pack[data-pack-id="elsewhere-pack"]') === null &&
        document.querySelector<HTMLInputElement>(css)?.checked === true,
      mkoSwitch,
    );
    expect(page.consoleErrors()).toEqual([]);
    await elsewhere.close();
    await page.close();
  });

  it('switching a pack off with the keyboard persists across reloads', async () => {
    const page = await open();
    const selector = `li.pack[data-pack-id="${bundled.pack.id}"] input[role="switch"]`;
    await page.evaluate((css) => document.querySelector<HTMLInputElement>(css)?.focus(), selector);
    await page.keyboard.press(' ');
    await waitForStatus(page, 'is switched off');
    const packs = (await dumpArchive(page)).packs as { id: string; enabled: boolean }[];
    expect(packs.find((pack) => pack.id === bundled.pack.id)?.enabled).toBe(false);

    await page.goto(extension().extensionUrl('options.html'));
    await page.waitForFunction(() => document.querySelectorAll('li.pack').length > 0);
    expect(
      await page.evaluate(
        (css) => document.querySelector<HTMLInputElement>(css)?.checked,
        selector,
      ),
    ).toBe(false);
    // Back on, for the tests after this one.
    await page.evaluate((css) => document.querySelector<HTMLInputElement>(css)?.focus(), selector);
    await page.keyboard.press(' ');
    await waitForStatus(page, 'is switched on');
    await page.close();
  });

  it('writes a note (problems shown by field first), and reads it back', async () => {
    const page = await open();
    // An empty note: every required field says what is missing, nothing is sent.
    await clickButton(page, 'Add the note', 'form.note-form');
    await page.waitForFunction(() => document.querySelector('form.note-form [role="alert"]'));
    const invalid = await page.evaluate(() =>
      [...document.querySelectorAll('form.note-form [aria-invalid="true"]')].map(
        (el) => el.getAttribute('name') ?? el.tagName.toLowerCase(),
      ),
    );
    expect(invalid).toEqual(['title', 'text', 'sourceName', 'fieldset']);

    await page.fill('form.note-form input[name="title"]', 'یادداشت من about the MKO');
    await page.fill('form.note-form textarea[name="text"]', 'What I read today.');
    await page.fill('form.note-form input[name="sourceName"]', 'Me');
    await page.fill('form.note-form input[name="url"]', 'not a link');
    await page.fill('form.note-form input[name="publishedAt"]', '2024-05-31');
    await page.evaluate(
      (key) =>
        document
          .querySelector<HTMLInputElement>(
            `form.note-form input[name="organisationIds"][value="${key}"]`,
          )
          ?.click(),
      MKO,
    );
    await clickButton(page, 'Add the note', 'form.note-form');
    await page.waitForFunction(() =>
      document.querySelector('form.note-form input[name="url"][aria-invalid="true"]'),
    );
    await page.fill('form.note-form input[name="url"]', 'https://example.org/article');
    await clickButton(page, 'Add the note', 'form.note-form');
    await waitForStatus(page, 'Saved “یادداشت من about the MKO”');

    expect(await page.innerText('ul.notes')).toContain('یادداشت من about the MKO');
    const notes = ((await dumpArchive(page)).summaries as Record<string, unknown>[]).filter(
      (summary) => summary.packId === 'my-notes',
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      title: 'یادداشت من about the MKO',
      text: 'What I read today.',
      source: { name: 'Me' },
      url: 'https://example.org/article',
      publishedAt: '2024-05-31',
      organisationIds: [MKO],
    });
    // Persian text reads right to left in the fields.
    expect(
      await page.evaluate(() =>
        document.querySelector('form.note-form input[name="title"]')?.getAttribute('dir'),
      ),
    ).toBe('auto');
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('saves the site lists to storage, refusing a bad pattern with the reason', async () => {
    const page = await open();
    const input = 'fieldset.sites input[type="text"]';
    await page.fill(input, 'ftp://example.com');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('fieldset.sites .field__error'));
    expect(await page.innerText('fieldset.sites .field__error')).toContain('http:// or https://');

    await page.fill(input, '*.News.Example');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('fieldset.sites code')].some(
        (c) => c.textContent === '*.news.example',
      ),
    );
    await page.waitForFunction(async () => {
      const g = globalThis as unknown as { browser?: Api; chrome: Api };
      const api = g.browser?.storage ? g.browser : g.chrome;
      const stored = (await api.storage.sync.get('settings')).settings as
        { sites?: { paused?: string[] } } | undefined;
      return stored?.sites?.paused?.includes('*.news.example') ?? false;
    });
    expect(await syncedSettings(page)).toMatchObject({
      sites: { mode: 'everywhere-except', paused: ['*.news.example'], only: [] },
    });
    await page.close();
  });

  it('backup → wipe → restore gives back the same archive and settings', async () => {
    const page = await open();
    // Some state worth keeping: a changed setting (a pack, a note and a site came before).
    await page.evaluate(() =>
      document
        .querySelector<HTMLInputElement>('input[name="highlight-style"][value="both"]')
        ?.click(),
    );
    await waitForStatus(page, 'Saved.');
    const archiveBefore = await dumpArchive(page);
    const settingsBefore = await syncedSettings(page);
    expect(settingsBefore).toMatchObject({ highlightStyle: 'both' });
    expect((archiveBefore.packs ?? []).length).toBeGreaterThanOrEqual(3);

    // The download goes to a link click; catch it and read the file it offers.
    await page.evaluate(() => {
      const w = window as unknown as { downloads: { name: string; href: string }[] };
      w.downloads = [];
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        w.downloads.push({ name: this.download, href: this.href });
      };
    });
    await clickButton(page, 'Download a backup');
    await page.waitForFunction(
      () => (window as unknown as { downloads: unknown[] }).downloads.length > 0,
    );
    const download = await page.evaluate(async () => {
      const [file] = (window as unknown as { downloads: { name: string; href: string }[] })
        .downloads;
      return { name: file?.name ?? '', text: file ? await (await fetch(file.href)).text() : '' };
    });
    expect(download.name).toMatch(/^backstory-backup-\d{4}-\d{2}-\d{2}\.json$/);

    // Wipe: every pack (notes included) and the settings.
    for (const pack of archiveBefore.packs as { id: string }[]) {
      expect(
        await send(page, { type: 'ui:delete-pack', payload: { packId: pack.id } }),
      ).toMatchObject({ ok: true });
    }
    expect(await send(page, { type: 'ui:reset-settings', payload: {} })).toMatchObject({
      ok: true,
    });
    const wiped = await dumpArchive(page);
    expect([wiped.packs, wiped.organisations, wiped.summaries]).toEqual([[], [], []]);
    expect(await syncedSettings(page)).toBeUndefined();

    await page.goto(extension().extensionUrl('options.html'));
    await page.waitForFunction(() => document.querySelector(`section#packs`) !== null);
    await chooseFile(page, BACKUP_INPUT, download.name, download.text);
    await page.waitForFunction(() => document.querySelector('.backup-preview') !== null);
    expect(await page.innerText('.backup-preview')).toContain(bundled.pack.name);
    await clickButton(page, 'Restore this backup', '.backup-preview');
    await waitForStatus(page, 'The backup was restored.');

    expect(await dumpArchive(page)).toEqual(archiveBefore);
    expect(await syncedSettings(page)).toEqual(settingsBefore);
    // And the page shows it again.
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLInputElement>('input[name="highlight-style"][value="both"]')
          ?.checked,
    );
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('refuses a backup from a newer version with a message saying so, changing nothing', async () => {
    const page = await open();
    const before = await dumpArchive(page);
    const settingsBefore = await syncedSettings(page);
    const newer = JSON.stringify({
      format: 'backstory-backup',
      formatVersion: 2,
      createdAt: '2031-01-01T00:00:00Z',
      settingsVersion: 5,
      settings: { highlightStyle: 'glow' },
      packs: [],
      holograms: true,
    });
    await chooseFile(page, BACKUP_INPUT, 'from-the-future.json', newer);
    await page.waitForFunction(() => document.querySelector('.backup-error') !== null);
    const message = await page.innerText('.backup-error');
    expect(message).toContain('newer version of Backstory');
    expect(message).toContain('backup format version 2');
    expect(await page.evaluate(() => document.querySelector('.backup-preview'))).toBeNull();
    expect(await dumpArchive(page)).toEqual(before);
    expect(await syncedSettings(page)).toEqual(settingsBefore);
    await page.close();
  });
});
