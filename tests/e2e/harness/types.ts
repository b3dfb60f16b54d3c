/**
 * The browser-neutral surface e2e tests are written against. `launchChromium()` (playwright-core)
 * and `launchFirefox()` (puppeteer-core over WebDriver BiDi) both return an `ExtensionBrowser`, so
 * one test body runs in both browsers via `describe.each(browsers)`.
 */
import type { BuiltManifest } from './builds';

/** Which browser a harness drives. */
export type BrowserName = 'chromium' | 'firefox';

/** Options shared by both launchers; the defaults load the real build from `.output/`. */
export type LaunchOptions = {
  /** Unpacked extension folder to load. Defaults to this browser's folder in `.output/`. */
  extensionDir?: string;
  /** Default timeout in ms for waits, clicks and navigations on every page. */
  timeout?: number;
  /** The `prefers-color-scheme` pages see; the browser's default (light) when not given. */
  colorScheme?: 'light' | 'dark';
};

/** Waiting options for `waitForFunction`. */
export type WaitOptions = {
  /** Milliseconds before the wait fails; defaults to the browser's default timeout. */
  timeout?: number;
};

/** One tab, either a fixture page or an extension page. */
export type TestPage = {
  /** Navigates and waits for the load event. Works for http(s), data: and extension URLs. */
  goto(url: string): Promise<void>;
  /** Runs `fn` in the page's main world (not the content script's) and returns its result. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /**
   * Runs `fn` in the page's main world with the shadow root of the first element matching
   * `hostSelector`, closed roots included: the page's own scripts cannot reach a closed root, but
   * the driver can, through the browser's debugging protocol (CDP in Chromium, WebDriver BiDi in
   * Firefox). `arg` and the result travel as JSON. Resolves to null when no element matches or it
   * has no shadow root. Test-only: nothing in the shipped extension is involved.
   */
  evaluateInShadowRoot<R, A = undefined>(
    hostSelector: string,
    fn: (root: ShadowRoot, arg: A) => R | Promise<R>,
    arg?: A,
  ): Promise<R | null>;
  /** Polls `fn` in the page until it returns a truthy value. */
  waitForFunction<A = undefined>(
    fn: (arg: A) => unknown,
    arg?: A,
    options?: WaitOptions,
  ): Promise<void>;
  /** Clicks the first element matching `selector`, waiting for it to appear. */
  click(selector: string): Promise<void>;
  /** Moves the mouse over the first element matching `selector`, waiting for it to appear. */
  hover(selector: string): Promise<void>;
  /** Replaces the value of the input or textarea matching `selector`, as if the user typed it. */
  fill(selector: string, value: string): Promise<void>;
  /** The rendered text (`innerText`) of the first element matching `selector`, once it exists. */
  innerText(selector: string): Promise<string>;
  /** Raw mouse input in CSS pixels relative to the viewport. */
  readonly mouse: { move(x: number, y: number): Promise<void> };
  /** Raw keyboard input into the focused element; key names as in `KeyboardEvent.key`. */
  readonly keyboard: {
    press(key: string): Promise<void>;
    type(text: string): Promise<void>;
  };
  /** Makes this tab the active one (timers and animation frames run unthrottled). */
  bringToFront(): Promise<void>;
  /** Saves a PNG of the viewport. */
  screenshot(path: string): Promise<void>;
  /**
   * `console.error` messages and uncaught errors seen in this tab so far, oldest first.
   *
   * Firefox limitation: WebDriver BiDi reports nothing from extension pages (bug 1755014), so there
   * the harness installs its own listener right after each navigation; errors raised while an
   * extension page is still loading are missed in Firefox (Chromium sees them).
   */
  consoleErrors(): string[];
  /** Closes the tab. */
  close(): Promise<void>;
};

/** A running browser with the extension installed, in a fresh temporary profile. */
export type ExtensionBrowser = {
  readonly name: BrowserName;
  /** The extension id: Chromium's generated id, or Firefox's gecko id. */
  readonly extensionId: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`, without a trailing slash. */
  readonly extensionOrigin: string;
  /** The manifest the loaded build was made with, as read from disk. */
  readonly manifest: BuiltManifest;
  /** The absolute URL of a file in the extension, e.g. `extensionUrl('popup.html')`. */
  extensionUrl(path: string): string;
  /** Opens a new tab at `url`. */
  openPage(url: string): Promise<TestPage>;
  /** Opens a new tab at an extension page, e.g. `openExtensionPage('options.html')`. */
  openExtensionPage(path: string): Promise<TestPage>;
  /**
   * Test-only: stops the extension's background the way the browser may at any moment, without
   * closing extension pages, and resolves once it is gone. Chromium stops the service worker
   * (DevTools protocol `ServiceWorker.stopWorker`, as when it idles out); the next event starts it
   * again. Firefox reloads the MV2 background page's document, which ends its scripts and database
   * connections just the same, from an extension page (the options page) it keeps open for this;
   * it resolves once the new document has loaded.
   */
  stopBackground(): Promise<void>;
  /** Closes the browser and deletes its profile; safe to call twice. */
  close(): Promise<void>;
};

/** A function that starts a browser with the extension loaded. */
export type LaunchExtensionBrowser = (options?: LaunchOptions) => Promise<ExtensionBrowser>;
