/**
 * Driving Chromium for the benchmark: one persistent context with a variant of the built
 * extension (see {@link prepareInjectableBuild}), and per page load the DevTools protocol's
 * main-thread metrics and (when asked) a trace.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { BUILD_DIRS } from '../../tests/e2e/harness/builds';
import { readTabState } from '../../tests/e2e/detection-helpers';
import { CHROMIUM_PATH } from '../../tests/e2e/harness/chromium';
import { BUNDLED_PACK_ID } from '../../utils/packs/model';
import { countHighlights, makeDroppedElements } from './in-page';
import { TASK_TRACE_CATEGORIES, TRACE_CATEGORIES, type TraceEvent } from './trace';

const VIEWPORT = { width: 1280, height: 800 };
const POLL_MS = 200;

/**
 * The query parameter that keeps the extension's content scripts off a page, so the same browser
 * serves the page alone, mark.js and the floor, and can inject Backstory into a loaded page.
 */
export const NO_CONTENT_SCRIPT_PARAM = 'bench-no-content-script';

/**
 * The Chromium build the benchmarks measure (`.output/chrome-mv3`), or undefined, with a message
 * and exit code 2, when there is none yet.
 */
export function chromiumBuildDir(): string | undefined {
  const buildDir = BUILD_DIRS.chromium;
  if (existsSync(join(buildDir, 'manifest.json'))) return buildDir;
  console.error(`No Chromium build in ${buildDir}: run \`npx wxt build\` first.`);
  process.exitCode = 2;
  return undefined;
}

/**
 * The builds a benchmark compares: `BENCH_BUILDS` (comma-separated unpacked Chromium builds),
 * else the one {@link chromiumBuildDir} finds; none (with its message) when there is none.
 */
export function benchBuilds(): string[] {
  const listed = process.env.BENCH_BUILDS;
  if (listed) {
    return listed
      .split(',')
      .map((dir) => dir.trim())
      .filter((dir) => dir !== '')
      .map((dir) => resolve(dir));
  }
  const built = chromiumBuildDir();
  return built ? [built] : [];
}

/** What {@link prepareInjectableBuild} read from the built manifest. */
export interface InjectableBuild {
  dir: string;
  /** The first 12 hex digits of the SHA-256 of the content script's files: which code was measured. */
  id: string;
  /** The content script's files, as the manifest lists them. */
  js: string[];
  css: string[];
  allFrames: boolean;
}

/** A page with no script, added to the benchmark's copy of the build. */
export const BLANK_PAGE = 'bench-blank.html';

/**
 * Copies the build and changes only its manifest (and adds {@link BLANK_PAGE}, from which the
 * benchmark talks to the extension): the content scripts skip URLs carrying
 * {@link NO_CONTENT_SCRIPT_PARAM} (`exclude_globs`), and the extension may run its own content
 * script files in the benchmark's pages (`scripting` on http://127.0.0.1). Every page without the
 * parameter gets the content script exactly as shipped; its code is never touched.
 */
export async function prepareInjectableBuild(
  buildDir: string,
  targetDir: string,
): Promise<InjectableBuild> {
  await cp(buildDir, targetDir, { recursive: true });
  const manifestPath = join(targetDir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
    permissions?: string[];
    host_permissions?: string[];
    content_scripts?: {
      js?: string[];
      css?: string[];
      all_frames?: boolean;
      exclude_globs?: string[];
    }[];
  };
  const scripts = manifest.content_scripts ?? [];
  const first = scripts[0];
  if (!first?.js?.length) throw new Error(`${manifestPath}: no content script`);
  for (const script of scripts) {
    script.exclude_globs = [...(script.exclude_globs ?? []), `*${NO_CONTENT_SCRIPT_PARAM}*`];
  }
  manifest.permissions = [...new Set([...(manifest.permissions ?? []), 'scripting'])];
  manifest.host_permissions = [
    ...new Set([...(manifest.host_permissions ?? []), 'http://127.0.0.1/*']),
  ];
  await writeFile(manifestPath, JSON.stringify(manifest));
  // The page the benchmark talks to the extension from: any page of the extension's origin has
  // its APIs, and this one runs nothing (see `launchBrowsers`).
  await writeFile(join(targetDir, BLANK_PAGE), '<!doctype html><title>bench</title>');
  const hash = createHash('sha256');
  for (const file of first.js) hash.update(await readFile(join(targetDir, file)));
  return {
    dir: targetDir,
    id: hash.digest('hex').slice(0, 12),
    js: first.js,
    css: first.css ?? [],
    allFrames: first.all_frames ?? false,
  };
}

/** The extension API an extension page sees, as far as the benchmark uses it. */
type ExtensionApi = {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(q: { url: string }): Promise<{ id?: number; url?: string }[]> };
  scripting: {
    insertCSS(o: { target: { tabId: number; allFrames: boolean }; files: string[] }): Promise<void>;
    executeScript(o: {
      target: { tabId: number; allFrames: boolean };
      files: string[];
    }): Promise<unknown>;
  };
};

/** The browser of a run. */
export interface Browsers {
  context: BrowserContext;
  extensionId: string;
  /** Chromium's version string. */
  version: string;
  /** Sends protocol messages from an extension page, in order; returns the replies. */
  sendMessages(messages: readonly unknown[]): Promise<unknown[]>;
  /**
   * Runs the content script's files, as the manifest lists them, in the tab showing `url`: its
   * stylesheet (`part: 'css'`) or its script (`part: 'js'`).
   */
  injectContentScript(url: string, part: 'css' | 'js'): Promise<void>;
  /**
   * How many mentions the background holds for the tab showing `url` (what the badge counts),
   * or null when it has no report. Backstory registers only the ranges near the viewport, so
   * `CSS.highlights` no longer tells how many it found.
   */
  reportedMentions(url: string): Promise<number | null>;
  close(): Promise<void>;
}

/**
 * Waits until the background has installed the bundled pack, which it does when it first starts
 * (switching the pack on answers `ok` from then on); fails after 30 s with the last answer.
 */
export async function waitForBundledPack(browsers: Pick<Browsers, 'sendMessages'>): Promise<void> {
  for (const deadline = Date.now() + 30_000; ;) {
    const [reply] = await browsers.sendMessages([
      { type: 'ui:set-pack-enabled', payload: { packId: BUNDLED_PACK_ID, enabled: true } },
    ]);
    if ((reply as { ok?: boolean } | undefined)?.ok) return;
    if (Date.now() > deadline) {
      throw new Error(`the bundled pack never came: ${JSON.stringify(reply)}`);
    }
    await new Promise((done) => setTimeout(done, 500));
  }
}

/**
 * Runs the engine installed in `page` (`window.__benchEngine`, see in-page.ts), started from a
 * page task (a timer), not from the DevTools call, so that traces see its work as the page task
 * it would be. Null when no engine is installed.
 */
export function runInjectedEngine(page: Page): Promise<{ count: number; ms: number } | null> {
  return page.evaluate(
    () =>
      new Promise<{ count: number; ms: number } | null>((resolve) => {
        setTimeout(() => {
          const injected = window.__benchEngine;
          if (injected) void Promise.resolve(injected.run()).then(resolve);
          else resolve(null);
        }, 0);
      }),
  );
}

/** Starts Chromium with the build and keeps one extension page open to talk to the background. */
export async function launchBrowsers(build: InjectableBuild): Promise<Browsers> {
  const profileDir = await mkdtemp(join(tmpdir(), 'backstory-bench-profile-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: VIEWPORT,
      timeout: 60_000,
      args: [
        // The container runs as root, where Chromium refuses to start with its sandbox.
        '--no-sandbox',
        `--disable-extensions-except=${build.dir}`,
        `--load-extension=${build.dir}`,
        // No internet here: stop background fetches that would otherwise wake the browser.
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const isExtensionWorker = (url: string) => url.startsWith('chrome-extension://');
    const worker =
      context.serviceWorkers().find((w) => isExtensionWorker(w.url())) ??
      (await context.waitForEvent('serviceworker', {
        predicate: (w) => isExtensionWorker(w.url()),
        timeout: 30_000,
      }));
    const extensionId = new URL(worker.url()).host;
    // Opened before any measured page and kept: talking to it never changes which tab is shown.
    // A blank page of the extension's, not the popup: an open popup reads and indexes the whole
    // archive again after every change (a pack imported or switched), which a warm-up trace
    // showed taking half a core for ~10 s while pages were being measured.
    const extensionPage = await context.newPage();
    await extensionPage.goto(`chrome-extension://${extensionId}/${BLANK_PAGE}`);
    const userAgent = await extensionPage.evaluate(() => navigator.userAgent);
    const version =
      context.browser()?.version() ?? /Chrome\/([\d.]+)/.exec(userAgent)?.[1] ?? userAgent;
    const owned = context;
    return {
      context: owned,
      extensionId,
      version,
      sendMessages: (messages) =>
        extensionPage.evaluate(async (list) => {
          const api = (globalThis as unknown as { chrome: ExtensionApi }).chrome;
          const replies: unknown[] = [];
          for (const message of list) replies.push(await api.runtime.sendMessage(message));
          return replies;
        }, messages),
      injectContentScript: (url, part) =>
        extensionPage.evaluate(
          async ({ url, js, css, allFrames }) => {
            const api = (globalThis as unknown as { chrome: ExtensionApi }).chrome;
            const tabs = await api.tabs.query({ url: 'http://127.0.0.1/*' });
            const tab = tabs.find((t) => t.url === url);
            if (tab?.id === undefined) throw new Error(`no tab shows ${url}`);
            const target = { tabId: tab.id, allFrames };
            if (css.length > 0) await api.scripting.insertCSS({ target, files: css });
            if (js.length > 0) await api.scripting.executeScript({ target, files: js });
          },
          {
            url,
            js: part === 'js' ? build.js : [],
            css: part === 'css' ? build.css : [],
            allFrames: build.allFrames,
          },
        ),
      reportedMentions: async (url) =>
        (await extensionPage.evaluate(readTabState, url))?.count ?? null,
      async close() {
        await owned.close().catch(() => undefined);
        await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
    throw error;
  }
}

/** The DevTools protocol's cumulative main-thread figures, in ms. */
export interface MainThreadMetrics {
  task: number;
  script: number;
  style: number;
  layout: number;
}

/** The difference `after − before` of two readings. */
export function metricsDelta(
  after: MainThreadMetrics,
  before: MainThreadMetrics,
): MainThreadMetrics {
  return {
    task: after.task - before.task,
    script: after.script - before.script,
    style: after.style - before.style,
    layout: after.layout - before.layout,
  };
}

/** A page with a DevTools session that has the Performance domain on. */
export interface MeasuredPage {
  page: Page;
  cdp: CDPSession;
  metrics(): Promise<MainThreadMetrics>;
  /** Starts a full trace, or with `light` only tasks and marks; `stopTrace` returns its events. */
  startTrace(options?: { light?: boolean }): Promise<void>;
  stopTrace(): Promise<TraceEvent[]>;
  close(): Promise<void>;
}

/**
 * Opens a blank tab with the Performance domain enabled. Navigate it with `page.goto`: the
 * metrics then count the new document's main thread from its start (Chromium gives each document
 * fresh counters, so a reading taken on the blank tab before is ~0 and subtracting it is safe).
 */
export async function openMeasuredPage(context: BrowserContext): Promise<MeasuredPage> {
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    page,
    cdp,
    async metrics() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
      return {
        task: value('TaskDuration'),
        script: value('ScriptDuration'),
        style: value('RecalcStyleDuration'),
        layout: value('LayoutDuration'),
      };
    },
    async startTrace(options = {}) {
      await cdp.send('Tracing.start', {
        categories: options.light ? TASK_TRACE_CATEGORIES : TRACE_CATEGORIES,
        transferMode: 'ReturnAsStream',
      });
    },
    async stopTrace() {
      const complete = new Promise<string | undefined>((resolve) =>
        cdp.once('Tracing.tracingComplete', (event) => resolve(event.stream)),
      );
      await cdp.send('Tracing.end');
      const stream = await complete;
      if (!stream) return [];
      const chunks: string[] = [];
      for (;;) {
        const read = await cdp.send('IO.read', { handle: stream, size: 8 * 1024 * 1024 });
        chunks.push(read.base64Encoded ? Buffer.from(read.data, 'base64').toString() : read.data);
        if (read.eof) break;
      }
      await cdp.send('IO.close', { handle: stream });
      const parsed = JSON.parse(chunks.join('')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
      return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
    },
    async close() {
      await cdp.detach().catch(() => undefined);
      await page.close();
    },
  };
}

/** Elements per step of {@link runOutPageCollection}, and its most steps. */
const DROPPED_ELEMENTS_PER_STEP = 2_000;
const DROPPED_ELEMENT_STEPS = 40;

/** What {@link runOutPageCollection} found. */
export interface PageCollection {
  /** Blink's heap (`embedderHeapUsedSize`) before and after, in MB. */
  beforeMb: number;
  afterMb: number;
  /** True when a collection ran meanwhile (the heap shrank): the page was due one. */
  collected: boolean;
}

/**
 * Runs out the collection the page is due, before an engine starts on it. A large page can end
 * its load with its garbage uncollected and its heap a few MB under V8's global allocation limit
 * (bench/README.md): the next few MB anyone allocates then start a marking of the whole heap
 * (~100–250 ms on the article), charged to whichever engine happened to cross the limit. Here the
 * page's main world makes and drops elements, 2,000 at a time, until the heap shrinks (a
 * collection ran) or 80,000 were made; then the page is left to settle. A page not due one is left
 * with some more garbage and its limit far away (on the article, when its load had collected, it
 * took ~3 million such elements to start one). The collection is V8's own, started by its own
 * heuristics, unlike a forced one (`HeapProfiler.collectGarbage`), after which V8 sets a tighter
 * limit.
 */
export async function runOutPageCollection(measured: MeasuredPage): Promise<PageCollection> {
  const blinkHeap = async () => {
    const usage = (await measured.cdp.send('Runtime.getHeapUsage')) as {
      embedderHeapUsedSize?: number;
    };
    return (usage.embedderHeapUsedSize ?? 0) / 1e6;
  };
  const beforeMb = await blinkHeap();
  let collected = false;
  for (let step = 0, last = beforeMb; step < DROPPED_ELEMENT_STEPS; step++) {
    await measured.page.evaluate(makeDroppedElements, DROPPED_ELEMENTS_PER_STEP);
    const now = await blinkHeap();
    if (now < last) {
      collected = true;
      break;
    }
    last = now;
  }
  await settle(measured, { quietMs: 1_000, busyMs: 25 });
  return { beforeMb, afterMb: await blinkHeap(), collected };
}

/** Options for {@link settle}. */
export interface SettleOptions {
  /** How long highlights and the main thread must stay quiet (ms). */
  quietMs?: number;
  /** Main-thread time allowed during the quiet window (ms). */
  busyMs?: number;
  /** Give up after this long (ms); the result says so. */
  timeoutMs?: number;
}

/**
 * Waits until the page is done: `CSS.highlights` unchanged and the main thread nearly idle
 * (under `busyMs` of task time) for `quietMs`. Polls every 200 ms, the same way for every engine
 * (the polls' own small cost is in every measurement alike). The window is longer than a second
 * because work deferred by a second or so (a scanner's idle slices, a GC of its garbage) is still
 * the engine's.
 */
export async function settle(
  measured: MeasuredPage,
  options: SettleOptions = {},
): Promise<{ waitedMs: number; timedOut: boolean; highlights: number }> {
  const quietMs = options.quietMs ?? 1_500;
  // The polls themselves (these and the probe's) cost the page ~5–10 ms a second.
  const busyMs = options.busyMs ?? 40;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const start = Date.now();
  const samples: { at: number; task: number; ranges: number; entries: number }[] = [];
  for (;;) {
    const [{ task }, counts] = await Promise.all([
      measured.metrics(),
      measured.page.evaluate(countHighlights),
    ]);
    const now = Date.now();
    samples.push({ at: now, task, ...counts });
    const latest = samples[samples.length - 1];
    // The newest sample at least `quietMs` old: the window runs from it to now.
    let anchorIndex = samples.length - 1;
    while (anchorIndex >= 0 && (samples[anchorIndex]?.at ?? 0) > now - quietMs) anchorIndex--;
    const anchor = samples[anchorIndex];
    if (
      latest &&
      anchor &&
      samples
        .slice(anchorIndex)
        .every((s) => s.ranges === latest.ranges && s.entries === latest.entries) &&
      latest.task - anchor.task <= busyMs
    ) {
      return { waitedMs: now - start, timedOut: false, highlights: latest.ranges };
    }
    if (now - start > timeoutMs) {
      return { waitedMs: now - start, timedOut: true, highlights: latest?.ranges ?? 0 };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
