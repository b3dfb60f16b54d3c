/**
 * `npm run bench:ab`: two or more builds of the extension compared on one figure, the one
 * bench:scan judges "≤ 2× the floor" by: the content script's main-thread time on the generated
 * article (5 MB) after load, with its stylesheet already in place, until the page is quiet
 * (the DevTools protocol's TaskDuration, as bench:scan). The floor (a bare TreeWalker and one
 * RegExp) runs on each browser's pages too, so each build's ratio is from its own rounds.
 *
 * A change to the scan moves this figure by a few per cent, less than bench:scan's spread
 * between runs on a noisy 2-core machine: here the builds take turns, round by round (the order
 * flips every round), each in a fresh browser with `BENCH_LOADS` (3) page loads per engine, so
 * what drifts during the run drifts for all of them.
 *
 * `BENCH_BUILDS`: comma-separated unpacked Chromium builds (default `.output/chrome-mv3`, a
 * single build then, which still prints its figure and ratio). `BENCH_ROUNDS` (3).
 */
import { join } from 'node:path';
import { envNumber } from './env';
import { aliasRegExpSource, aliasesOf, readBundledPack } from './scan/aliases';
import {
  benchBuilds,
  type Browsers,
  launchBrowsers,
  metricsDelta,
  NO_CONTENT_SCRIPT_PARAM,
  openMeasuredPage,
  prepareInjectableBuild,
  runOutPageCollection,
  settle,
  waitForBundledPack,
  runInjectedEngine,
} from './scan/browser';
import { installFloorEngine } from './scan/in-page';
import { median, ms, spread, table } from './scan/report';
import { serveGeneratedArticle } from './scan/served-article';

const PROJECT_ROOT = join(import.meta.dirname, '..');
const rounds = Math.round(envNumber('BENCH_ROUNDS', 3));
const loads = Math.round(envNumber('BENCH_LOADS', 3));
const seed = envNumber('BENCH_SEED', 20261127, { allowZero: true });

/** One load of the page without the content script; `engine` runs once it is quiet. */
async function measureOnce(
  browsers: Browsers,
  url: string,
  engine: 'backstory' | 'floor',
  regexp: { source: string; flags: string },
): Promise<{ ms: number; mentions: number }> {
  const measured = await openMeasuredPage(browsers.context);
  try {
    await measured.page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await settle(measured, { quietMs: 1_000, busyMs: 25 });
    if (engine === 'backstory') {
      // As shipped, the rules are in place before the first paint: inserted first, not measured.
      await browsers.injectContentScript(url, 'css');
      await settle(measured, { quietMs: 1_000, busyMs: 25 });
      // As in bench:scan, the page's own due collection is not the engine's.
      await runOutPageCollection(measured);
      const start = await measured.metrics();
      await browsers.injectContentScript(url, 'js');
      await settle(measured);
      const cost = metricsDelta(await measured.metrics(), start).task;
      return { ms: cost, mentions: (await browsers.reportedMentions(url)) ?? 0 };
    }
    await runOutPageCollection(measured);
    // From before its script is added, as bench:scan measures it (Backstory's figure includes
    // its script's compile too).
    const start = await measured.metrics();
    await measured.page.addScriptTag({
      content: `(${installFloorEngine.toString()})(${JSON.stringify(regexp)});`,
    });
    const result = await runInjectedEngine(measured.page);
    if (!result) throw new Error('the floor did not install');
    await settle(measured);
    return { ms: metricsDelta(await measured.metrics(), start).task, mentions: result.count };
  } finally {
    await measured.close();
  }
}

async function main() {
  const builds = benchBuilds();
  if (builds.length === 0) return;
  const served = await serveGeneratedArticle('ab', seed);
  const url = `${served.url}?${NO_CONTENT_SCRIPT_PARAM}=1`;
  const regexp = {
    source: aliasRegExpSource(aliasesOf(readBundledPack(PROJECT_ROOT))),
    flags: 'gu',
  };
  const samples = builds.map(() => ({ backstory: [] as number[], floor: [] as number[] }));
  const mentions = builds.map(() => new Set<number>());
  try {
    console.log(
      `Backstory A/B: ${builds.length} build(s), ${rounds} round(s) of ${loads} load(s) per ` +
        `engine, the generated article (${served.article.textNodes.toLocaleString('en')} text nodes)`,
    );
    for (let round = 1; round <= rounds; round++) {
      process.stdout.write(`round ${round}/${rounds}:`);
      const order = builds.map((_, i) => i);
      if (round % 2 === 0) order.reverse();
      for (const index of order) {
        const build = await prepareInjectableBuild(
          builds[index] as string,
          join(served.work, `build-${index}-${round}`),
        );
        const browsers = await launchBrowsers(build);
        try {
          await waitForBundledPack(browsers);
          for (let load = 0; load < loads; load++) {
            // Floor and Backstory alternate within a browser too.
            for (const engine of load % 2
              ? (['floor', 'backstory'] as const)
              : (['backstory', 'floor'] as const)) {
              const result = await measureOnce(browsers, url, engine, regexp);
              samples[index]?.[engine].push(result.ms);
              if (engine === 'backstory') mentions[index]?.add(result.mentions);
            }
          }
          const list = samples[index];
          process.stdout.write(
            ` build ${index + 1} ${ms(median(list?.backstory.slice(-loads) ?? []))} ms`,
          );
        } finally {
          await browsers.close();
        }
      }
      process.stdout.write('\n');
    }
    console.log('');
    console.log(
      table(
        ['build', 'script after load, ms', 'floor, ms', 'script / floor', 'mentions'],
        builds.map((dir, i) => {
          const list = samples[i] ?? { backstory: [], floor: [] };
          const floor = median(list.floor);
          return [
            `${i + 1}: ${dir}`,
            spread(list.backstory),
            spread(list.floor),
            floor > 0 ? `${(median(list.backstory) / floor).toFixed(2)}×` : '–',
            [...(mentions[i] ?? [])].join(', '),
          ];
        }),
      ),
    );
    console.log('');
    console.log(
      `Medians [min–max] of ${rounds * loads} loads per build and engine; expected mentions ` +
        `${served.article.planted.total.toLocaleString('en')}.`,
    );
  } finally {
    await served.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
