/**
 * `npm run bench:soak`: does Backstory's memory stay flat on a page that never ends? An
 * infinite-scroll feed (bench/soak/page.ts) runs for 10 minutes in headless Chromium in two tabs
 * at once: one with the built extension (`.output/chrome-mv3`, copied first, a black box), one
 * with its content script kept off the same page. The feed's own DOM is bounded (it drops old
 * posts as it appends new ones), so the tab without the extension shows what the page's own
 * content costs, and the difference is the extension's share.
 *
 * Every 30 s (and at the start, after a warm-up minute, the middle and the end) both feeds pause,
 * the pages go quiet, both renderers collect their garbage, and the benchmark reads the JS heap,
 * Blink's heap, live DOM nodes, event listeners, Backstory's highlight ranges (and those whose
 * nodes are gone) and the mentions on the page. It prints the samples, the growth from start to
 * end and a verdict, and writes every sample to test-results/bench/soak.json. Like the other
 * benchmarks it exits non-zero only when the run is broken, never over a figure.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureServer } from '../tests/e2e/harness/fixture-server';
import {
  NO_CONTENT_SCRIPT_PARAM,
  launchBrowsers,
  openMeasuredPage,
  chromiumBuildDir,
  prepareInjectableBuild,
  settle,
  type Browsers,
  type MeasuredPage,
  waitForBundledPack,
} from './scan/browser';
import { createRandom } from './scan/random';
import { count, ms, saveSamples, table } from './scan/report';
import {
  type Check,
  type Sample,
  type TabSample,
  type Tolerances,
  figures,
  slopePerMinute,
  verdict,
} from './soak/figures';
import { countRanges, hasCardHost, installTaskWatch, mentionOnScreen } from './soak/in-page';
import { generateSoakPage } from './soak/page';
import { envNumber } from './env';

const minutes = envNumber('SOAK_MINUTES', 10);
const config = {
  minutes,
  /** Scrolling before the start sample: caches, compiled code and the first pass settle. */
  warmUpSeconds: envNumber('SOAK_WARMUP_SECONDS', Math.min(60, (minutes * 60) / 4)),
  sampleSeconds: envNumber('SOAK_SAMPLE_SECONDS', 30),
  pxPerSecond: envNumber('SOAK_SCROLL_PX', 800),
  /** Posts kept on the page, and appended per batch. */
  window: Math.round(envNumber('SOAK_WINDOW', 80)),
  batch: 10,
  templates: 240,
  /** The page loads with a full window, so its own DOM is at its steady size from the start. */
  get initialPosts() {
    return this.window;
  },
  seed: envNumber('SOAK_SEED', 20261127),
};
const tolerances: Tolerances = {
  jsHeapBytes: envNumber('SOAK_HEAP_TOLERANCE_KB', 512) * 1024,
  blinkHeapBytes: envNumber('SOAK_HEAP_TOLERANCE_KB', 512) * 1024,
  liveNodes: 100,
  listeners: 20,
};
/** Backstory's highlight names all start with this. */
const HIGHLIGHT_PREFIX = 'backstory-';
/** The reader scrolls a step this often (ms); SOAK_SCROLL_PX is per second. */
const STEP_MS = 100;
/** The reader's pointer moves this often (ms), over the feed's text. */
const POINTER_EVERY_MS = 250;
/**
 * And this often (ms) the reader stops and rests the pointer on a highlighted mention long enough
 * for its card to open (the default dwell is 200 ms). The first time is right after load, so the
 * card's one-time setup (its host, shadow root, styles and code) falls in the warm-up.
 */
const HOVER_EVERY_MS = 5_000;
const HOVER_REST_MS = 600;
/** Time for an open card to close once the pointer has left (its grace is 300 ms). */
const CARD_CLOSE_MS = 600;

const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

interface Tab {
  key: 'with' | 'without';
  url: string;
  measured: MeasuredPage;
}

/** Reads one tab: the page's counts first (they make wrappers), then GC, then the heaps. */
async function measureTab(
  browsers: Browsers,
  tab: Tab,
  settled: { waitedMs: number; timedOut: boolean },
) {
  const { page, cdp } = tab.measured;
  const reported = tab.key === 'with' ? await browsers.reportedMentions(tab.url) : null;
  const pageStats = await page.evaluate(() => {
    if (!window.__soak) throw new Error('the soak page has no __soak hook');
    return window.__soak.stats();
  });
  const ranges = await page.evaluate(countRanges, HIGHLIGHT_PREFIX);
  const cardHost = await page.evaluate(hasCardHost);
  const tasks = await page.evaluate(() => {
    if (!window.__soakTasks) throw new Error('the task watch is missing');
    const taken = window.__soakTasks.take();
    window.__soakTasks.beginIgnore();
    return taken;
  });
  // Twice: the first collection runs finalizers and weak callbacks that free more in the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await page.evaluate(() => window.__soakTasks?.endIgnore());
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  const sample: TabSample = {
    page: pageStats,
    ranges,
    reported,
    tasks,
    jsHeap: usage.usedSize,
    blinkHeap: usage.embedderHeapUsedSize,
    liveNodes: metric('Nodes'),
    listeners: metric('JSEventListeners'),
    cardHost,
    settleMs: settled.waitedMs,
    settled: !settled.timedOut,
  };
  return sample;
}

/** Pauses both feeds, waits for both pages to go quiet, and measures them. */
async function takeSample(browsers: Browsers, tabs: readonly [Tab, Tab]) {
  await Promise.all(tabs.map((t) => t.measured.page.evaluate(() => window.__soak?.pause())));
  // The pointer off the text, so a card that is open closes (after its 300 ms grace): every
  // sample sees the card closed, not sometimes its tree of a few hundred nodes.
  for (const tab of tabs) await tab.measured.page.mouse.move(2, 2);
  await sleep(CARD_CLOSE_MS);
  // Quiet: highlights unchanged and the main thread nearly idle for a second (the extension
  // reports to the background up to 500 ms after its last change; that is included).
  const quiet = (t: Tab) => settle(t.measured, { quietMs: 1_000, busyMs: 60, timeoutMs: 30_000 });
  const [settledWith, settledWithout] = await Promise.all([quiet(tabs[0]), quiet(tabs[1])]);
  const withTab = await measureTab(browsers, tabs[0], settledWith);
  const withoutTab = await measureTab(browsers, tabs[1], settledWithout);
  return { with: withTab, without: withoutTab };
}

/** When samples are taken (seconds from the start of scrolling), with their labels. */
function schedule(): { at: number; label: string }[] {
  const end = config.minutes * 60;
  const start = Math.min(config.warmUpSeconds, end);
  const middle = start + (end - start) / 2;
  const points = new Map<number, string>([
    [start, 'start'],
    [end, 'end'],
  ]);
  for (let at = start + config.sampleSeconds; at < end; at += config.sampleSeconds) {
    points.set(at, '');
  }
  // The sample nearest the middle is "middle"; one is added there when none is close.
  const nearest = [...points.keys()].reduce((a, b) =>
    Math.abs(b - middle) < Math.abs(a - middle) ? b : a,
  );
  if (Math.abs(nearest - middle) <= config.sampleSeconds / 4 && points.get(nearest) === '') {
    points.set(nearest, 'middle');
  } else if (end > start) points.set(middle, 'middle');
  return [...points]
    .sort(([a], [b]) => a - b)
    .map(([at, label]) => ({ at, label: label || `${Math.round(at)} s` }));
}

const mb = (bytes: number) => (Number.isFinite(bytes) ? (bytes / 2 ** 20).toFixed(2) : '–');
const clock = (msElapsed: number) => {
  const seconds = Math.round(msElapsed / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

async function main() {
  const buildDir = chromiumBuildDir();
  if (!buildDir) return;
  const began = Date.now();
  const work = await mkdtemp(join(tmpdir(), 'backstory-soak-'));
  let browsers: Browsers | undefined;
  let server: Awaited<ReturnType<typeof startFixtureServer>> | undefined;
  let stopReader = false;
  let readerLoop: Promise<void> | undefined;
  try {
    // A snapshot of the build (a rebuild during the run changes nothing), whose content script
    // skips URLs with NO_CONTENT_SCRIPT_PARAM: the tab without the extension.
    const build = await prepareInjectableBuild(buildDir, join(work, 'extension'));
    const buildId = build.id;

    const pagesDir = join(work, 'pages');
    await mkdir(pagesDir);
    const soakPage = generateSoakPage(config);
    await writeFile(join(pagesDir, 'feed.html'), soakPage.html);
    server = await startFixtureServer(pagesDir);

    const launched = await launchBrowsers(build);
    browsers = launched;
    await waitForBundledPack(browsers);

    // Two sites, so the tabs get two renderer processes and two heaps (checked below): the
    // extension's tab on 127.0.0.1, the other on localhost, same server, same page.
    const urls = {
      with: `${server.baseUrl}feed.html`,
      without: `${server.baseUrl.replace('127.0.0.1', 'localhost')}feed.html?${NO_CONTENT_SCRIPT_PARAM}=1`,
    };
    const open = async (key: Tab['key']): Promise<Tab> => {
      const measured = await openMeasuredPage(launched.context);
      await measured.page.addInitScript(installTaskWatch);
      // A crashed renderer fails the next call with "Target closed"; say which and when first.
      measured.page.on('crash', () =>
        console.error(`\nThe ${key} tab's renderer crashed after ${clock(Date.now() - began)}.`),
      );
      return { key, url: urls[key], measured };
    };
    const tabs: [Tab, Tab] = [await open('with'), await open('without')];
    await Promise.all(tabs.map((t) => t.measured.page.goto(t.url, { waitUntil: 'load' })));
    const isolates = await Promise.all(
      tabs.map(async (t) => (await t.measured.cdp.send('Runtime.getIsolateId')).id),
    );
    if (isolates[0] === isolates[1]) {
      throw new Error('both tabs share one renderer heap: their figures cannot be told apart');
    }

    console.log(
      `Backstory soak: Chromium ${browsers.version}, content script sha256 ${buildId}; ` +
        `${config.minutes} min, samples every ${config.sampleSeconds} s after a ` +
        `${config.warmUpSeconds} s warm-up; the reader scrolls ${config.pxPerSecond} px/s and ` +
        `stops on a mention every ${HOVER_EVERY_MS / 1000} s, the ` +
        `feed keeps ${config.window} posts and appends ${config.batch} at a time`,
    );

    // The content script starts at document_idle: wait for its first highlights before "quiet".
    await tabs[0].measured.page
      .waitForFunction(() => CSS.highlights.size > 0, undefined, { timeout: 30_000, polling: 100 })
      .catch(() => undefined);
    const samples: Sample[] = [];
    const broken: string[] = [];
    const firstTake = await takeSample(launched, tabs);
    samples.push({ label: 'loaded', atMs: 0, scrollingMs: 0, hovers: 0, ...firstTake });
    if (firstTake.with.ranges.ranges === 0) {
      broken.push(`no highlights at load (${firstTake.with.page.expectedMentions} mentions)`);
    }
    if (firstTake.without.ranges.ranges > 0) {
      broken.push('the tab without the extension has highlights: the content script ran there');
    }

    // The reader, the same in both tabs: a scroll step every STEP_MS, a small move of the
    // pointer over the text every POINTER_EVERY_MS, and every HOVER_EVERY_MS a stop with the
    // pointer resting on a highlighted mention (found in the tab with the extension) long enough
    // for its card to open; the card closes again at the next move. Steps, not a scroll timed in
    // each page, so both tabs read exactly as far whatever their frame rates.
    let reading = false;
    let hovers = 0;
    let step: Promise<void> = Promise.resolve();
    // Each step covers the time since the last one (stops excluded), so the speed holds on a
    // busy machine too; both tabs get the same step.
    let lastStep = Date.now();
    const feeds = (action: 'pause' | 'resume') =>
      Promise.all(
        tabs.map((t) => t.measured.page.evaluate((which) => window.__soak?.[which](), action)),
      );
    const moveBoth = async (x: number, y: number) => {
      for (const tab of tabs) await tab.measured.page.mouse.move(x, y).catch(() => undefined);
    };
    const random = createRandom(config.seed + 3);
    let lastHover = -Infinity;
    let lastMove = -Infinity;
    const readOnce = async () => {
      const now = Date.now();
      if (now - lastHover >= HOVER_EVERY_MS) {
        lastHover = now;
        const point = await tabs[0].measured.page
          .evaluate(mentionOnScreen, HIGHLIGHT_PREFIX)
          .catch(() => null);
        if (point) {
          await moveBoth(point.x, point.y);
          hovers++;
          await sleep(HOVER_REST_MS);
          lastStep = Date.now();
          return;
        }
      }
      const stepPx = Math.round((config.pxPerSecond * Math.min(1_000, now - lastStep)) / 1000);
      lastStep = now;
      await Promise.all(
        tabs.map((t) => t.measured.page.evaluate((px) => window.__soak?.scrollStep(px), stepPx)),
      );
      if (now - lastMove >= POINTER_EVERY_MS) {
        lastMove = now;
        await moveBoth(300 + random.int(0, 200), 250 + random.int(0, 200));
      }
    };
    readerLoop = (async () => {
      while (!stopReader) {
        if (reading) {
          step = readOnce();
          await step;
        }
        await sleep(STEP_MS);
      }
    })();

    const startedAt = Date.now();
    let pausedMs = 0;
    const resume = async () => {
      await feeds('resume');
      lastStep = Date.now();
      reading = true;
    };
    await resume();
    for (const point of schedule()) {
      const wait = startedAt + point.at * 1000 - Date.now();
      if (wait > 0) await sleep(wait);
      reading = false;
      await step;
      const pauseStarted = Date.now();
      const atMs = pauseStarted - startedAt;
      const taken = await takeSample(launched, tabs);
      const sample: Sample = {
        label: point.label,
        atMs,
        scrollingMs: atMs - pausedMs,
        hovers,
        ...taken,
      };
      pausedMs += Date.now() - pauseStarted;
      samples.push(sample);
      console.log(
        `  ${clock(atMs)} ${point.label.padEnd(7)} posts appended ${count(sample.with.page.appended)}, ` +
          `mentions ${count(sample.with.page.expectedMentions)}, reported ${count(figures.reported(sample))}, ` +
          `ranges ${count(sample.with.ranges.ranges)}, ` +
          `JS heap ${mb(sample.with.jsHeap)} / ${mb(sample.without.jsHeap)} MB, ` +
          `listeners ${count(sample.with.listeners)} / ${count(sample.without.listeners)}`,
      );
      await resume();
    }
    stopReader = true;
    await readerLoop;

    // ---- the report ----
    const measuredStretch = samples.filter((s) => s.label !== 'loaded');
    const out: string[] = [''];
    const longTasks = (t: TabSample) =>
      t.tasks.over50 === 0 ? '0' : `${count(t.tasks.over50)} (${ms(t.tasks.longestMs)})`;
    out.push(
      '## Samples (with the extension / without; heap in MB after two full GCs)',
      '',
      table(
        [
          'sample',
          'time',
          'posts on page (appended)',
          'DOM elements',
          'mentions on page (reported)',
          'live ranges (disconnected)',
          'JS heap with / without',
          "extension's JS heap",
          "extension's Blink heap",
          'live nodes with / without',
          'listeners with / without',
          'tasks over 50 ms with / without (longest ms)',
        ],
        samples.map((s) => [
          s.label,
          clock(s.atMs),
          `${count(s.with.page.posts)} (${count(s.with.page.appended)})`,
          `${count(s.with.page.elements)} / ${count(s.without.page.elements)}`,
          `${count(s.with.page.expectedMentions)} (${count(figures.reported(s))})`,
          `${count(s.with.ranges.ranges)} (${count(s.with.ranges.disconnected)})`,
          `${mb(s.with.jsHeap)} / ${mb(s.without.jsHeap)}`,
          mb(figures.jsHeapShare(s)),
          mb(figures.blinkHeapShare(s)),
          `${count(s.with.liveNodes)} / ${count(s.without.liveNodes)}`,
          `${count(s.with.listeners)} / ${count(s.without.listeners)}`,
          `${longTasks(s.with)} / ${longTasks(s.without)}`,
        ]),
      ),
    );

    const start = measuredStretch.find((s) => s.label === 'start');
    const middle = measuredStretch.find((s) => s.label === 'middle');
    const end = measuredStretch.find((s) => s.label === 'end');
    const rowsOf = (
      label: string,
      pick: (s: Sample) => number,
      format: (n: number) => string,
      slopeFormat?: (n: number) => string,
    ) => [
      label,
      format(start ? pick(start) : Number.NaN),
      format(middle ? pick(middle) : Number.NaN),
      format(end ? pick(end) : Number.NaN),
      start && end ? format(pick(end) - pick(start)) : '–',
      slopeFormat ? slopeFormat(slopePerMinute(measuredStretch, pick)) : '',
    ];
    const kbPerMin = (bytes: number) =>
      Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB/min` : '–';
    const perMin = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)}/min` : '–');
    const wholeMb = (bytes: number) => `${mb(bytes)} MB`;
    const total = end ?? measuredStretch[measuredStretch.length - 1];
    const cardHostFrom = samples.find((s) => s.with.cardHost);
    out.push(
      '',
      '## Start, middle, end',
      '',
      table(
        ['figure', 'start', 'middle', 'end', 'end − start', 'fitted slope'],
        [
          rowsOf('JS heap, with the extension', figures.jsHeapWith, wholeMb, kbPerMin),
          rowsOf('JS heap, page alone', figures.jsHeapWithout, wholeMb, kbPerMin),
          rowsOf("JS heap, the extension's share", figures.jsHeapShare, wholeMb, kbPerMin),
          rowsOf("Blink heap, the extension's share", figures.blinkHeapShare, wholeMb, kbPerMin),
          rowsOf('live highlight ranges', figures.ranges, count, perMin),
          rowsOf('mentions on the page', figures.expected, count, perMin),
          rowsOf('disconnected ranges', (s) => s.with.ranges.disconnected, count),
          rowsOf("live DOM nodes, the extension's share", figures.liveNodesShare, count, perMin),
          rowsOf("event listeners, the extension's share", figures.listenersShare, count, perMin),
          rowsOf('DOM elements (page alone)', figures.elementsWithout, count),
        ],
      ),
      '',
      total
        ? `Over the run the feed appended ${count(total.with.page.appended)} posts with ` +
            `${count(total.with.page.mentionsAppended)} mentions and removed ` +
            `${count(total.with.page.removed)}; the reader scrolled ${count(total.with.page.scrolledPx)} px ` +
            `and the page edited its own text ${count(total.with.page.textEdits)} times ` +
            `(the tab without the extension: ${count(total.without.page.appended)} posts appended). ` +
            `The pointer rested on a highlighted mention ${count(total.hovers)} times; the hover ` +
            `card's host was on the page ${cardHostFrom ? `from the ${cardHostFrom.label} sample on` : 'at no sample'}.`
        : '',
    );
    // After the start sample: the first interval holds the load and the first pass.
    const afterStart = measuredStretch.slice(1);
    const most = (values: number[]) => Math.max(0, ...values);
    const tasksWith = afterStart.map((s) => s.with.tasks);
    const tasksWithout = afterStart.map((s) => s.without.tasks);
    const extensionFrames = tasksWith.reduce((n, t) => n + t.withExtensionScript, 0);
    out.push(
      `Long tasks after the start sample: the longest ${ms(most(tasksWith.map((t) => t.longestMs)))} ms with ` +
        `the extension (${count(tasksWith.reduce((n, t) => n + t.over50, 0))} over 50 ms), ` +
        `${ms(most(tasksWithout.map((t) => t.longestMs)))} ms without ` +
        `(${count(tasksWithout.reduce((n, t) => n + t.over50, 0))}); the most blocking frame ` +
        `${ms(most(tasksWith.map((t) => t.longestBlockingMs)))} ms with, ` +
        `${ms(most(tasksWithout.map((t) => t.longestBlockingMs)))} ms without; blocking frames ` +
        `with a chrome-extension:// script in them: ${count(extensionFrames)}` +
        (extensionFrames > 0
          ? ` (its longest script ${ms(most(tasksWith.map((t) => t.longestExtensionScriptMs)))} ms)`
          : '') +
        '.',
    );

    const checks: Check[] = verdict(measuredStretch, tolerances);
    out.push('', '## Verdict', '');
    for (const check of checks) {
      out.push(`- ${check.flat ? 'flat    ' : 'GROWING '} ${check.what}: ${check.detail}`);
    }
    const growing = checks.filter((c) => !c.flat);
    out.push(
      '',
      growing.length === 0
        ? 'VERDICT: flat: heap, nodes, listeners and ranges stay level once the page alone is subtracted.'
        : `VERDICT: not flat: ${growing.map((c) => c.what).join('; ')}.`,
      '',
      `Took ${Math.round((Date.now() - began) / 1000)} s.`,
    );
    console.log(out.join('\n'));

    await saveSamples('soak', {
      config,
      tolerances,
      chromium: browsers.version,
      contentScript: buildId,
      urls,
      samples,
      checks,
    });
    if (broken.length > 0) {
      console.error(`\nBROKEN RUN:\n- ${broken.join('\n- ')}`);
      process.exitCode = 1;
    }
  } finally {
    stopReader = true;
    await readerLoop?.catch(() => undefined);
    await browsers?.close();
    await server?.close();
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
