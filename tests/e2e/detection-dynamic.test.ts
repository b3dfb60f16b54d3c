/**
 * Mention detection on pages that change: a feed that grows (and shrinks), a React app that
 * re-renders a list, a single-page app that navigates with pushState, and the archive switching
 * a pack off and on. Highlights must follow every change (no range left on removed text), the
 * context rule must see the whole page as it is now, and the badge must keep up.
 */
import { join } from 'node:path';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { browsers, fixtureUrl, useExtensionBrowser, type TestPage } from './harness';
import { FIXTURE_PAGES_DIR } from './harness/builds';
import { drawnRanges, highlightedTexts, setPackEnabled, tabState } from './detection-helpers';

/** Waits up to this long for the scan (and the background's badge) to catch up. */
const POLL = { timeout: 15_000, interval: 50 };

/**
 * The React fixture app (react/app.js) bundled with React's production build. The test runs it in
 * react/index.html as the page's own script; bundling in memory leaves no generated file in the
 * fixture folder for the linters to trip over.
 */
async function bundleReactApp(): Promise<string> {
  // Vite (a direct dependency) bundles it; no config file, nothing written to disk.
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: {
        entry: join(FIXTURE_PAGES_DIR, 'react', 'app.js'),
        formats: ['iife'],
        name: 'reactFixture',
      },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs
    .flatMap((output) => ('output' in output ? output.output : []))
    .find((file) => file.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('no bundle for the React fixture');
  return chunk.code;
}

let reactApp = '';
beforeAll(async () => {
  reactApp = await bundleReactApp();
});

/** Every drawn range is on text still in the page. */
async function allConnected(page: TestPage): Promise<boolean> {
  return (await drawnRanges(page)).every((range) => range.connected);
}

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);
  // Opened first, so the fixture pages opened later are the visible tabs.
  let extensionPage: TestPage;
  beforeAll(async () => {
    extensionPage = await extension().openExtensionPage('popup.html');
  });

  it('follows a feed that grows and shrinks; page-wide context comes and goes', async () => {
    const url = fixtureUrl('infinite.html');
    const page = await extension().openPage(url);
    // The first report goes out with zero mentions.
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ count: 0 });

    // Batch 1: "the MEK" has no support yet.
    await page.evaluate(() => (window as unknown as { appendBatch(): boolean }).appendBatch());
    await expect
      .poll(() => highlightedTexts(page), POLL)
      .toEqual(['National Council of Resistance of Iran']);

    // Batch 2 names the organisation, further down: batch 1's "MEK" now counts.
    await page.evaluate(() => (window as unknown as { appendBatch(): boolean }).appendBatch());
    await expect
      .poll(() => highlightedTexts(page), POLL)
      .toEqual(['MEK', 'National Council of Resistance of Iran', 'Mujahedin-e Khalq']);
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ badge: '3' });
    expect((await tabState(extensionPage, url))?.snippets[0]).toMatchObject({
      alias: 'MEK',
      reason: { kind: 'context-alias', supportingAlias: 'Mujahedin-e Khalq' },
    });

    // The story that named it leaves the page: its range goes, and so does the support.
    await page.evaluate(() =>
      (window as unknown as { removeStory(id: string): void }).removeStory('story-2-0'),
    );
    await expect
      .poll(() => highlightedTexts(page), POLL)
      .toEqual(['National Council of Resistance of Iran']);
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ badge: '1' });

    // Scrolling to the end loads batch 3 (infinite scroll), whose "PMOI" supports "MEK" again.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect
      .poll(() => highlightedTexts(page), POLL)
      .toEqual(['MEK', 'National Council of Resistance of Iran', 'PMOI', 'MKO']);
    await expect
      .poll(() => tabState(extensionPage, url), POLL)
      .toMatchObject({
        badge: '4',
        count: 4,
      });
    expect((await tabState(extensionPage, url))?.snippets[0]?.reason).toEqual({
      kind: 'context-alias',
      supportingAlias: 'PMOI',
    });
    expect(await allConnected(page)).toBe(true);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('follows a React list through re-renders, with no console errors', async () => {
    const url = fixtureUrl('react/index.html');
    const page = await extension().openPage(url);
    // The app starts as the page's own script, after the first scan (a lazily loaded app).
    await page.evaluate((code) => {
      const script = document.createElement('script');
      script.textContent = code;
      document.head.append(script);
    }, reactApp);
    await expect
      .poll(() => highlightedTexts(page), POLL)
      .toEqual(['Mujahedin-e Khalq', 'MEK', 'PMOI']);

    type Story = { id: string; title: string; body: string };
    const render = (stories: Story[]) =>
      page.evaluate(
        (list) =>
          (window as unknown as { reactFixture: { render(s: Story[]): void } }).reactFixture.render(
            list,
          ),
        stories,
      );

    // One story removed, one edited in place, one added.
    await render([
      { id: 'b', title: 'Statement', body: 'The MKO issued a statement.' },
      { id: 'c', title: 'Weather', body: 'Sunny with light winds.' },
      { id: 'd', title: 'Background', body: "People's Mojahedin Organization of Iran: a profile." },
    ]);
    await expect
      .poll(() => highlightedTexts(page), POLL)
      .toEqual(['MKO', "People's Mojahedin Organization of Iran"]);
    expect(await allConnected(page)).toBe(true);
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ badge: '2' });

    // Reordered, and a mention moves into a title.
    await render([
      { id: 'd', title: 'Background on the PMOI', body: 'A profile.' },
      { id: 'b', title: 'Statement', body: 'The MKO issued a statement.' },
    ]);
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(['PMOI', 'MKO']);
    expect(await allConnected(page)).toBe(true);

    // Typing into the app's controlled input works as always and is never highlighted.
    await page.click('#note');
    await page.keyboard.type('MEK and Mujahedin-e Khalq');
    expect(
      await page.evaluate(() => (document.getElementById('note') as HTMLInputElement).value),
    ).toBe('MEK and Mujahedin-e Khalq');
    await render([{ id: 'e', title: 'Last', body: 'The MKO again.' }]);
    await expect.poll(() => highlightedTexts(page), POLL).toEqual(['MKO']);
    expect(await allConnected(page)).toBe(true);
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ badge: '1' });

    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('reports under the new URL after single-page-app navigations and a reload', async () => {
    const home = fixtureUrl('spa.html');
    const about = fixtureUrl('spa.html?view=about');
    const page = await extension().openPage(home);
    await expect
      .poll(() => highlightedTexts(page), POLL)
      .toEqual(['Mujahedin-e Khalq', 'MEK', 'PMOI']);
    await expect.poll(() => tabState(extensionPage, home), POLL).toMatchObject({ badge: '3' });

    await page.click('a[data-view="about"]');
    await expect
      .poll(() => highlightedTexts(page), POLL)
      .toEqual(['National Council of Resistance of Iran']);
    await expect
      .poll(() => tabState(extensionPage, about), POLL)
      .toMatchObject({
        badge: '1',
        count: 1,
      });

    await page.evaluate(() => history.back());
    await expect
      .poll(() => tabState(extensionPage, home), POLL)
      .toMatchObject({
        badge: '3',
        count: 3,
      });

    await page.goto(about);
    await expect
      .poll(() => highlightedTexts(page), POLL)
      .toEqual(['National Council of Resistance of Iran']);
    await expect.poll(() => tabState(extensionPage, about), POLL).toMatchObject({ badge: '1' });
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('rescans open pages when a pack is switched off and on', async () => {
    const url = fixtureUrl('article.html');
    const page = await extension().openPage(url);
    await expect.poll(async () => (await highlightedTexts(page)).length, POLL).toBe(10);

    expect(await setPackEnabled(extensionPage, bundled.pack.id, false)).toMatchObject({ ok: true });
    await expect.poll(() => highlightedTexts(page), POLL).toEqual([]);
    await expect
      .poll(() => tabState(extensionPage, url), POLL)
      .toMatchObject({
        badge: '',
        count: 0,
      });

    expect(await setPackEnabled(extensionPage, bundled.pack.id, true)).toMatchObject({ ok: true });
    await expect.poll(async () => (await highlightedTexts(page)).length, POLL).toBe(10);
    await expect.poll(() => tabState(extensionPage, url), POLL).toMatchObject({ badge: '10' });
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });
});
