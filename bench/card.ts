/**
 * `npm run bench:card`: how soon after the dwell ends the hover card shows an organisation that
 * has 10,000 summaries in the archive, in real Chromium with the built extension.
 *
 * Measured from the outside: nothing in the shipped code marks or reports anything. A page in the
 * page's own world records when the pointer arrived (the `timeStamp` of the first `pointermove`),
 * and, through the driver's access to the card's closed shadow root (the harness's
 * `evaluateInShadowRoot`, over CDP), a MutationObserver on that root records when the card's
 * summaries are in the DOM, then when the next frame has been painted (a task posted from the
 * next animation frame). "Dwell end" is pointer arrival + the dwell setting: the earliest the
 * card may open. So each figure also holds the content script's wait for the next animation frame
 * before its hit test, and errs long. See bench/README.md.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../tests/e2e/harness/chromium';
import { startFixtureServer } from '../tests/e2e/harness/fixture-server';
import { BLANK_PAGE, chromiumBuildDir, prepareInjectableBuild } from './scan/browser';
import type { TestPage } from '../tests/e2e/harness/types';

const SUMMARIES = 10_000;
/** Hovers measured per dwell setting (`BENCH_HOVERS`). */
const HOVERS = Number(process.env.BENCH_HOVERS ?? 40);
/** The default dwell, then none at all (the card has no head start on its data then). */
const DWELLS = [200, 0];
const TARGET_MS = 100;
const ORG_NAME = 'Benchmark Organisation';
const MENTIONS = 20;
const CARD_HOST = '[data-backstory-ui]';

/** Mulberry32: a small seeded PRNG, so every run measures the same archive. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = `government opposition council members leader election minister report court ruling
protest parliament party coalition movement agreement talks sanctions economy budget refugees camp
border security spokesman statement interview investigation evidence witness documents archive
history founder exile capital region province city committee hearing vote campaign funding donors
conference embassy treaty arrest detention prison release trial verdict appeal lawyer rights press
media newspaper journalist analysis survey support criticism defectors families letters allegations`
  .split(/\s+/)
  .filter(Boolean);

/** A pack of one organisation with `SUMMARIES` summaries of realistic length and spread dates. */
function generatePack() {
  const next = random(20261127);
  const pick = () => WORDS[Math.floor(next() * WORDS.length)] ?? 'report';
  const words = (n: number) => Array.from({ length: n }, pick).join(' ');
  const sources = Array.from({ length: 30 }, (_, i) => `Source ${i + 1} ${words(1)}`);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    format: 'backstory-pack',
    formatVersion: 1,
    pack: {
      id: 'card-bench',
      name: 'Card benchmark pack',
      version: '1.0.0',
      publisher: 'Backstory benchmarks',
      description: 'Generated summaries for bench/card.ts.',
      provenance: 'Generated text; no source said any of it.',
      updatedAt: '2026-11-27',
    },
    organisations: [
      {
        id: 'bench-org',
        name: ORG_NAME,
        kind: 'organisation',
        description: words(60),
        aliases: [{ text: ORG_NAME }],
      },
    ],
    summaries: Array.from({ length: SUMMARIES }, (_, i) => {
      const date = `${2000 + Math.floor(next() * 27)}-${pad(1 + Math.floor(next() * 12))}-${pad(1 + Math.floor(next() * 28))}`;
      return {
        id: `s${i}`,
        title: `${words(3 + Math.floor(next() * 6))} (${i})`,
        text: words(40 + Math.floor(next() * 160)),
        source: { name: sources[i % sources.length] ?? 'Source', url: 'https://news.example/' },
        url: `https://news.example/${i}`,
        publishedAt: date,
        archivedAt: '2026-11-27',
        organisationIds: ['bench-org'],
      };
    }),
  };
}

/** The page hovered: one mention per line, all on screen. */
function pageHtml(): string {
  const lines = Array.from(
    { length: MENTIONS },
    (_, i) => `<p>Line ${i + 1}: analysts discussed the ${ORG_NAME} again.</p>`,
  ).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Card benchmark</title><style>body{margin:24px 40px;font:16px/1.2 serif}p{margin:0 0 12px}</style>
</head><body>${lines}</body></html>`;
}

type Api = { runtime: { sendMessage(message: unknown): Promise<unknown> } };

async function request(page: TestPage, message: unknown): Promise<void> {
  const reply = (await page.evaluate(async (body) => {
    const scope = globalThis as unknown as { browser?: Api; chrome: Api };
    return (scope.browser ?? scope.chrome).runtime.sendMessage(body);
  }, message)) as { ok: boolean; value?: { ok?: boolean }; error?: string };
  if (!reply.ok || reply.value?.ok === false) {
    throw new Error(`request failed: ${JSON.stringify(reply).slice(0, 400)}`);
  }
}

/** Runs in the page: the middle of each mention, in order. */
function mentionPoints(name: string): { x: number; y: number }[] {
  const points: { x: number; y: number }[] = [];
  for (const p of document.querySelectorAll('p')) {
    const text = p.firstChild as Text;
    const at = text.data.indexOf(name);
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + name.length);
    const rect = range.getBoundingClientRect();
    points.push({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
  }
  return points;
}

interface Probe {
  armed: boolean;
  moveAt: number | null;
  inDomAt: number | null;
  paintedAt: number | null;
}
type ProbeWindow = { __cardBench: Probe; __cardBenchRoot?: ShadowRoot };

/** Runs in the page: records the first pointer move after `arm`. */
function installPointerProbe(): void {
  const scope = window as unknown as ProbeWindow;
  scope.__cardBench = { armed: false, moveAt: null, inDomAt: null, paintedAt: null };
  document.addEventListener(
    'pointermove',
    (event) => {
      const probe = scope.__cardBench;
      if (probe.armed && probe.moveAt === null) probe.moveAt = event.timeStamp;
    },
    { capture: true },
  );
}

/** Runs in the page with the card's (closed) root: records when summaries appear and paint. */
function installCardProbe(root: ShadowRoot): boolean {
  const scope = window as unknown as ProbeWindow;
  scope.__cardBenchRoot = root;
  new MutationObserver(() => {
    const probe = scope.__cardBench;
    if (!probe.armed || probe.inDomAt !== null || !root.querySelector('.summary')) return;
    probe.inDomAt = performance.now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        probe.paintedAt = performance.now();
      };
      channel.port2.postMessage(null);
    });
  }).observe(root, { childList: true, subtree: true });
  return true;
}

/** Moves the pointer away and waits until the card has closed. */
async function closeCard(page: TestPage): Promise<void> {
  await page.mouse.move(1200, 780);
  await page.waitForFunction(() => {
    const root = (window as unknown as ProbeWindow).__cardBenchRoot;
    const frame = root?.querySelector<HTMLElement>('.positioner');
    return !frame || frame.hidden;
  });
}

/** Hovers mention `point` once and returns the two figures, in ms after the dwell ended. */
async function hoverOnce(page: TestPage, point: { x: number; y: number }, dwell: number) {
  await page.evaluate(() => {
    const probe = (window as unknown as ProbeWindow).__cardBench;
    Object.assign(probe, { armed: true, moveAt: null, inDomAt: null, paintedAt: null });
  });
  await page.mouse.move(point.x - 2, point.y);
  await page.mouse.move(point.x, point.y);
  await page.waitForFunction(
    () => (window as unknown as ProbeWindow).__cardBench.paintedAt !== null,
    undefined,
    { timeout: 30_000 },
  );
  const probe = await page.evaluate(() => {
    const found = (window as unknown as ProbeWindow).__cardBench;
    found.armed = false;
    return { ...found };
  });
  const dwellEnd = (probe.moveAt ?? NaN) + dwell;
  return {
    inDom: (probe.inDomAt ?? NaN) - dwellEnd,
    painted: (probe.paintedAt ?? NaN) - dwellEnd,
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, rank)] ?? NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main() {
  const source = process.env.BACKSTORY_CHROMIUM_BUILD ?? chromiumBuildDir();
  if (!source) return;
  const dir = await mkdtemp(join(tmpdir(), 'backstory-bench-card-'));
  await writeFile(join(dir, 'card.html'), pageHtml());
  const server = await startFixtureServer(dir);
  // A copy with a blank extension page to talk to the background from: an open popup reads and
  // indexes the whole archive again after each change (the 10,000-summary import, each pack
  // switched below), which took part of the machine while hovers were being measured.
  const build = await prepareInjectableBuild(source, join(dir, 'build'));
  const browser = await launchChromium({ timeout: 60_000, extensionDir: build.dir });
  try {
    const setup = await browser.openExtensionPage(BLANK_PAGE);
    const started = performance.now();
    await request(setup, {
      type: 'ui:import-pack',
      payload: { text: JSON.stringify(generatePack()), mode: 'replace' },
    });
    const importMs = performance.now() - started;

    const page = await browser.openPage(`${server.baseUrl}card.html`);
    await page.bringToFront();
    await page.evaluate(installPointerProbe);
    await page.waitForFunction(
      (count) => [...CSS.highlights.values()].reduce((sum, h) => sum + h.size, 0) >= count,
      MENTIONS,
      { timeout: 60_000 },
    );
    const points = await page.evaluate(mentionPoints, ORG_NAME);

    // A first card, not measured: it also creates the card's host (once per page).
    await page.mouse.move(points[0]?.x ?? 0, points[0]?.y ?? 0);
    await page.waitForFunction(() => document.querySelector('[data-backstory-ui]') !== null);
    let installed: boolean | null = null;
    for (let tries = 0; !installed && tries < 100; tries++) {
      installed = await page.evaluateInShadowRoot(CARD_HOST, installCardProbe);
    }
    const footer = await page.evaluateInShadowRoot(CARD_HOST, async (root) => {
      for (let i = 0; i < 200 && !root.querySelector('footer button'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return root.querySelector('footer button')?.textContent ?? '';
    });
    await closeCard(page);

    const rows: string[][] = [];
    for (const dwell of DWELLS) {
      await request(setup, { type: 'ui:update-settings', payload: { patch: { dwellMs: dwell } } });
      // The page hears of the change through storage; give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const inDom: number[] = [];
      const painted: number[] = [];
      for (let i = 0; i < HOVERS; i++) {
        const point = points[(i + 1) % points.length] ?? { x: 0, y: 0 };
        const figures = await hoverOnce(page, point, dwell);
        inDom.push(figures.inDom);
        painted.push(figures.painted);
        await closeCard(page);
      }
      for (const [label, values] of [
        ['summaries in the DOM', inDom],
        ['card painted', painted],
      ] as const) {
        rows.push([
          `${label}, after a ${dwell} ms dwell`,
          ms(percentile(values, 50)),
          ms(percentile(values, 95)),
          ms(Math.max(...values)),
          label === 'card painted' ? `p95 ≤ ${TARGET_MS} ms` : '',
        ]);
      }
    }
    const userAgent = await page.evaluate(() => navigator.userAgent);
    await page.close();

    // The background's answer alone, from an extension page: right after an archive change (its
    // count of the organisation's summaries is gone then) and again (counted).
    const answers = { afterChange: [] as number[], again: [] as number[] };
    for (let i = 0; i < 10; i++) {
      await request(setup, {
        type: 'ui:set-pack-enabled',
        payload: { packId: 'backstory-digest-mko-ncri', enabled: i % 2 === 1 },
      });
      for (const key of ['afterChange', 'again'] as const) {
        answers[key].push(
          await setup.evaluate(async () => {
            const scope = globalThis as unknown as { browser?: Api; chrome: Api };
            const started = performance.now();
            await (scope.browser ?? scope.chrome).runtime.sendMessage({
              type: 'content:get-card',
              payload: { orgKey: 'card-bench/bench-org' },
            });
            return performance.now() - started;
          }),
        );
      }
    }
    rows.push(
      [
        'get-card answer, first after an archive change',
        ms(percentile(answers.afterChange, 50)),
        ms(percentile(answers.afterChange, 95)),
        ms(Math.max(...answers.afterChange)),
        '',
      ],
      [
        'get-card answer, count kept',
        ms(percentile(answers.again, 50)),
        ms(percentile(answers.again, 95)),
        ms(Math.max(...answers.again)),
        '',
      ],
    );

    const header = ['figure', 'median', 'p95', 'max', 'target'];
    const widths = header.map((_, c) =>
      Math.max(...[header, ...rows].map((r) => r[c]?.length ?? 0)),
    );
    const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  │  ');
    console.log(
      `\nHover card benchmark: one organisation with ${SUMMARIES.toLocaleString('en')} summaries, ` +
        `${HOVERS} hovers per dwell`,
    );
    console.log(userAgent);
    console.log(`pack import (background): ${ms(importMs)}; the card's footer: "${footer}"`);
    console.log(line(header));
    console.log(widths.map((w) => '─'.repeat(w)).join('──┼──'));
    for (const row of rows) console.log(line(row));
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
