/**
 * The harness's reach into shadow roots, which the card tests read the closed card through:
 * the same answers in Chromium (CDP) and Firefox (WebDriver BiDi), closed roots included.
 */
import { describe, expect, it } from 'vitest';
import { browsers, useExtensionBrowser } from './harness';

const PAGE = `data:text/html,${encodeURIComponent(`<!doctype html><body>
<div id="closed"></div><div id="open"></div><p id="plain">No shadow here.</p>
<script>
  document.getElementById('closed').attachShadow({ mode: 'closed' }).innerHTML = '<p>Closed text</p>';
  document.getElementById('open').attachShadow({ mode: 'open' }).innerHTML = '<p>Open text</p>';
</script></body>`)}`;

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);

  it('reads closed and open shadow roots, which the page itself cannot read when closed', async () => {
    const page = await extension().openPage(PAGE);
    const text = (root: ShadowRoot) => root.querySelector('p')?.textContent ?? null;
    expect(await page.evaluateInShadowRoot('#closed', text)).toBe('Closed text');
    expect(await page.evaluateInShadowRoot('#open', text)).toBe('Open text');
    expect(await page.evaluate(() => document.getElementById('closed')?.shadowRoot)).toBeNull();
    await page.close();
  });

  it('answers null without such an element or without a shadow root', async () => {
    const page = await extension().openPage(PAGE);
    expect(await page.evaluateInShadowRoot('#nothing', () => 'ran')).toBeNull();
    expect(await page.evaluateInShadowRoot('#plain', () => 'ran')).toBeNull();
    await page.close();
  });

  it('passes the argument and the result as JSON, and the function’s error back', async () => {
    const page = await extension().openPage(PAGE);
    const echo = (root: ShadowRoot, arg: { n: number; list: string[] }) => ({
      mode: root.mode,
      sum: arg.n + arg.list.length,
      missing: undefined,
    });
    expect(await page.evaluateInShadowRoot('#closed', echo, { n: 2, list: ['a', 'b'] })).toEqual({
      mode: 'closed',
      sum: 4,
    });
    expect(
      await page.evaluateInShadowRoot('#closed', async (_root: ShadowRoot, arg: undefined) => arg),
    ).toBeUndefined();
    await expect(
      page.evaluateInShadowRoot('#closed', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await page.close();
  });
});
