/**
 * "Backstory makes no network requests", checked in real Chromium and Firefox: through normal use
 * (the popup, the options page, an article with mentions and an open hover card) no part of the
 * extension requests anything but its own files.
 *
 * How requests are observed, since the harness hides the drivers' page and context objects and
 * WebDriver BiDi reports nothing from Firefox's extension contexts (bug 1755014):
 * - The network: the browser starts with a recording proxy in its environment (`http_proxy` and
 *   friends, which Chromium and Firefox on Linux read when there are no desktop proxy settings).
 *   Every request to any host but the loopback, from any context, reaches it.
 * - Each extension page: its Resource Timing entries, which list every http(s) load, fetch and XHR
 *   it made (to the loopback too); in Firefox also those of the background page.
 * - Chromium's service worker, which no page can reach: a test-only copy of the build starts the
 *   shipped `background.js` from a wrapper worker that answers one extra message with the worker's
 *   own Resource Timing entries and every `fetch`/`WebSocket` it saw. The shipped files are
 *   copied untouched.
 * - The article: its own Resource Timing entries (the content script runs in the same document).
 * At the end, probe requests from the article and from an extension page must reach the proxy,
 * proving that the observation works.
 *
 * The browsers' own services are not the extension's traffic and are listed per browser below.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { CARD_PAGE_DRAWN, hoverMention, waitForCard, waitForHighlights } from './card-helpers';
import {
  browsers,
  fixtureUrl,
  useExtensionBrowser,
  type BrowserName,
  type ExtensionBrowser,
  type TestPage,
} from './harness';
import { waitForSummaries } from './harness/archive-db';
import { prepareBuildVariant } from './harness/variants';
import { startRecordingProxy, type RecordedRequest, type RecordingProxy } from './recording-proxy';

const MKO = bundled.organisations.find((org) => org.id === 'mko');
if (!MKO) throw new Error('the bundled pack lost an organisation');

/**
 * Hosts the browsers themselves contact whatever extension is installed, seen in this test's
 * runs: Chromium's component updater and account service keep calling home in spite of
 * `--disable-component-update` and `--disable-background-networking`; Firefox fetches Remote
 * Settings (blocklists and the like), and puppeteer points its other services at `dummy.test`.
 * Exact names only: a request to any other host fails the test, and none of these may come from
 * an extension page (checked at the end).
 */
const BROWSER_SERVICE_HOSTS: Readonly<Record<BrowserName, readonly string[]>> = {
  chromium: ['update.googleapis.com', 'accounts.google.com'],
  firefox: ['firefox.settings.services.mozilla.com', 'dummy.test'],
};

const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'] as const;

/** Host of the probe requests that must be seen (`.invalid` never resolves). */
const PROBE_HOST = 'privacy-probe.invalid';

/** The message the wrapper worker answers (no message of the protocol has this type). */
const WORKER_REPORT = 'test:privacy-requests';

/** Runs first in Chromium's service worker: records what it requests, then starts the real one. */
const WORKER_WRAPPER = `
const seen = [];
const originalFetch = self.fetch;
self.fetch = function (input, init) {
  seen.push('fetch ' + (input instanceof Request ? input.url : String(input)));
  return originalFetch.call(this, input, init);
};
if (self.WebSocket) {
  const OriginalWebSocket = self.WebSocket;
  self.WebSocket = function (url, protocols) {
    seen.push('WebSocket ' + String(url));
    return new OriginalWebSocket(url, protocols);
  };
}
chrome.runtime.onMessage.addListener((message, _sender, reply) => {
  if (!message || message.type !== ${JSON.stringify(WORKER_REPORT)}) return false;
  const entries = performance.getEntriesByType('resource').map((entry) => 'resource ' + entry.name);
  reply([...seen, ...entries]);
  return false;
});
importScripts('background.js');
`;

/** Runs in an extension page: the URLs of every resource it (or its background page) loaded. */
async function resourceUrls(which: 'page' | 'background' | 'worker'): Promise<string[]> {
  type Api = {
    runtime: {
      getBackgroundPage?(): Promise<Window | null>;
      sendMessage(message: unknown): Promise<unknown>;
    };
  };
  const scope = globalThis as unknown as { browser?: Api; chrome: Api };
  const api = scope.browser ?? scope.chrome;
  // The document itself by its address: Firefox names every navigation entry "document".
  const list = (target: Window) => [
    target.location.href,
    ...target.performance.getEntriesByType('resource').map((entry) => entry.name),
  ];
  if (which === 'page') return list(window);
  if (which === 'worker') {
    return (await api.runtime.sendMessage({ type: 'test:privacy-requests' })) as string[];
  }
  const page = await api.runtime.getBackgroundPage?.();
  if (!page) throw new Error('no background page');
  return list(page);
}

/** Runs in a page: sends probe requests that the proxy must record; their failure is expected. */
async function sendProbes(args: { host: string; tag: string }): Promise<void> {
  await Promise.allSettled([
    fetch(`http://${args.host}/${args.tag}`, { mode: 'no-cors' }),
    fetch(`https://${args.host}/${args.tag}`, { mode: 'no-cors' }),
  ]);
}

/** Polls until the proxy has recorded a request matching `test`. */
async function waitForRequest(
  proxy: RecordingProxy,
  test: (request: RecordedRequest) => boolean,
): Promise<void> {
  await expect.poll(() => proxy.requests().some(test), { timeout: 10_000 }).toBe(true);
}

describe.each(browsers)('%s', (name, launch) => {
  let proxy: RecordingProxy;
  let workDir = '';
  const saved = new Map<string, string | undefined>();
  beforeAll(async () => {
    proxy = await startRecordingProxy();
    for (const variable of PROXY_VARIABLES) {
      for (const key of [variable, variable.toUpperCase()]) {
        saved.set(key, process.env[key]);
        process.env[key] = variable === 'no_proxy' ? '' : proxy.url;
      }
    }
    if (name !== 'chromium') return;
    workDir = await mkdtemp(join(tmpdir(), 'backstory-e2e-privacy-'));
    const dir = await prepareBuildVariant(name, join(workDir, 'extension'), {
      files: { 'privacy-worker.js': WORKER_WRAPPER },
    });
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
    manifest.background = { service_worker: 'privacy-worker.js' };
    await writeFile(manifestPath, JSON.stringify(manifest));
  });
  const extension = useExtensionBrowser(launch, () =>
    workDir ? { extensionDir: join(workDir, 'extension') } : {},
  );
  // Hooks run in order: the browser has started, with the proxy in its environment, by now.
  beforeAll(() => {
    for (const [key, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  });
  afterAll(async () => {
    await proxy.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /** Opens an extension page and waits until it has rendered something. */
  async function openExtensionPage(browser: ExtensionBrowser, path: string): Promise<TestPage> {
    const page = await browser.openExtensionPage(path);
    await page.waitForFunction(() => (document.body.textContent ?? '').trim().length > 0);
    return page;
  }

  it('sends nothing to the network in normal use, from any part of the extension', async () => {
    const browser = extension();
    const popup = await openExtensionPage(browser, 'popup.html');
    // The background has installed the bundled archive.
    await waitForSummaries(popup, bundled.summaries.length);
    const options = await openExtensionPage(browser, 'options.html');

    const article = await browser.openPage(fixtureUrl('card.html'));
    await article.bringToFront();
    await waitForHighlights(article, CARD_PAGE_DRAWN);
    await article.mouse.move(900, 700);
    await hoverMention(article, 'Mujahedin-e Khalq');
    await waitForCard(article, MKO.name);

    // The popup again, now with a page to report on.
    const popupAgain = await openExtensionPage(browser, 'popup.html');
    // A little longer for anything late (a timer, an idle callback) to show up.
    await new Promise((done) => setTimeout(done, 1_000));

    const extensionLoads = [
      ...(await popup.evaluate(resourceUrls, 'page')),
      ...(await options.evaluate(resourceUrls, 'page')),
      ...(await popupAgain.evaluate(resourceUrls, 'page')),
    ];
    const backgroundLoads = await popup.evaluate(
      resourceUrls,
      name === 'chromium' ? 'worker' : 'background',
    );
    const articleLoads = await article.evaluate(resourceUrls, 'page');
    const network = proxy
      .requests()
      .filter((request) => !BROWSER_SERVICE_HOSTS[name].includes(request.hostname));

    // Extension pages request nothing over http(s), not even from the loopback. (Resource Timing
    // lists http(s) loads only, not the pages' own extension files; the probe below shows that a
    // fetch from an extension page does appear in it.)
    expect(extensionLoads.length).toBeGreaterThan(0);
    const own = (url: string) => url.startsWith(`${browser.extensionOrigin}/`);
    expect(extensionLoads.filter((url) => !own(url))).toEqual([]);
    // So does the background (Chromium's worker lists only what it fetched: nothing).
    expect(backgroundLoads.filter((entry) => !own(entry.replace(/^resource /, '')))).toEqual([]);
    // The article loads its own two files; a content script's fetch would be listed here too.
    const fixtureOrigin = new URL(fixtureUrl('card.html')).origin;
    expect(articleLoads.map((url) => url.replace(fixtureOrigin, '')).sort()).toEqual([
      '/card.html',
      '/page-mutations.js',
    ]);
    // And nothing went to the network, from anywhere.
    expect(network).toEqual([]);

    // The observation works: probes from the article and an extension page reach the proxy.
    await article.evaluate(sendProbes, { host: PROBE_HOST, tag: 'page' });
    await waitForRequest(proxy, (r) => r.target === `http://${PROBE_HOST}/page`);
    await waitForRequest(proxy, (r) => r.method === 'CONNECT' && r.hostname === PROBE_HOST);
    await popup.evaluate(sendProbes, { host: PROBE_HOST, tag: 'extension' });
    await waitForRequest(proxy, (r) => r.target === `http://${PROBE_HOST}/extension`);
    expect(
      (await popup.evaluate(resourceUrls, 'page')).some((url) => url.includes(PROBE_HOST)),
    ).toBe(true);
    // Nothing the browsers' own services sent came from an extension page.
    const fromExtension = proxy
      .requests()
      .filter((r) => BROWSER_SERVICE_HOSTS[name].includes(r.hostname))
      .filter((r) => (r.initiator ?? '').startsWith(browser.extensionOrigin));
    expect(fromExtension).toEqual([]);

    for (const page of [popup, options, article, popupAgain]) await page.close();
  });
});
