/**
 * `npm run bench:heap`: what Backstory's scan keeps in a page's script heap. On the generated
 * article (bench:scan's), loaded without the content script, it reads the page's V8 heap after
 * two full collections, puts the content script's stylesheet and script in, waits for the scan
 * to settle, and reads it again after two full collections. What stays is what the scan keeps
 * for as long as the page is open; bench/README.md says why that decides whether the page's
 * next garbage collection lands on the scan.
 *
 * Each run is a fresh load of the page. `BENCH_RUNS` (default 3) runs; the bundled pack.
 */
import { join } from 'node:path';
import { envNumber } from './env';
import {
  NO_CONTENT_SCRIPT_PARAM,
  chromiumBuildDir,
  launchBrowsers,
  openMeasuredPage,
  prepareInjectableBuild,
  settle,
} from './scan/browser';
import { installProbe } from './scan/in-page';
import { median } from './scan/report';
import { serveGeneratedArticle } from './scan/served-article';

const runs = Math.round(envNumber('BENCH_RUNS', 3));
const seed = envNumber('BENCH_SEED', 20261127, { allowZero: true });

interface HeapUsage {
  usedSize: number;
  embedderHeapUsedSize?: number;
}

async function main() {
  const buildDir = chromiumBuildDir();
  if (!buildDir) return;
  const served = await serveGeneratedArticle('heap', seed);
  const build = await prepareInjectableBuild(buildDir, join(served.work, 'extension'));
  const browsers = await launchBrowsers(build);
  try {
    await browsers.context.addInitScript(installProbe);
    const url = `${served.url}?${NO_CONTENT_SCRIPT_PARAM}=1`;
    console.log(`Backstory heap benchmark: content script sha256 ${build.id}, ${runs} run(s)`);
    const before: number[] = [];
    const after: number[] = [];
    const mentions: number[] = [];
    for (let run = 0; run < runs; run++) {
      const measured = await openMeasuredPage(browsers.context);
      try {
        await measured.page.goto(url, { waitUntil: 'load', timeout: 120_000 });
        await settle(measured, { quietMs: 1_000, busyMs: 25 });
        const heap = async () => {
          await measured.cdp.send('HeapProfiler.collectGarbage');
          await measured.cdp.send('HeapProfiler.collectGarbage');
          return ((await measured.cdp.send('Runtime.getHeapUsage')) as HeapUsage).usedSize;
        };
        before.push(await heap());
        await browsers.injectContentScript(url, 'css');
        await browsers.injectContentScript(url, 'js');
        await settle(measured);
        after.push(await heap());
        mentions.push((await browsers.reportedMentions(url)) ?? 0);
      } finally {
        await measured.close();
      }
    }
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
    console.log('');
    console.log('| run | page alone | with Backstory’s scan | kept by the scan | mentions |');
    console.log('|---|---|---|---|---|');
    before.forEach((alone, i) => {
      const withScan = after[i] ?? Number.NaN;
      console.log(
        `| ${i + 1} | ${mb(alone)} | ${mb(withScan)} | ${mb(withScan - alone)} | ${mentions[i]} |`,
      );
    });
    const kept = before.map((alone, i) => (after[i] ?? Number.NaN) - alone);
    console.log('');
    console.log(
      `Median kept by the scan: ${mb(median(kept))}. V8 heap in use (Runtime.getHeapUsage) after ` +
        'two full collections; typed arrays and the DOM are not in it.',
    );
  } finally {
    await browsers.close();
    await served.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
