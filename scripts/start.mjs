#!/usr/bin/env node
/**
 * `npm start`: opens Chromium with the freshly built extension on the bundled demo article.
 * Where a display exists the window stays open until you close it; on a headless machine (or with
 * CI set) it takes screenshots of the article and the popup, prints what Backstory found, and
 * exits non-zero if the extension found nothing.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');
const PAGES_DIR = join(ROOT, 'tests', 'fixtures', 'pages');
const SHOTS_DIR = join(ROOT, 'test-results', 'start');
const DEMO_PAGE = 'article.html';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

const headless =
  Boolean(process.env.CI) ||
  (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);

/** The first Chromium-family browser found on this machine. */
function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ];
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found. Install it (apt-get install chromium) or set CHROMIUM_PATH.',
    );
  }
  return found;
}

/** Serves the demo pages on 127.0.0.1 at a free port. */
async function serveDemoPages() {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(PAGES_DIR, path);
    if (!file.startsWith(PAGES_DIR + sep)) return void response.writeHead(404).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  return {
    server,
    base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`,
  };
}

/** Asks the background, from an extension page, what it knows about the tab showing `url`. */
async function readTabReport(page, url) {
  return page.evaluate(async (target) => {
    const tabs = await chrome.tabs.query({});
    for (const tab of tabs) {
      const reply = await chrome.runtime.sendMessage({
        type: 'ui:get-tab-report',
        payload: { tabId: tab.id },
      });
      if (reply?.ok && reply.value?.url === target) return reply.value;
    }
    return null;
  }, url);
}

async function main() {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error('No build in .output/chrome-mv3: run `npm run build` first (npm start does).');
  }
  const { server, base } = await serveDemoPages();
  const profile = await mkdtemp(join(tmpdir(), 'backstory-start-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless,
    viewport: headless ? { width: 1280, height: 900 } : null,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const cleanUp = async () => {
    await context.close().catch(() => undefined);
    server.close();
    await rm(profile, { recursive: true, force: true });
  };

  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    const demoUrl = new URL(DEMO_PAGE, base).href;
    const article = context.pages()[0] ?? (await context.newPage());
    await article.goto(demoUrl);

    if (!headless) {
      console.log(
        `Backstory is loaded (extension id ${extensionId}) on the demo article: ${demoUrl}`,
      );
      console.log(
        'Hover a highlighted name, or open the toolbar popup. Close the window to finish.',
      );
      await new Promise((resolve) => context.on('close', resolve));
      return;
    }

    await article
      .waitForFunction(
        () => [...CSS.highlights.keys()].some((k) => k.startsWith('backstory-')),
        null,
        {
          timeout: 15_000,
        },
      )
      .catch(() => undefined);
    const highlighted = await article.evaluate(() =>
      [...CSS.highlights.entries()]
        .filter(([name]) => name.startsWith('backstory-'))
        .flatMap(([, highlight]) =>
          [...highlight].map((r) => {
            const range = document.createRange();
            range.setStart(r.startContainer, r.startOffset);
            range.setEnd(r.endContainer, r.endOffset);
            return range.toString();
          }),
        ),
    );
    await mkdir(SHOTS_DIR, { recursive: true });
    await article.screenshot({ path: join(SHOTS_DIR, 'article.png') });
    // Rest the pointer on the first mention, as a reader would, and capture its card too.
    const first = await article.evaluate(() => {
      const [range] = [...CSS.highlights.entries()]
        .filter(([name]) => name.startsWith('backstory-'))
        .flatMap(([, highlight]) => [...highlight])
        .sort((a, b) =>
          a.startContainer === b.startContainer
            ? a.startOffset - b.startOffset
            : a.startContainer.compareDocumentPosition(b.startContainer) &
                Node.DOCUMENT_POSITION_FOLLOWING
              ? -1
              : 1,
        );
      if (!range) return null;
      const live = document.createRange();
      live.setStart(range.startContainer, range.startOffset);
      live.setEnd(range.endContainer, range.endOffset);
      const box = live.getClientRects()[0];
      return box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : null;
    });
    if (first) {
      await article.mouse.move(first.x - 1, first.y);
      await article.mouse.move(first.x, first.y);
      await article.waitForTimeout(800);
      await article.screenshot({ path: join(SHOTS_DIR, 'card.png') });
    }

    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    // The tab's report follows the scan at most every half second: wait for it to catch up.
    let report = await readTabReport(popup, demoUrl);
    for (let i = 0; i < 20 && (report?.count ?? 0) < highlighted.length; i++) {
      await popup.waitForTimeout(250);
      report = await readTabReport(popup, demoUrl);
    }
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${report?.tabId ?? ''}`);
    await popup.setViewportSize({ width: 420, height: 720 });
    await popup.waitForSelector('.summary', { timeout: 10_000 }).catch(() => undefined);
    const archiveTitles = await popup.$$eval('.summary__title', (els) =>
      els.map((e) => e.textContent),
    );
    await popup.screenshot({ path: join(SHOTS_DIR, 'popup.png'), fullPage: true });

    console.log(`Backstory ${JSON.stringify(extensionId)} on ${demoUrl} (headless)`);
    console.log(`  archive: ${archiveTitles.length} summaries listed in the popup`);
    console.log(`  page: ${report?.count ?? 0} mentions, ${highlighted.length} highlighted:`);
    for (const text of highlighted) console.log(`    - ${text.replace(/\s+/g, ' ')}`);
    for (const org of report?.organisations ?? []) console.log(`  ${org.key}: ${org.count}`);
    console.log(`  screenshots: ${join('test-results', 'start')}/{article,card,popup}.png`);
    if (highlighted.length === 0 || archiveTitles.length === 0) {
      throw new Error('Backstory found nothing on the demo article: see the screenshots.');
    }
  } finally {
    await cleanUp();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
