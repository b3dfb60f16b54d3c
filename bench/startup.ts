/**
 * `npm run bench:startup`: what Backstory costs an ordinary page, every page: the content
 * script's start (its modules, the fold tables, the matcher's compile, settings and messages)
 * and its scan of a short article, as main-thread time (`TaskDuration`, as bench:scan) from
 * navigation until the page is quiet, with the content script against without it (the same
 * build's `exclude_globs` variant, see bench/README.md). bench:scan's pages are 5 MB; most pages
 * are not, and there this fixed cost is most of what the extension adds.
 *
 * Pages: `tests/fixtures/pages/article.html` (a news article naming the organisations) and
 * `blank.html` (nothing to find). Loads alternate with and without the content script, in one
 * browser per build; `BENCH_LOADS` (default 12) of each per page. `BENCH_BUILDS` compares builds
 * (comma-separated unpacked Chromium builds, default `.output/chrome-mv3`), each in turn.
 */
import { join } from 'node:path';
import { startFixtureServer } from '../tests/e2e/harness/fixture-server';
import { envNumber } from './env';
import {
  benchBuilds,
  type Browsers,
  launchBrowsers,
  metricsDelta,
  NO_CONTENT_SCRIPT_PARAM,
  openMeasuredPage,
  prepareInjectableBuild,
  settle,
  waitForBundledPack,
} from './scan/browser';
import { median, ms, spread, table } from './scan/report';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';

const PAGES = ['article.html', 'blank.html'];
const loads = Math.round(envNumber('BENCH_LOADS', 12));

/** One load of `url` until quiet: its main-thread ms. */
async function loadOnce(browsers: Browsers, url: string): Promise<number> {
  const measured = await openMeasuredPage(browsers.context);
  try {
    const start = await measured.metrics();
    await measured.page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await settle(measured, { quietMs: 1_000, busyMs: 10 });
    return metricsDelta(await measured.metrics(), start).task;
  } finally {
    await measured.close();
  }
}

async function main() {
  const builds = benchBuilds();
  if (builds.length === 0) return;
  const server = await startFixtureServer(join(import.meta.dirname, '../tests/fixtures/pages'));
  const work = await mkdtemp(join(tmpdir(), 'backstory-startup-'));
  const rows: string[][] = [];
  try {
    console.log(
      `Backstory startup benchmark: ${builds.length} build(s), ${loads} load(s) of each page ` +
        'with and without the content script',
    );
    for (const [index, dir] of builds.entries()) {
      const build = await prepareInjectableBuild(dir, join(work, `build-${index}`));
      const browsers = await launchBrowsers(build);
      try {
        await waitForBundledPack(browsers);
        for (const page of PAGES) {
          const url = `${server.baseUrl}${page}`;
          const without = `${url}?${NO_CONTENT_SCRIPT_PARAM}=1`;
          const samples = { with: [] as number[], without: [] as number[] };
          // A first load of each kind warms the browser's caches; it is not counted.
          await loadOnce(browsers, url);
          await loadOnce(browsers, without);
          for (let load = 0; load < loads; load++) {
            const order =
              load % 2 ? (['with', 'without'] as const) : (['without', 'with'] as const);
            for (const kind of order) {
              samples[kind].push(await loadOnce(browsers, kind === 'with' ? url : without));
            }
          }
          const added = median(samples.with) - median(samples.without);
          rows.push([
            `${index + 1}: ${dir}`,
            page,
            spread(samples.without),
            spread(samples.with),
            `+${ms(added)}`,
          ]);
          console.log(`build ${index + 1} ${page}: +${ms(added)} ms`);
        }
      } finally {
        await browsers.close();
      }
    }
    console.log('');
    console.log(
      table(
        ['build', 'page', 'main-thread ms without', 'with the content script', 'added (medians)'],
        rows,
      ),
    );
    console.log('');
    console.log(
      `Medians [min–max] of ${loads} loads, from navigation until quiet (1 s under 10 ms of ` +
        'main-thread time, polled every 200 ms: the polls are in both columns).',
    );
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
