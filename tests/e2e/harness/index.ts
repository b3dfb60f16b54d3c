/**
 * The e2e harness: launch the built extension in real Chromium and Firefox and drive pages.
 *
 * ```ts
 * describe.each(browsers)('%s', (_name, launch) => {
 *   const extension = useExtensionBrowser(launch);
 *   it('highlights the article', async () => {
 *     const page = await extension().openPage(fixtureUrl('article.html'));
 *     …
 *   });
 * });
 * ```
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { BrowserName, ExtensionBrowser, LaunchExtensionBrowser, LaunchOptions } from './types';

export { launchChromium } from './chromium';
export { launchFirefox } from './firefox';
export type { BuiltManifest } from './builds';
export type * from './types';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL (with trailing slash) of the server for `tests/fixtures/pages/`. */
    fixtureBaseUrl: string;
  }
}

/** Every browser the e2e suite runs in, shaped for `describe.each`. */
export const browsers: ReadonlyArray<readonly [BrowserName, LaunchExtensionBrowser]> = [
  ['chromium', launchChromium],
  ['firefox', launchFirefox],
];

/** The URL of a file in `tests/fixtures/pages/`, e.g. `fixtureUrl('article.html')`. */
export function fixtureUrl(path: string): string {
  return new URL(path, inject('fixtureBaseUrl')).href;
}

/**
 * Launches a browser in `beforeAll` and closes it in `afterAll` of the enclosing suite; returns
 * an accessor for use inside tests. `options` may be a function, read when the browser starts, so
 * an earlier `beforeAll` can prepare e.g. the extension folder.
 */
export function useExtensionBrowser(
  launch: LaunchExtensionBrowser,
  options?: LaunchOptions | (() => LaunchOptions),
): () => ExtensionBrowser {
  let browser: ExtensionBrowser | undefined;
  beforeAll(async () => {
    browser = await launch(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not running (did beforeAll fail?)');
    return browser;
  };
}
