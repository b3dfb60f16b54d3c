/**
 * `npm run bench:many`: what a page with 100,000 mentions costs with Backstory on it. The page is
 * the hostile-pages e2e fixture (`tests/fixtures/pages/hostile/many-mentions.html`: 10,000
 * paragraphs naming five aliases twice each, built by its script as it loads), in headless
 * Chromium with the built extension (`.output/chrome-mv3`, copied first, a black box), and the
 * same page with the content script kept off it as the baseline, interleaved over rounds.
 *
 * For each it measures, with the DevTools protocol's main-thread time (`TaskDuration`), over
 * fixed windows (the fixture's probe runs an animation frame loop all the time, as many real
 * pages do, so a page with Backstory never goes fully quiet, and should not need to):
 * - **load**: from navigation until 6 s after the load event (Backstory's whole scan included:
 *   it must have reported all 100,000 mentions by then), and the tasks over 50 ms from the
 *   document's start (the page's own build is one of them either way);
 * - **afterwards**: 3 s of the page doing nothing but its frame loop, per second;
 * - **page updates**: the page appending one paragraph (with a mention) per animation frame for
 *   `BENCH_MANY_FRAMES` frames, until quiet again, per frame;
 * - **scrolling**: the page scrolling 400 px per frame for as many frames, per frame.
 * Every registered range costs the browser work whenever the page changes (see
 * entrypoints/content/highlights.ts), which is what the second figure shows. It prints the
 * figures with the ratio to the page alone, the ranges registered and the mentions reported, and
 * writes every sample to test-results/bench/many.json. Like the other benchmarks it exits
 * non-zero only when the run is broken, never over a figure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureServer } from '../tests/e2e/harness/fixture-server';
import { FIXTURE_PAGES_DIR } from '../tests/e2e/harness/builds';
import {
  NO_CONTENT_SCRIPT_PARAM,
  chromiumBuildDir,
  launchBrowsers,
  metricsDelta,
  openMeasuredPage,
  prepareInjectableBuild,
  type Browsers,
} from './scan/browser';
import { installProbe } from './scan/in-page';
import { count, median, ms, ratio, saveSamples, spread, table } from './scan/report';
import { type TaskAttribution, attributeTasks, tasksAfterMark } from './scan/trace';
import { envNumber } from './env';

const config = {
  rounds: Math.round(envNumber('BENCH_ROUNDS', 3)),
  frames: Math.round(envNumber('BENCH_MANY_FRAMES', 120)),
};

type Variant = 'alone' | 'backstory';

interface ManyRun {
  /** Main-thread ms from navigation until LOAD_WINDOW_MS after the load event. */
  loadMs: number;
  loadTasksOver50: number;
  loadLongestMs: number;
  /** Main-thread ms per second once loaded, with only the page's own frame loop running. */
  idlePerSecondMs: number;
  /** Main-thread ms per frame while the page appends, and while it scrolls. */
  updatePerFrameMs: number;
  scrollPerFrameMs: number;
  /** Backstory's ranges registered at the end of each phase, and the mentions it reported. */
  rangesAfterLoad: number;
  rangesAfterUpdates: number;
  rangesAfterScroll: number;
  reportedAfterLoad: number | null;
  reported: number | null;
  /** From the warm-up round's full trace: which tasks were the extension's. */
  attribution?: TaskAttribution;
}

/** Runs in the page: `frames` animation frames that each append a paragraph or scroll. */
function runFrames({ frames, kind }: { frames: number; kind: 'append' | 'scroll' }) {
  return new Promise<void>((resolve) => {
    const main = document.getElementById('reports');
    let frame = 0;
    const tick = () => {
      if (kind === 'append') {
        const paragraph = document.createElement('p');
        paragraph.textContent = `Update ${frame}: the PMOI said so.`;
        main?.append(paragraph);
      } else {
        window.scrollBy(0, 400);
      }
      frame++;
      if (frame < frames) requestAnimationFrame(tick);
      else resolve();
    };
    requestAnimationFrame(tick);
  });
}

/** Runs in the page: Backstory's ranges registered now. */
function registeredRanges(): number {
  let ranges = 0;
  for (const [name, highlight] of CSS.highlights) {
    if (name.startsWith('backstory-')) ranges += highlight.size;
  }
  return ranges;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fixed windows, the same for both variants, rather than waiting for quiet: the fixture's probe
 * runs an animation frame loop for as long as the page is open (as many real pages do), and
 * that loop is part of what is measured.
 */
const LOAD_WINDOW_MS = 6_000;
const IDLE_WINDOW_MS = 3_000;
const AFTER_PHASE_MS = 1_000;

async function runOnce(
  browsers: Browsers,
  url: string,
  variant: Variant,
  traced: boolean,
): Promise<ManyRun> {
  const pageUrl = variant === 'alone' ? `${url}?${NO_CONTENT_SCRIPT_PARAM}=1` : url;
  const measured = await openMeasuredPage(browsers.context);
  try {
    await measured.startTrace({ light: !traced });
    const start = await measured.metrics();
    await measured.page.goto(pageUrl, { waitUntil: 'load', timeout: 120_000 });
    await sleep(LOAD_WINDOW_MS);
    const afterLoad = await measured.metrics();
    const events = await measured.stopTrace();
    const loadTasks = tasksAfterMark(events, 'bench:document');
    const attribution = traced
      ? attributeTasks(events, pageUrl, (u) => u.startsWith('chrome-extension://'))
      : undefined;
    const reportedAfterLoad =
      variant === 'backstory' ? await browsers.reportedMentions(pageUrl) : null;
    const rangesAfterLoad = await measured.page.evaluate(registeredRanges);

    const idleStart = await measured.metrics();
    await sleep(IDLE_WINDOW_MS);
    const idlePerSecondMs =
      (metricsDelta(await measured.metrics(), idleStart).task * 1000) / IDLE_WINDOW_MS;

    const phase = async (kind: 'append' | 'scroll') => {
      const before = await measured.metrics();
      await measured.page.evaluate(runFrames, { frames: config.frames, kind });
      await sleep(AFTER_PHASE_MS);
      return metricsDelta(await measured.metrics(), before).task / config.frames;
    };
    const updatePerFrameMs = await phase('append');
    const rangesAfterUpdates = await measured.page.evaluate(registeredRanges);
    const scrollPerFrameMs = await phase('scroll');
    const rangesAfterScroll = await measured.page.evaluate(registeredRanges);
    return {
      loadMs: metricsDelta(afterLoad, start).task,
      loadTasksOver50: loadTasks?.over50 ?? Number.NaN,
      loadLongestMs: loadTasks?.longestMs ?? Number.NaN,
      idlePerSecondMs,
      updatePerFrameMs,
      scrollPerFrameMs,
      rangesAfterLoad,
      rangesAfterUpdates,
      rangesAfterScroll,
      reportedAfterLoad,
      reported: variant === 'backstory' ? await browsers.reportedMentions(pageUrl) : null,
      attribution,
    };
  } finally {
    await measured.close();
  }
}

async function main() {
  const buildDir = chromiumBuildDir();
  if (!buildDir) return;
  const workDir = await mkdtemp(join(tmpdir(), 'backstory-bench-many-'));
  let browsers: Browsers | undefined;
  let server: Awaited<ReturnType<typeof startFixtureServer>> | undefined;
  try {
    const build = await prepareInjectableBuild(buildDir, join(workDir, 'build'));
    browsers = await launchBrowsers(build);
    await browsers.context.addInitScript(installProbe);
    server = await startFixtureServer(FIXTURE_PAGES_DIR);
    const url = `${server.baseUrl}hostile/many-mentions.html`;
    console.log(
      `Backstory on 100,000 mentions: Chromium ${browsers.version}, content script sha256 ` +
        `${build.id}; ${config.rounds} rounds (+1 warm-up), ${config.frames} frames per phase.`,
    );
    const runs: Record<Variant, ManyRun[]> = { alone: [], backstory: [] };
    let warmUp: TaskAttribution | undefined;
    for (let round = 0; round <= config.rounds; round++) {
      // Alternating which goes first, so neither always meets a warmer browser.
      const order: Variant[] = round % 2 === 0 ? ['alone', 'backstory'] : ['backstory', 'alone'];
      for (const variant of order) {
        // The warm-up round is traced in full, to tell the extension's tasks from the page's.
        const run = await runOnce(browsers, url, variant, round === 0 && variant === 'backstory');
        if (run.attribution) warmUp = run.attribution;
        console.log(
          `  round ${round}${round === 0 ? ' (warm-up)' : ''} ${variant}: load ${ms(run.loadMs)} ms, ` +
            `updates ${ms(run.updatePerFrameMs)} ms/frame, scroll ${ms(run.scrollPerFrameMs)} ms/frame`,
        );
        if (round > 0) runs[variant].push(run);
      }
    }
    const { alone, backstory } = runs;
    if (backstory.some((r) => r.reportedAfterLoad !== 100_000)) {
      process.exitCode = 1;
      console.error(
        `BROKEN: ${LOAD_WINDOW_MS / 1000} s after load Backstory had reported ` +
          `${backstory.map((r) => count(r.reportedAfterLoad)).join(', ')} of 100,000 mentions`,
      );
    }
    if (backstory.some((r) => r.reported !== 100_000 + config.frames)) {
      process.exitCode = 1;
      console.error(
        `BROKEN: Backstory reported ${backstory.map((r) => count(r.reported)).join(', ')} ` +
          `mentions; the page has ${count(100_000 + config.frames)}`,
      );
    }
    const pick = (list: ManyRun[], f: (r: ManyRun) => number) => list.map(f);
    const ratioOf = (f: (r: ManyRun) => number) =>
      ratio(median(pick(backstory, f)) / median(pick(alone, f)));
    const row = (label: string, f: (r: ManyRun) => number) => [
      label,
      spread(pick(alone, f)),
      spread(pick(backstory, f)),
      ratioOf(f),
    ];
    console.log(
      [
        '',
        table(
          ['main-thread time (ms)', 'page alone', 'with Backstory', 'ratio'],
          [
            row(`load and the next ${LOAD_WINDOW_MS / 1000} s (scan included)`, (r) => r.loadMs),
            row(
              "afterwards, per second (the page's own frame loop only)",
              (r) => r.idlePerSecondMs,
            ),
            row(`page appending a paragraph per frame, per frame`, (r) => r.updatePerFrameMs),
            row('page scrolling 400 px per frame, per frame', (r) => r.scrollPerFrameMs),
            row('longest task from the document start', (r) => r.loadLongestMs),
          ],
        ),
        '',
        `Tasks over 50 ms from the document start: page alone ${count(median(pick(alone, (r) => r.loadTasksOver50)))}, ` +
          `with Backstory ${count(median(pick(backstory, (r) => r.loadTasksOver50)))} (medians).`,
        warmUp
          ? `Warm-up trace, load and the ${LOAD_WINDOW_MS / 1000} s after: ${warmUp.engineTasksOver50} of ` +
            `${count(warmUp.engineTasks)} tasks with the extension's work pushed over 50 ms` +
            (warmUp.longestPushedMs === null
              ? ''
              : ` (longest ${ms(warmUp.longestPushedMs)} ms, its own part ${ms(warmUp.longestPushedOwnMs)} ms)`) +
            `; the longest task with its work ${ms(warmUp.longestEngineTaskMs)} ms ` +
            `(its own part ${ms(warmUp.longestEngineTaskOwnMs)} ms).`
          : 'Warm-up trace: the page thread was not found.',
        `Mentions reported: ${backstory.map((r) => count(r.reported)).join(', ')}. Ranges registered ` +
          `(near the viewport) after load ${count(median(pick(backstory, (r) => r.rangesAfterLoad)))}, ` +
          `after the updates ${count(median(pick(backstory, (r) => r.rangesAfterUpdates)))}, after scrolling ` +
          `${count(median(pick(backstory, (r) => r.rangesAfterScroll)))}.`,
      ].join('\n'),
    );
    await saveSamples('many', {
      config,
      chromium: browsers.version,
      build: build.id,
      runs,
      warmUp,
    });
  } finally {
    await browsers?.close();
    await server?.close();
    await rm(workDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
