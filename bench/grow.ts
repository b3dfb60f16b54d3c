/**
 * `npm run bench:grow`: what it costs a page when text it adds names organisations of a large
 * pack whose aliases the page does not have yet. With more than 500 enabled aliases a page gets
 * only their keys; keys met in text read later are fetched, the matcher grows by their aliases,
 * and the page is matched again where they may be written (see README.md, "Reading a page").
 *
 * On bench:scan's generated article (5 MB), with the bundled pack and 9,990 generated names
 * (10,000 aliases): the page loads with the content script as shipped and settles; then it
 * appends one paragraph naming `BENCH_NAMES` (default 10) of the generated organisations, and
 * the main-thread time from the append until the page is quiet again is measured (the
 * DevTools protocol's TaskDuration, as bench:scan), with the mentions reported before and after.
 *
 * `BENCH_BUILDS` (comma-separated unpacked Chromium builds, default `.output/chrome-mv3`)
 * compares builds, interleaved round by round, each in a fresh browser. `BENCH_ROUNDS` (3).
 */
import { join } from 'node:path';
import { envNumber } from './env';
import { FILLER_PACK_ID, fillerPack } from './scan/aliases';
import {
  benchBuilds,
  type Browsers,
  launchBrowsers,
  metricsDelta,
  openMeasuredPage,
  prepareInjectableBuild,
  settle,
  waitForBundledPack,
} from './scan/browser';
import { createRandom } from './scan/random';
import { median, ms, spread, table } from './scan/report';
import { serveGeneratedArticle } from './scan/served-article';

const rounds = Math.round(envNumber('BENCH_ROUNDS', 3));
const names = Math.round(envNumber('BENCH_NAMES', 10));
const seed = envNumber('BENCH_SEED', 20261127, { allowZero: true });

/** Sends `ui:` messages from the extension's page, failing on any error. */
async function send(browsers: Browsers, messages: { type: string; payload: unknown }[]) {
  const replies = await browsers.sendMessages(messages);
  replies.forEach((reply, i) => {
    const r = reply as { ok?: boolean; error?: string } | undefined;
    if (!r?.ok) throw new Error(`${messages[i]?.type}: ${r?.error ?? JSON.stringify(reply)}`);
  });
}

async function main() {
  const builds = benchBuilds();
  if (builds.length === 0) return;
  const served = await serveGeneratedArticle('grow', seed);
  const { work, url } = served;
  // Invented names: none of them is on the page until the paragraph adds it.
  const filler = fillerPack(9_990, createRandom(seed + 1), () => false);
  const added = filler.organisations.slice(100, 100 + names).map((org) => org.aliases[0]?.text);
  const samples = builds.map(() => [] as { ms: number; before: number; after: number }[]);
  try {
    console.log(
      `Backstory growth benchmark: ${builds.length} build(s), ${rounds} round(s), ` +
        `a paragraph naming ${names} new organisations`,
    );
    for (let round = 1; round <= rounds; round++) {
      process.stdout.write(`round ${round}/${rounds}:`);
      const order = builds.map((_, i) => i);
      if (round % 2 === 0) order.reverse();
      for (const index of order) {
        const build = await prepareInjectableBuild(
          builds[index] as string,
          join(work, `build-${index}-${round}`),
        );
        const browsers = await launchBrowsers(build);
        try {
          await waitForBundledPack(browsers);
          await send(browsers, [
            { type: 'ui:import-pack', payload: { text: JSON.stringify(filler), mode: 'replace' } },
          ]);
          await send(browsers, [
            { type: 'ui:set-pack-enabled', payload: { packId: FILLER_PACK_ID, enabled: true } },
          ]);
          const measured = await openMeasuredPage(browsers.context);
          try {
            await measured.page.goto(url, { waitUntil: 'load', timeout: 120_000 });
            await settle(measured);
            const before = (await browsers.reportedMentions(url)) ?? 0;
            const start = await measured.metrics();
            await measured.page.evaluate((list) => {
              const paragraph = document.createElement('p');
              paragraph.textContent = `Later: ${list.join(', ')} answered.`;
              document.body.append(paragraph);
            }, added);
            await settle(measured);
            const cost = metricsDelta(await measured.metrics(), start).task;
            const after = (await browsers.reportedMentions(url)) ?? 0;
            samples[index]?.push({ ms: cost, before, after });
            process.stdout.write(` build ${index + 1} ${ms(cost)} ms`);
          } finally {
            await measured.close();
          }
        } finally {
          await browsers.close();
        }
      }
      process.stdout.write('\n');
    }
    console.log('');
    console.log(
      table(
        ['build', 'main-thread ms from the append until quiet', 'mentions: before → after'],
        builds.map((dir, i) => {
          const list = samples[i] ?? [];
          return [
            `${i + 1}: ${dir}`,
            spread(list.map((s) => s.ms)),
            `${median(list.map((s) => s.before))} → ${median(list.map((s) => s.after))} (${names} added)`,
          ];
        }),
      ),
    );
  } finally {
    await served.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
