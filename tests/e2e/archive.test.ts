/**
 * The bundled archive after install, read back through an extension page in both browsers: the
 * database holds the eight titles, and the popup lists them with their provenance.
 */
import { describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { browsers, useExtensionBrowser } from './harness';
import { dumpArchive, waitForSummaries } from './harness/archive-db';

const TITLES = bundled.summaries.map((summary) => summary.title).sort();

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);

  it('installs the bundled archive: its eight titles are in the database', async () => {
    const page = await extension().openExtensionPage('popup.html');
    // The background installs the pack at start-up.
    await waitForSummaries(page, 8);
    const titles = (await dumpArchive(page)).summaries as { title: string; packId: string }[];
    expect(titles.map((s) => s.title).sort()).toEqual(TITLES);
    expect(new Set(titles.map((s) => s.packId))).toEqual(new Set([bundled.pack.id]));
    await page.close();
  });

  it('lists the archive in the popup, each summary with the pack it comes from', async () => {
    // `#archive` opens the popup on its Archive tab (innerText only reads what is shown).
    const page = await extension().openExtensionPage('popup.html#archive');
    await page.waitForFunction(() => document.querySelectorAll('.summary').length === 8);
    const text = await page.innerText('main');
    for (const title of TITLES) expect(text).toContain(title);
    const packLines = await page.evaluate(() =>
      [...document.querySelectorAll('.summary__pack')].map((el) => el.textContent),
    );
    expect(packLines).toHaveLength(8);
    for (const line of packLines) expect(line).toContain(bundled.pack.name);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });
});
