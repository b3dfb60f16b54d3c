/** Reading the benchmarks' settings from environment variables. */

/**
 * The number in the environment variable `name`, or `fallback` when it is unset or empty. Zero is
 * accepted only with `allowZero` (a count of optional rounds, say); anything else that is not a
 * finite number above zero stops the run with a message naming the variable.
 */
export function envNumber(name: string, fallback: number, { allowZero = false } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  const ok = Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw new Error(`${name} must be a number ${allowZero ? '≥ 0' : '> 0'}`);
  return value;
}
