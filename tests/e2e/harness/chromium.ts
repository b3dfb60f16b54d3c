/**
 * Chromium driver: the system Chromium through playwright-core, with the unpacked MV3 build loaded
 * into a fresh temporary profile.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { BUILD_DIRS, readBuiltManifest } from './builds';
import { shadowCallArgument, shadowCallResult, shadowCallSource } from './shadow-call';
import type { ExtensionBrowser, LaunchExtensionBrowser, TestPage } from './types';

/** The Chromium binary; override with `BACKSTORY_CHROMIUM`. */
export const CHROMIUM_PATH = process.env.BACKSTORY_CHROMIUM ?? '/usr/bin/chromium';

const DEFAULT_TIMEOUT = 15_000;
const POLL_INTERVAL = 50;

/**
 * Starts headless Chromium with the extension loaded and waits for its service worker, whose URL
 * gives the extension id.
 */
export const launchChromium: LaunchExtensionBrowser = async (options = {}) => {
  const extensionDir = options.extensionDir ?? BUILD_DIRS.chromium;
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const manifest = readBuiltManifest(extensionDir);
  const profileDir = await mkdtemp(join(tmpdir(), 'backstory-e2e-chromium-'));
  const removeProfile = () => rm(profileDir, { recursive: true, force: true, maxRetries: 3 });

  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      // With an explicit executablePath playwright passes plain `--headless`, which since
      // Chromium 132 is the new headless mode (the old one, without extension support, now only
      // ships as chrome-headless-shell, which we never launch).
      headless: true,
      viewport: { width: 1280, height: 800 },
      ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
      timeout: 60_000,
      args: [
        // The container runs as root, where Chromium refuses to start with its sandbox.
        '--no-sandbox',
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        // No internet here: stop background fetches that would otherwise stall or log errors.
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (error) {
    await removeProfile();
    throw error;
  }

  const isExtensionWorker = (url: string) => url.startsWith('chrome-extension://');
  let extensionId: string;
  try {
    // Checking the list and subscribing happen in the same tick, so no event can slip between.
    const worker =
      context.serviceWorkers().find((w) => isExtensionWorker(w.url())) ??
      (await context.waitForEvent('serviceworker', {
        predicate: (w) => isExtensionWorker(w.url()),
        timeout: 30_000,
      }));
    extensionId = new URL(worker.url()).host;
  } catch (error) {
    await context.close();
    await removeProfile();
    throw new Error(`Chromium: the extension's service worker never started: ${String(error)}`);
  }
  const extensionOrigin = `chrome-extension://${extensionId}`;

  let closed: Promise<void> | undefined;
  const browser: ExtensionBrowser = {
    name: 'chromium',
    extensionId,
    extensionOrigin,
    manifest,
    extensionUrl: (path) => new URL(path, `${extensionOrigin}/`).href,
    async openPage(url) {
      const page = await context.newPage();
      page.setDefaultTimeout(timeout);
      const testPage = wrapPage(page, timeout);
      try {
        await testPage.goto(url);
      } catch (error) {
        await page.close();
        throw error;
      }
      return testPage;
    },
    openExtensionPage(path) {
      return browser.openPage(browser.extensionUrl(path));
    },
    stopBackground: () => stopServiceWorker(context, extensionOrigin, timeout),
    close() {
      closed ??= context.close().finally(removeProfile);
      return closed;
    },
  };
  return browser;
};

/** A service worker version as the DevTools protocol's `ServiceWorker` domain reports it. */
type WorkerVersion = { versionId: string; scriptURL: string; runningStatus: string };

/**
 * Stops the extension's service worker through the DevTools protocol and waits until Chromium
 * reports it stopped; does nothing if it is not running. The `ServiceWorker` domain of any page's
 * session sees the workers of the whole profile, the extension's included.
 */
async function stopServiceWorker(
  context: BrowserContext,
  extensionOrigin: string,
  timeout: number,
): Promise<void> {
  const existing = context.pages().find((page) => !page.isClosed());
  const page = existing ?? (await context.newPage());
  const session = await context.newCDPSession(page);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const stopped = new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the extension's service worker did not stop in ${timeout} ms`)),
        timeout,
      );
      let target: string | undefined;
      // `ServiceWorker.enable` reports every known version, then each change of one.
      session.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        for (const version of versions as WorkerVersion[]) {
          if (!version.scriptURL.startsWith(`${extensionOrigin}/`)) continue;
          if (version.runningStatus === 'stopped' && (!target || version.versionId === target)) {
            resolve();
          } else if (!target && ['starting', 'running'].includes(version.runningStatus)) {
            target = version.versionId;
            session.send('ServiceWorker.stopWorker', { versionId: target }).catch(reject);
          }
        }
      });
    });
    await session.send('ServiceWorker.enable');
    await stopped;
  } finally {
    clearTimeout(timer);
    await session.detach().catch(() => undefined);
    if (!existing) await page.close();
  }
}

/** Adapts a playwright page to the harness's `TestPage`. */
function wrapPage(page: Page, defaultTimeout: number): TestPage {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`Uncaught ${String(error)}`));

  let cdp: Promise<CDPSession> | undefined;

  return {
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async evaluateInShadowRoot(hostSelector, fn, arg) {
      cdp ??= page.context().newCDPSession(page);
      const session = await cdp;
      // The host, found in the main world; DOM.describeNode lists its shadow roots, closed too.
      const { result: host } = await session.send('Runtime.evaluate', {
        expression: `document.querySelector(${JSON.stringify(hostSelector)})`,
      });
      if (!host.objectId) return null;
      try {
        const { node } = await session.send('DOM.describeNode', {
          objectId: host.objectId,
          depth: 0,
        });
        const shadow = node.shadowRoots?.[0];
        if (!shadow) return null;
        const { object } = await session.send('DOM.resolveNode', {
          backendNodeId: shadow.backendNodeId,
        });
        if (!object.objectId) return null;
        try {
          const call = await session.send('Runtime.callFunctionOn', {
            objectId: object.objectId,
            functionDeclaration: `function (json) { return (${shadowCallSource(fn)})(this, json); }`,
            arguments: [{ value: shadowCallArgument(arg) }],
            returnByValue: true,
            awaitPromise: true,
          });
          if (call.exceptionDetails) {
            const details = call.exceptionDetails;
            throw new Error(
              `evaluateInShadowRoot: ${details.exception?.description ?? details.text}`,
            );
          }
          return shadowCallResult(call.result.value);
        } finally {
          await session.send('Runtime.releaseObject', { objectId: object.objectId });
        }
      } finally {
        await session.send('Runtime.releaseObject', { objectId: host.objectId });
      }
    },
    // The drivers' own generics (handles, unboxing) do not line up with ours; both serialise
    // `arg` the same way, so erase the parameter type.
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) =>
      page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg) as Promise<R>,
    async waitForFunction(fn, arg, options = {}) {
      // Interval polling, not requestAnimationFrame: rAF does not run in background tabs.
      await page.waitForFunction(fn as (arg: unknown) => unknown, arg, {
        timeout: options.timeout ?? defaultTimeout,
        polling: POLL_INTERVAL,
      });
    },
    click: (selector) => page.locator(selector).first().click(),
    hover: (selector) => page.locator(selector).first().hover(),
    fill: (selector, value) => page.locator(selector).first().fill(value),
    innerText: (selector) => page.locator(selector).first().innerText(),
    mouse: { move: (x, y) => page.mouse.move(x, y) },
    keyboard: {
      press: (key) => page.keyboard.press(key),
      type: (text) => page.keyboard.type(text),
    },
    bringToFront: () => page.bringToFront(),
    async screenshot(path) {
      await page.screenshot({ path });
    },
    consoleErrors: () => [...errors],
    close: () => page.close(),
  };
}
