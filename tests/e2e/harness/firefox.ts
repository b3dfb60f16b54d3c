/**
 * Firefox driver: the system Firefox ESR through puppeteer-core over WebDriver BiDi, with the
 * unpacked MV2 build installed as a temporary add-on in a fresh profile.
 *
 * Two BiDi gaps around extension pages (bug 1755014, "support webextension contexts") are worked
 * around here, both verified on Firefox 153 ESR with puppeteer-core 24:
 * - `browsingContext.navigate` refuses `moz-extension:` URLs ("Navigation to … is not allowed in
 *   this context") unless Firefox starts with `--remote-allow-system-access`; and even then
 *   Firefox sends no navigation events for the extension process, so puppeteer's `page.goto`
 *   times out. We send the navigate command ourselves and wait on its own reply instead.
 * - No console or error events arrive from extension pages, and preload scripts do not run in
 *   them. `page.evaluate` and exposed functions do work, so after each navigation to an extension
 *   page we install an error listener that reports back through an exposed function.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import puppeteer from 'puppeteer-core';
import type { Browser, KeyInput, Page } from 'puppeteer-core';
import { BUILD_DIRS, readBuiltManifest } from './builds';
import { shadowCallArgument, shadowCallResult, shadowCallSource } from './shadow-call';
import type { ExtensionBrowser, LaunchExtensionBrowser, TestPage } from './types';

/** The Firefox binary; override with `BACKSTORY_FIREFOX`. */
export const FIREFOX_PATH = process.env.BACKSTORY_FIREFOX ?? '/usr/bin/firefox-esr';

const DEFAULT_TIMEOUT = 15_000;
const POLL_INTERVAL = 50;
const CLOSE_GRACE = 15_000;

/**
 * Starts headless Firefox and installs the extension. The moz-extension UUID is random per run
 * and fixed up front through the `extensions.webextensions.uuids` pref, so extension page URLs are
 * known without asking the browser.
 */
export const launchFirefox: LaunchExtensionBrowser = async (options = {}) => {
  const extensionDir = options.extensionDir ?? BUILD_DIRS.firefox;
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const manifest = readBuiltManifest(extensionDir);
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) {
    throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id`);
  }
  const uuid = randomUUID();
  const extensionOrigin = `moz-extension://${uuid}`;

  // puppeteer creates a fresh temporary profile and deletes it again on close.
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX_PATH,
    headless: true,
    timeout: 60_000,
    defaultViewport: { width: 1280, height: 800 },
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
      // What `prefers-color-scheme` says to pages: 0 dark, 1 light.
      ...(options.colorScheme
        ? {
            'layout.css.prefers-color-scheme.content-override':
              options.colorScheme === 'dark' ? 0 : 1,
          }
        : {}),
    },
  });

  let installedId: string;
  try {
    installedId = await browser.installExtension(extensionDir);
    if (installedId !== geckoId) {
      throw new Error(`installed as "${installedId}", expected gecko id "${geckoId}"`);
    }
  } catch (error) {
    await closeBrowser(browser);
    throw new Error(`Firefox: installing ${extensionDir} failed: ${String(error)}`);
  }

  let closed: Promise<void> | undefined;
  /** The extension page `stopBackground` works from, opened on first use. */
  let control: Promise<TestPage> | undefined;
  const openControlPage = () => {
    const path = manifest.options_ui?.page;
    if (!path) throw new Error('stopBackground needs an options page (manifest options_ui.page)');
    return extensionBrowser.openExtensionPage(path);
  };
  const extensionBrowser: ExtensionBrowser = {
    name: 'firefox',
    extensionId: installedId,
    extensionOrigin,
    manifest,
    extensionUrl: (path) => new URL(path, `${extensionOrigin}/`).href,
    async openPage(url) {
      const page = await browser.newPage();
      page.setDefaultTimeout(timeout);
      const testPage = wrapPage(page, { origin: extensionOrigin, dir: extensionDir }, timeout);
      try {
        await testPage.goto(url);
      } catch (error) {
        await page.close();
        throw error;
      }
      return testPage;
    },
    openExtensionPage(path) {
      return extensionBrowser.openPage(extensionBrowser.extensionUrl(path));
    },
    async stopBackground() {
      // Only an extension page can reach the background page (WebDriver BiDi cannot, bug
      // 1755014). One is kept open for the purpose, so that the reload follows the call at once.
      const reload = async () => {
        control ??= openControlPage();
        const page = await control;
        await page.evaluate(reloadBackgroundPage);
        return page;
      };
      const page = await reload().catch(() => {
        // The page was closed meanwhile (an extension reload closes them all): open another.
        control = undefined;
        return reload();
      });
      for (const end = Date.now() + timeout; ; await delay(POLL_INTERVAL)) {
        if (await page.evaluate(backgroundPageReloaded)) return;
        if (Date.now() > end)
          throw new Error(`the background page did not reload in ${timeout} ms`);
      }
    },
    close() {
      closed ??= closeBrowser(browser);
      return closed;
    },
  };
  return extensionBrowser;
};

/** The extension API of an MV2 extension page, as far as `stopBackground` uses it. */
type BackgroundPageApi = {
  browser: {
    extension: { getBackgroundPage(): (Window & { __backstoryE2eUnloaded?: boolean }) | null };
  };
};

/**
 * Runs in an extension page: reloads the MV2 background page's document, which ends its scripts,
 * timers and database connections as when Firefox unloads it, and loads it again.
 */
function reloadBackgroundPage(): void {
  const background = (
    globalThis as unknown as BackgroundPageApi
  ).browser.extension.getBackgroundPage();
  if (!background) throw new Error('the extension has no background page');
  // The window object stays across the reload; a property set on the old document's does not.
  background.__backstoryE2eUnloaded = true;
  background.location.reload();
}

/** Runs in an extension page: true once the reloaded background page has finished loading. */
function backgroundPageReloaded(): boolean {
  try {
    const background = (
      globalThis as unknown as BackgroundPageApi
    ).browser.extension.getBackgroundPage();
    return (
      !!background &&
      !background.__backstoryE2eUnloaded &&
      background.document.readyState === 'complete'
    );
  } catch {
    // Between the two documents the window may refuse to be read ("An unexpected error occurred").
    return false;
  }
}

/** Closes the browser, killing the process we started if it does not exit in time. */
async function closeBrowser(browser: Browser): Promise<void> {
  const child = browser.process();
  const exited = await Promise.race([
    browser.close().then(
      () => true,
      () => false,
    ),
    // `ref: false`: this timer alone must not keep the test worker alive.
    delay(CLOSE_GRACE, false, { ref: false }),
  ]);
  if (!exited && child?.exitCode === null) child.kill('SIGKILL');
}

/** The part of puppeteer's BiDi frame we need; it is not in puppeteer's public types. */
type BidiFrameInternals = {
  browsingContext?: {
    id: string;
    navigate(url: string, wait: 'none' | 'interactive' | 'complete'): Promise<unknown>;
    userContext: {
      browser: { session: { send(method: string, params: object): Promise<{ result: unknown }> } };
    };
  };
};

/** A WebDriver BiDi `script.EvaluateResult`, as far as it is read here. */
type BidiEvaluateResult =
  | {
      type: 'success';
      result: {
        type: string;
        handle?: string;
        value?: unknown;
      };
    }
  | { type: 'exception'; exceptionDetails: { text: string } };

/**
 * `evaluateInShadowRoot` over raw WebDriver BiDi: `script.evaluate` finds the host with
 * `includeShadowTree: 'all'`, whose serialisation carries a shared reference to the shadow root
 * even when it is closed, and `script.callFunction` passes that root to the function.
 */
async function evaluateInShadowRoot(
  page: Page,
  hostSelector: string,
  source: string,
  argument: string,
): Promise<unknown> {
  const context = (page.mainFrame() as unknown as BidiFrameInternals).browsingContext;
  if (!context?.userContext?.browser?.session) {
    throw new Error('puppeteer-core internals changed: no BiDi session on Frame.browsingContext');
  }
  const { session } = context.userContext.browser;
  const target = { context: context.id };
  const found = (await session.send('script.evaluate', {
    expression: `document.querySelector(${JSON.stringify(hostSelector)})`,
    target,
    awaitPromise: false,
    resultOwnership: 'root',
    serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
  })) as { result: BidiEvaluateResult };
  const host = found.result;
  if (host.type !== 'success')
    throw new Error(`evaluateInShadowRoot: ${host.exceptionDetails.text}`);
  if (host.result.type !== 'node') return null;
  try {
    const shadow = (host.result.value as { shadowRoot?: { sharedId?: string } | null }).shadowRoot;
    if (!shadow?.sharedId) return null;
    const call = (await session.send('script.callFunction', {
      functionDeclaration: source,
      arguments: [{ sharedId: shadow.sharedId }, { type: 'string', value: argument }],
      target,
      awaitPromise: true,
      resultOwnership: 'none',
    })) as { result: BidiEvaluateResult };
    const outcome = call.result;
    if (outcome.type !== 'success') {
      throw new Error(`evaluateInShadowRoot: ${outcome.exceptionDetails.text}`);
    }
    return outcome.result.value;
  } finally {
    if (host.result.handle) {
      await session.send('script.disown', { handles: [host.result.handle], target });
    }
  }
}

/**
 * Navigates to a moz-extension URL and waits for its load event (see the module comment), failing
 * after `timeout` ms as `page.goto` would (a navigation while the extension reloads may never
 * end). A missing file would load as a blank page in Firefox, so fail the way Chromium does.
 */
async function navigateToExtensionPage(
  page: Page,
  url: string,
  extensionDir: string,
  timeout: number,
) {
  const file = join(extensionDir, decodeURIComponent(new URL(url).pathname));
  if (!existsSync(file)) throw new Error(`net::ERR_FILE_NOT_FOUND at ${url} (no ${file})`);
  const context = (page.mainFrame() as unknown as BidiFrameInternals).browsingContext;
  if (typeof context?.navigate !== 'function') {
    throw new Error('puppeteer-core internals changed: Frame.browsingContext.navigate is gone');
  }
  const timedOut = new AbortController();
  try {
    await Promise.race([
      context.navigate(url, 'complete'),
      delay(timeout, undefined, { signal: timedOut.signal }).then(() => {
        throw new Error(`Navigation timeout of ${timeout} ms exceeded at ${url}`);
      }),
    ]);
  } finally {
    timedOut.abort();
  }
}

/**
 * Runs in an extension page: forwards `console.error` calls and uncaught errors to the exposed
 * function `reporterName`.
 */
function installErrorCollector(reporterName: string): void {
  const report = (window as unknown as Record<string, (text: string) => void>)[reporterName];
  if (!report) throw new Error(`error reporter ${reporterName} is not exposed`);
  const originalError = console.error;
  console.error = (...args: unknown[]) => {
    void report(args.map(String).join(' '));
    originalError.apply(console, args);
  };
  window.addEventListener('error', (event) => {
    void report(`Uncaught ${String(event.error ?? event.message)}`);
  });
  window.addEventListener('unhandledrejection', (event) => {
    void report(`Uncaught (in promise) ${String(event.reason)}`);
  });
}

/** Adapts a puppeteer page to the harness's `TestPage`. */
function wrapPage(
  page: Page,
  extension: { origin: string; dir: string },
  defaultTimeout: number,
): TestPage {
  const { origin: extensionOrigin, dir: extensionDir } = extension;
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => {
    errors.push(`Uncaught ${error instanceof Error ? error.message : String(error)}`);
  });

  let reporterCount = 0;
  let reporterName: string | undefined;
  const dropReporter = async () => {
    if (!reporterName) return;
    const name = reporterName;
    reporterName = undefined;
    // The page that held it may be gone already; all we want is that no later page gets it.
    await page.removeExposedFunction(name).catch(() => undefined);
  };

  return {
    async goto(url) {
      await dropReporter();
      if (!url.startsWith(`${extensionOrigin}/`)) {
        await page.goto(url, { waitUntil: 'load' });
        return;
      }
      await navigateToExtensionPage(page, url, extensionDir, defaultTimeout);
      reporterName = `__backstoryE2eReportError${++reporterCount}`;
      await page.exposeFunction(reporterName, (text: string) => {
        errors.push(text);
      });
      await page.evaluate(installErrorCollector, reporterName);
    },
    // The drivers' own generics (handles, unboxing) do not line up with ours; both serialise
    // `arg` the same way, so erase the parameter type.
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) =>
      page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg) as Promise<R>,
    async evaluateInShadowRoot(hostSelector, fn, arg) {
      const json = await evaluateInShadowRoot(
        page,
        hostSelector,
        shadowCallSource(fn),
        shadowCallArgument(arg),
      );
      return json === null ? null : shadowCallResult(json);
    },
    async waitForFunction(fn, arg, options = {}) {
      // Interval polling, not requestAnimationFrame: rAF does not run in background tabs.
      await page.waitForFunction(
        fn as (arg: unknown) => unknown,
        { timeout: options.timeout ?? defaultTimeout, polling: POLL_INTERVAL },
        arg,
      );
    },
    click: (selector) => page.locator(selector).click(),
    hover: (selector) => page.locator(selector).hover(),
    fill: (selector, value) => page.locator(selector).fill(value),
    async innerText(selector) {
      const element = await page.waitForSelector(selector);
      if (!element) throw new Error(`no element matches ${selector}`);
      try {
        return await element.evaluate((node) => (node as HTMLElement).innerText);
      } finally {
        await element.dispose();
      }
    },
    mouse: { move: (x, y) => page.mouse.move(x, y) },
    keyboard: {
      press: (key) => page.keyboard.press(key as KeyInput),
      type: (text) => page.keyboard.type(text),
    },
    async bringToFront() {
      await page.bringToFront();
    },
    async screenshot(path) {
      await page.screenshot({ path: path as `${string}.png` });
    },
    consoleErrors: () => [...errors],
    close: () => page.close(),
  };
}
