/** Summary statistics and the markdown-style tables the benchmark prints. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../tests/e2e/harness/builds';

/**
 * Writes every sample of a run to `test-results/bench/<name>.json` (pretty JSON) and says so.
 */
export async function saveSamples(name: string, data: unknown): Promise<void> {
  const dir = join(PROJECT_ROOT, 'test-results', 'bench');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.json`), JSON.stringify(data, null, 2));
  console.log(`Every sample: test-results/bench/${name}.json`);
}

/** The median of a list (mean of the middle two for even lengths); NaN when empty. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** A duration in ms for the table: `1,234`, or `12.5` under 100. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Math.abs(value) < 100 ? oneDecimal.format(value) : integer.format(value);
}

/** A count with thousands separators. */
export function count(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '–'
    : integer.format(value);
}

/** A ratio such as `12.3×`. */
export function ratio(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return `${value >= 10 ? integer.format(value) : value.toFixed(2)}×`;
}

/** `median [min–max]` of a series of ms figures. */
export function spread(values: readonly number[], sign = false): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return '–';
  const m = median(finite);
  const prefix = sign && m >= 0 ? '+' : '';
  if (finite.length === 1) return `${prefix}${ms(m)}`;
  return `${prefix}${ms(m)} [${ms(Math.min(...finite))}–${ms(Math.max(...finite))}]`;
}

/** A markdown table with a header row. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
