/**
 * The harness itself works the same in both browsers: extension pages can be driven (clicks,
 * typing, hover, keys), their errors are collected, and the background can be stopped under them.
 * Firefox needs workarounds for this (see harness/firefox.ts), so this file catches a browser or
 * driver upgrade that breaks them.
 *
 * It loads a copy of the real build with one extra page, `harness-check.html`, so it does not
 * depend on which pages the extension has yet.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsers, fixtureUrl, useExtensionBrowser, type BrowserName } from './harness';
import { prepareBuildVariant } from './harness/variants';

const CHECK_PAGE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Harness check</title>
    <style>
      body { margin: 0; font: 16px sans-serif; }
      #hover-target { position: absolute; left: 400px; top: 300px; width: 100px; height: 50px; }
    </style>
  </head>
  <body>
    <button id="button" type="button">Press</button>
    <input id="input" aria-label="Query" />
    <p id="output">idle</p>
    <div id="hover-target">hover</div>
    <script src="harness-check.js"></script>
  </body>
</html>
`;

// Extension pages forbid inline scripts, hence a separate file.
const CHECK_PAGE_JS = `const api = globalThis.browser ?? globalThis.chrome;
const output = document.getElementById('output');
document.getElementById('button').addEventListener('click', () => {
  output.textContent = 'clicked ' + api.runtime.id;
  console.error('reported on click');
  setTimeout(() => { throw new Error('thrown on click'); });
});
const input = document.getElementById('input');
input.addEventListener('input', () => { output.textContent = 'value ' + input.value; });
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') output.textContent = 'submitted ' + input.value;
});
const target = document.getElementById('hover-target');
target.addEventListener('mouseenter', () => { output.textContent = 'entered'; });
target.addEventListener('mouseleave', () => { output.textContent = 'left'; });
`;

// A content script like the real one: highlights the first "Mujahedin" on fixture pages.
const CHECK_CONTENT_SCRIPT_JS = `const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const start = node.data.indexOf('Mujahedin');
  if (start === -1) continue;
  const range = new Range();
  range.setStart(node, start);
  range.setEnd(node, start + 'Mujahedin'.length);
  CSS.highlights.set('harness-check', new Highlight(range));
  break;
}
`;

/** Copies a build and adds the check page and content script to the copy. */
async function prepareCheckExtension(name: BrowserName, extensionDir: string): Promise<void> {
  await prepareBuildVariant(name, extensionDir, {
    files: {
      'harness-check.html': CHECK_PAGE_HTML,
      'harness-check.js': CHECK_PAGE_JS,
      'harness-check-content.js': CHECK_CONTENT_SCRIPT_JS,
    },
    contentScripts: [
      {
        matches: ['http://127.0.0.1/*'],
        js: ['harness-check-content.js'],
        run_at: 'document_idle',
      },
    ],
  });
}

describe.each(browsers)('%s', (name, launch) => {
  let workDir = '';
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), `backstory-e2e-harness-${name}-`));
    await prepareCheckExtension(name, join(workDir, 'extension'));
  });
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });
  const extension = useExtensionBrowser(launch, () => ({
    extensionDir: join(workDir, 'extension'),
  }));

  it('drives an extension page with clicks, typing, keys and the mouse', async () => {
    const page = await extension().openExtensionPage('harness-check.html');
    expect(await page.evaluate(() => location.href)).toBe(
      extension().extensionUrl('harness-check.html'),
    );

    await page.click('#button');
    expect(await page.innerText('#output')).toBe(`clicked ${extension().extensionId}`);

    await page.fill('#input', 'Mujahedin');
    expect(await page.innerText('#output')).toBe('value Mujahedin');
    await page.keyboard.type(' Khalq');
    await page.keyboard.press('Enter');
    expect(await page.innerText('#output')).toBe('submitted Mujahedin Khalq');

    await page.hover('#hover-target');
    expect(await page.innerText('#output')).toBe('entered');
    await page.mouse.move(5, 700);
    await page.waitForFunction(
      (expected) => document.getElementById('output')?.textContent === expected,
      'left',
    );

    await page.waitForFunction(() => document.title === 'Harness check', undefined, {
      timeout: 5_000,
    });
    await expect(page.waitForFunction(() => false, undefined, { timeout: 300 })).rejects.toThrow();
    await page.close();
  });

  it('refuses to open an extension page that does not exist', async () => {
    await expect(extension().openExtensionPage('missing.html')).rejects.toThrow(
      'ERR_FILE_NOT_FOUND',
    );
  });

  it('collects console errors and uncaught errors per page', async () => {
    const extensionPage = await extension().openExtensionPage('harness-check.html');
    const otherPage = await extension().openPage(fixtureUrl('blank.html'));
    await extensionPage.bringToFront();
    await extensionPage.click('#button');
    await extensionPage.waitForFunction(() => true);
    await expect.poll(() => extensionPage.consoleErrors()).toHaveLength(2);
    expect(extensionPage.consoleErrors()[0]).toBe('reported on click');
    expect(extensionPage.consoleErrors()[1]).toContain('thrown on click');
    expect(otherPage.consoleErrors()).toEqual([]);

    // The same tab, now on a web page: errors there are collected too.
    await extensionPage.goto(
      'data:text/html,<title>x</title><script>console.error("web page error")</script>',
    );
    await expect.poll(() => extensionPage.consoleErrors()).toHaveLength(3);
    expect(extensionPage.consoleErrors()[2]).toBe('web page error');
    await Promise.all([extensionPage.close(), otherPage.close()]);
  });

  it("reads a content script's CSS highlights from the page's main world", async () => {
    const page = await extension().openPage(fixtureUrl('article.html'));
    await page.waitForFunction(() => CSS.highlights.has('harness-check'));
    const highlighted = await page.evaluate(() =>
      [...(CSS.highlights.get('harness-check') ?? [])].map((range) => range.toString()),
    );
    expect(highlighted).toEqual(['Mujahedin']);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('stops the background, leaving extension pages open, and it answers again', async () => {
    const page = await extension().openExtensionPage('harness-check.html');
    // Backstory's background draws its first revision from the clock when it starts, so a
    // different revision means another background answered.
    const revision = () =>
      page.evaluate(async () => {
        type Api = { runtime: { sendMessage(message: unknown): Promise<unknown> } };
        const g = globalThis as unknown as { browser?: Api; chrome: Api };
        const api = g.browser?.runtime ? g.browser : g.chrome;
        const reply = (await api.runtime.sendMessage({
          type: 'content:get-matcher-source',
          payload: {},
        })) as { value?: { revision: number } };
        return reply.value?.revision;
      });
    const before = await revision();
    expect(before).toEqual(expect.any(Number));
    await extension().stopBackground();
    expect(await revision()).toBeGreaterThan(before ?? Infinity);
    expect(await page.evaluate(() => location.href)).toBe(
      extension().extensionUrl('harness-check.html'),
    );
    await page.close();
  });

  it('takes screenshots', async () => {
    const page = await extension().openPage(fixtureUrl('blank.html'));
    const path = join(workDir, 'blank.png');
    await page.screenshot(path);
    expect((await stat(path)).size).toBeGreaterThan(1000);
    await page.close();
  });
});
