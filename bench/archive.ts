/**
 * `npm run bench:archive`: the popup's archive with 10,000 summaries, in real Chromium.
 *
 * Imports a generated pack of 10,000 summaries through the background (`ui:import-pack`, as the
 * options page would), then opens the built popup (`popup.html#archive`) several times and reads
 * the performance marks it records (`utils/search/perf-marks.ts`):
 * - interactive: navigation start → search box enabled and first rows painted;
 * - archive loaded / index ready: every summary loaded, every summary searchable by text;
 * then types a fixed set of 200 queries into the search box, one after another, and reads each
 * query's measure (input event → results in the DOM). Prints a table; nothing is asserted.
 *
 * Needs the Chromium build (`npm run bench:archive` builds it first) and /usr/bin/chromium;
 * `BACKSTORY_CHROMIUM_BUILD=<dir>` measures another unpacked build instead.
 */
import { launchChromium } from '../tests/e2e/harness/chromium';
import type { TestPage } from '../tests/e2e/harness/types';
import {
  MARK_ARCHIVE_LOADED,
  MARK_INDEX_READY,
  MARK_INTERACTIVE,
  MEASURE_QUERY,
} from '../utils/search/perf-marks';
import { SUMMARY_COUNT, benchmarkQueries, generateArchivePack } from './archive-corpus';

/** How many times the popup is opened; the first open is reported separately (cold caches). */
const OPENS = 6;
const TARGETS = { interactive: 150, queryP95: 30 };

type Api = {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};

async function importPack(page: TestPage, text: string): Promise<void> {
  const reply = await page.evaluate(async (packText) => {
    const g = globalThis as unknown as { browser?: Api; chrome: Api };
    const api = g.browser ?? g.chrome;
    return api.runtime.sendMessage({
      type: 'ui:import-pack',
      payload: { text: packText, mode: 'replace' },
    });
  }, text);
  const result = reply as { ok: boolean; value?: { ok: boolean }; error?: string };
  if (!result.ok || !result.value?.ok) {
    throw new Error(`importing the benchmark pack failed: ${JSON.stringify(reply).slice(0, 500)}`);
  }
}

/** Opens the popup on the archive and waits until it has loaded and indexed everything. */
async function openPopup(open: () => Promise<TestPage>) {
  const page = await open();
  await page.bringToFront();
  await page.waitForFunction(
    (name) => performance.getEntriesByName(name).length > 0,
    MARK_INDEX_READY,
    { timeout: 60_000 },
  );
  const marks = await page.evaluate(
    (names) => names.map((name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN),
    [MARK_INTERACTIVE, MARK_ARCHIVE_LOADED, MARK_INDEX_READY],
  );
  const [interactive = NaN, loaded = NaN, indexed = NaN] = marks;
  return { page, interactive, loaded, indexed };
}

/** Types each query into the search box (replacing the last) and returns each one's time in ms. */
async function runQueries(page: TestPage, queries: string[]) {
  return page.evaluate(
    async ({ queries: list, measure }) => {
      const input = document.querySelector<HTMLInputElement>('input[type="search"]');
      if (!input) throw new Error('no search box');
      const results: { query: string; ms: number; results: number }[] = [];
      for (const query of list) {
        const before = performance.getEntriesByName(measure).length;
        input.value = query;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // Preact renders on a microtask; a task later the results are in the DOM and measured.
        for (let tries = 0; performance.getEntriesByName(measure).length === before; tries++) {
          if (tries > 200) throw new Error(`no measure for "${query}"`);
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        const entry = performance.getEntriesByName(measure).at(-1) as PerformanceMeasure;
        const detail = entry.detail as { results: number };
        results.push({ query, ms: entry.duration, results: detail.results });
      }
      return results;
    },
    { queries, measure: MEASURE_QUERY },
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, rank)] ?? NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main() {
  const { pack, organisations } = generateArchivePack();
  const queries = benchmarkQueries(organisations);
  // BACKSTORY_CHROMIUM_BUILD: measure a copy of the build elsewhere (default: .output/chrome-mv3).
  const extensionDir = process.env.BACKSTORY_CHROMIUM_BUILD;
  const browser = await launchChromium({
    timeout: 60_000,
    ...(extensionDir ? { extensionDir } : {}),
  });
  try {
    // Any extension page may import; the popup itself is one. Wait for the bundled pack first, so
    // its install does not run during the measurements.
    const setup = await browser.openExtensionPage('popup.html');
    await setup.waitForFunction(
      () => (document.querySelector('.archive__status')?.textContent ?? '').match(/\d/) !== null,
      undefined,
      { timeout: 60_000 },
    );
    const started = performance.now();
    await importPack(setup, JSON.stringify(pack));
    const importMs = performance.now() - started;
    await setup.close();

    const opens = [];
    for (let i = 0; i < OPENS; i++) {
      const opened = await openPopup(() => browser.openExtensionPage('popup.html#archive'));
      opens.push(opened);
      if (i < OPENS - 1) await opened.page.close();
    }
    const last = opens.at(-1);
    if (!last) throw new Error('the popup never opened');
    const total = await last.page.evaluate(
      () => document.querySelector('.archive__status')?.textContent ?? '',
    );
    const timings = await runQueries(last.page, queries);
    const userAgent = await last.page.evaluate(() => navigator.userAgent);
    await last.page.close();

    const warm = opens.slice(1);
    const median = (key: 'interactive' | 'loaded' | 'indexed') =>
      percentile(
        warm.map((open) => open[key]),
        50,
      );
    const queryMs = timings.map((t) => t.ms);
    const p50 = percentile(queryMs, 50);
    const p95 = percentile(queryMs, 95);
    const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 3);

    const rows: [string, string, string][] = [
      ['summaries in the archive', total.trim(), ''],
      ['pack import (background)', ms(importMs), ''],
      ['first open: interactive', ms(opens[0]?.interactive ?? NaN), ''],
      [
        `interactive (median of ${warm.length} opens)`,
        ms(median('interactive')),
        `≤ ${TARGETS.interactive} ms`,
      ],
      ['all summaries loaded (median)', ms(median('loaded')), ''],
      ['search index ready (median)', ms(median('indexed')), ''],
      [`query p50 (${timings.length} queries)`, ms(p50), ''],
      [`query p95 (${timings.length} queries)`, ms(p95), `≤ ${TARGETS.queryP95} ms`],
      ['query max', ms(Math.max(...queryMs)), ''],
    ];
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]?.length ?? 0)));
    const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  │  ');
    console.log(`\nArchive benchmark: ${SUMMARY_COUNT.toLocaleString('en')} generated summaries`);
    console.log(userAgent);
    console.log(line(['metric', 'value', 'target']));
    console.log(widths.map((w) => '─'.repeat(w)).join('──┼──'));
    for (const row of rows) console.log(line(row));
    console.log(
      `slowest queries: ${slowest.map((t) => `"${t.query}" ${ms(t.ms)} (${t.results} results)`).join(', ')}`,
    );
  } finally {
    await browser.close();
  }
}

await main();
