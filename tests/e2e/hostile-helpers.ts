/**
 * Helpers for the hostile-page e2e tests: what the fixture pages in `tests/fixtures/pages/hostile/`
 * saw of Backstory from their own world (hostile/probe.js), and what it left drawn.
 */
import { afterEach } from 'vitest';
import { fixtureUrl, type ExtensionBrowser, type TestPage } from './harness';
import { drawnRanges } from './detection-helpers';

/** Waits this long for Backstory to catch up with a page; generous, since the machine is shared. */
export const POLL = { timeout: 30_000, interval: 100 };

/**
 * Returns `openPage(path)`: opens a fixture page in front, and closes every page it opened after
 * each test, also when the test fails (a ticking page left open would slow every later test).
 * Call it in a `describe` body.
 */
export function useFixturePages(extension: () => ExtensionBrowser) {
  const open: TestPage[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((page) => page.close().catch(() => undefined)));
  });
  return async function openPage(path: string): Promise<TestPage> {
    const page = await extension().openPage(fixtureUrl(path));
    open.push(page);
    await page.bringToFront();
    return page;
  };
}

/** What a hostile page's probe counted (see hostile/probe.js). */
export interface PageProbe {
  /** Animation frames the page has run. */
  frames: number;
  /** Clicks the page's own handler has handled. */
  clicks: number;
  /** The number of Backstory ranges when each click was handled. */
  drawnAtClicks: number[];
  /** The number of Backstory ranges at each frame where it changed, in order. */
  drawnSeen: number[];
  /** The most Backstory ranges seen at any frame. */
  maxDrawn: number;
  /** Backstory ranges registered now. */
  drawn: number;
}

/** Reads the page's probe. */
export function readProbe(page: TestPage): Promise<PageProbe> {
  return page.evaluate(() => {
    const probe = (window as unknown as { probe: Omit<PageProbe, 'drawn'> & { drawn(): number } })
      .probe;
    return {
      frames: probe.frames,
      clicks: probe.clicks,
      drawnAtClicks: [...probe.drawnAtClicks],
      drawnSeen: [...probe.drawnSeen],
      maxDrawn: probe.maxDrawn,
      drawn: probe.drawn(),
    };
  });
}

/** The texts of drawn ranges whose text has left the page (none, when Backstory keeps up). */
export async function rangesOnRemovedText(page: TestPage): Promise<string[]> {
  return (await drawnRanges(page)).filter((range) => !range.connected).map((range) => range.text);
}
