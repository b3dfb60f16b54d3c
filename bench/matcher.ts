/**
 * `npm run bench:matcher`: the matcher on its own, in Node, with 10 and 10,000 aliases (the same
 * packs as the alias-scaling figure of bench:scan): compile time, the memory a compile allocates
 * and keeps (script heap and typed arrays), and the time to scan the generated article's text
 * (the block filter's whole-text candidate scan, and `findMatches` over every block).
 *
 * The article's text is its HTML with the tags taken out and split at block tags: close to what
 * the page gives the content script, not the same. Memory needs `--expose-gc` (the npm script
 * passes it); without it only times are printed.
 */
import { join } from 'node:path';
import {
  type CompileOptions,
  type Matcher,
  compileMatcher,
  scanCandidates,
} from '../utils/matching/matcher';
import { envNumber } from './env';
import { fillerPack, readBundledPack, tenAliasPack } from './scan/aliases';
import { generateArticlePage } from './scan/pages';
import { createRandom } from './scan/random';
import { median } from './scan/report';

const PROJECT_ROOT = join(import.meta.dirname, '..');
const rounds = Math.round(envNumber('BENCH_ROUNDS', 5));
const seed = envNumber('BENCH_SEED', 20261127, { allowZero: true });

const gc = (globalThis as { gc?: () => void }).gc;

// `|| 0` turns -0 (a few KB of noise below zero) into 0.
const mb = (bytes: number) => `${(Math.round(bytes / 1e5) / 10 || 0).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Heap and typed-array bytes in use, after two full collections when `gc` is exposed. */
function memory(collect: boolean): { heap: number; arrays: number } {
  if (collect) {
    gc?.();
    gc?.();
  }
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, arrays: usage.arrayBuffers };
}

function main() {
  const article = generateArticlePage({ seed, targetBytes: 5_000_000, mentions: 2_000 });
  const body = article.html.replace(/<(script|style)[\s\S]*?<\/\1>/g, '');
  const blocks = body
    .split(/<\/?(?:p|div|li|h\d|section|article|td|th|blockquote)\b[^>]*>/)
    .map((block) => block.replace(/<[^>]+>/g, ''))
    .filter((block) => block.trim() !== '');
  const text = blocks.join('');

  const bundled = readBundledPack(PROJECT_ROOT);
  const words = new Set([...article.html.matchAll(/\p{L}+/gu)].map(([word]) => word.toLowerCase()));
  const ten = [tenAliasPack(bundled)];
  const tenThousand = [
    tenAliasPack(bundled),
    fillerPack(9_990, createRandom(seed + 1), (word) => words.has(word.toLowerCase())),
  ];
  const configs: [string, typeof ten, CompileOptions][] = [
    ['10 aliases', ten, {}],
    ['10,000 aliases (lazy, as shipped)', tenThousand, {}],
    ['10,000 aliases (whole trie)', tenThousand, { lazyAbove: Infinity }],
  ];

  console.log(
    `Matcher benchmark: Node ${process.version}, ${rounds} rounds, article text ` +
      `${(text.length / 1e6).toFixed(1)} M code units in ${blocks.length.toLocaleString('en')} blocks` +
      (gc ? '' : ' (no --expose-gc: memory not measured)'),
  );
  console.log('');
  console.log(
    '| aliases | states after the scans | compile | allocated (heap + arrays) | kept (heap + arrays) | kept after the scans | candidate scan | findMatches, every block |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [label, list, options] of configs) {
    const organisations = list.flatMap((pack) =>
      pack.organisations.map((org) => ({
        key: `${pack.pack.id}/${org.id}`,
        name: org.name,
        aliases: org.aliases,
      })),
    );
    const compileMs: number[] = [];
    const allocated: number[][] = [];
    const kept: number[][] = [];
    const candidateMs: number[] = [];
    const matchMs: number[] = [];
    const keptAfterScans: number[][] = [];
    let matcher: Matcher = compileMatcher(organisations, options); // warm
    const keep: Matcher[] = [];
    for (let round = 0; round < rounds; round++) {
      const before = memory(true);
      const start = performance.now();
      matcher = compileMatcher(organisations, options);
      compileMs.push(performance.now() - start);
      const after = memory(false);
      keep.push(matcher);
      const settled = memory(true);
      allocated.push([after.heap - before.heap, after.arrays - before.arrays]);
      kept.push([settled.heap - before.heap, settled.arrays - before.arrays]);

      let t = performance.now();
      const scan = scanCandidates(matcher, text);
      while (!scan.step(65_536));
      candidateMs.push(performance.now() - t);
      t = performance.now();
      for (const block of blocks) matcher.findMatches(block);
      matchMs.push(performance.now() - t);
      const scanned = memory(true);
      keptAfterScans.push([scanned.heap - before.heap, scanned.arrays - before.arrays]);
    }
    const pair = (rows: number[][]) =>
      gc
        ? `${mb(median(rows.map((r) => (r[0] ?? 0) + (r[1] ?? 0))))} (${mb(median(rows.map((r) => r[0] ?? 0)))} + ${mb(median(rows.map((r) => r[1] ?? 0)))})`
        : '–';
    console.log(
      `| ${label} | ${matcher.size.states.toLocaleString('en')} | ${ms(median(compileMs))} | ` +
        `${pair(allocated)} | ${pair(kept)} | ${pair(keptAfterScans)} | ${ms(median(candidateMs))} | ${ms(median(matchMs))} |`,
    );
    keep.length = 0;
  }
  console.log('');
  console.log(
    'Medians of the rounds. "Allocated" is what one compile adds with no collection in between (a ' +
      'lower bound: young collections may run during it); "kept" is what stays after two full ' +
      'collections, with the matcher held, and after the scans (a lazy matcher grows its trie ' +
      'from the aliases whose keys the text holds). 10,000 aliases compile lazily (keys only) ' +
      'unless told otherwise; the whole-trie row is the same aliases compiled at once.',
  );
}

main();
