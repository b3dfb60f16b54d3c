/**
 * The built extension installs in both browsers, its files are served from the extension origin,
 * and fixture pages load alongside it.
 */
import { describe, expect, it } from 'vitest';
import { browsers, fixtureUrl, useExtensionBrowser } from './harness';

describe.each(browsers)('%s', (name, launch) => {
  const extension = useExtensionBrowser(launch);

  it('installs the build and serves its manifest from the extension origin', async () => {
    const browser = extension();
    expect(browser.name).toBe(name);
    expect(browser.extensionOrigin).toMatch(/^(chrome|moz)-extension:\/\/[\w-]+$/);

    const page = await browser.openExtensionPage('manifest.json');
    const served = await page.evaluate(async () => {
      const response = await fetch('/manifest.json');
      type Runtime = { runtime: { id: string; getManifest(): { name: string } } };
      const { browser, chrome } = globalThis as { browser?: Runtime; chrome?: Runtime };
      const api = browser ?? chrome;
      if (!api) throw new Error('no extension API in an extension page');
      return {
        manifest: (await response.json()) as { name: string; version: string },
        runtimeId: api.runtime.id,
        localizedName: api.runtime.getManifest().name,
      };
    });
    expect(served.manifest.name).toBe(browser.manifest.name);
    expect(served.manifest.version).toBe(browser.manifest.version);
    expect(served.runtimeId).toBe(browser.extensionId);
    // The `__MSG_extName__` placeholder resolves, so the _locales folder shipped too.
    expect(served.localizedName).toBe('Backstory');
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });

  it('loads a fixture page from the local server', async () => {
    const page = await extension().openPage(fixtureUrl('blank.html'));
    const { title, href } = await page.evaluate(() => ({
      title: document.title,
      href: location.href,
    }));
    expect(href).toBe(fixtureUrl('blank.html'));
    expect(title).toBe('Blank fixture');
    expect(page.consoleErrors()).toEqual([]);
    await page.close();
  });
});
