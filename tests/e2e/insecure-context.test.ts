/**
 * Backstory works on plain-http pages, which are not secure contexts (browsers then hide APIs such
 * as `crypto.randomUUID`). Every other fixture is served from 127.0.0.1, which counts as secure;
 * here the article is reached as `http://insecure-site.test/` through a local proxy that serves
 * it from the fixture server, in both browsers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsers, fixtureUrl, useExtensionBrowser } from './harness';
import { highlightedTexts } from './detection-helpers';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';

const HOST = 'insecure-site.test';
const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'] as const;

describe.each(browsers)('%s', (_name, launch) => {
  let proxy: RecordingProxy;
  const saved = new Map<string, string | undefined>();
  beforeAll(async () => {
    proxy = await startRecordingProxy({ serve: { [HOST]: fixtureUrl('') } });
    for (const variable of PROXY_VARIABLES) {
      for (const key of [variable, variable.toUpperCase()]) {
        saved.set(key, process.env[key]);
        process.env[key] = variable === 'no_proxy' ? '' : proxy.url;
      }
    }
  });
  const extension = useExtensionBrowser(launch);
  // The browser has read the proxy from its environment by now: put the environment back.
  beforeAll(() => {
    for (const [key, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('highlights the article on a page that is not a secure context', async () => {
    const page = await extension().openPage(`http://${HOST}/article.html`);
    expect(await page.evaluate(() => isSecureContext)).toBe(false);
    await page.bringToFront();
    let texts: string[] = [];
    for (let i = 0; i < 150 && texts.length < 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      texts = await highlightedTexts(page);
    }
    expect(texts).toContain('National Council of Resistance of Iran');
    expect(texts).toHaveLength(10);
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });
});
