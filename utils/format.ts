/** Formatting of pack values for display, pure so it reads the same in every part of the UI. */

/**
 * Formats a pack date (YYYY, YYYY-MM, YYYY-MM-DD or ISO date-time) for people, keeping its
 * precision: "2013" stays a year, "2013-06" a month. Unknown shapes are returned as written.
 */
export function formatPackDate(value: string, locale: string): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!match) return value;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m ?? 1) - 1, Number(d ?? 1)));
  if (Number.isNaN(date.getTime())) return value;
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', timeZone: 'UTC' };
  if (m) options.month = d ? 'short' : 'long';
  if (d) options.day = 'numeric';
  try {
    return new Intl.DateTimeFormat(locale || undefined, options).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }
}
