/**
 * Site rules: which pages Backstory runs on. Pure (only the standard `URL` parser), so the content
 * script, the popup, the options page and the background all decide the same way.
 *
 * A pattern is `[scheme://]host[:port][/path]`:
 * - `example.com` is that host only; `*.example.com` is the host and every subdomain of it.
 * - Hosts may be written in any script (`bücher.de`, `نمونه.ایران`): they are compared in their
 *   ASCII (punycode) form, which is how the browser reports a page's host.
 * - `:8080` limits the rule to that port; without a port any port matches.
 * - A path limits the rule to that path; `*` in it matches anything, so `example.com/news*` is
 *   every page under /news. Query strings and fragments are never looked at.
 * - `http://` or `https://` in front limits the rule to that scheme.
 */

/** Longest pattern accepted, in characters. */
export const SITE_PATTERN_MAX_LENGTH = 300;

/** A pattern, parsed once and ready to test URLs against. */
export interface SitePattern {
  /** The pattern as it is stored and shown: trimmed, scheme and host in lower case. */
  text: string;
  scheme?: 'http' | 'https';
  /** ASCII (punycode) host without the `*.`; IPv6 addresses keep their brackets. */
  host: string;
  /** True for `*.host`: the host itself and every subdomain. */
  subdomains: boolean;
  /** Explicit port, when the pattern names one. */
  port?: string;
  /** Anchored path matcher, when the pattern has a path. */
  path?: RegExp;
}

/** The outcome of parsing a pattern; `problem` says what is wrong, for the options page. */
export type SitePatternResult =
  { ok: true; pattern: SitePattern } | { ok: false; problem: SitePatternProblem };

/** Why a pattern was refused; the options page turns each into a sentence. */
export type SitePatternProblem =
  'empty' | 'too-long' | 'scheme' | 'wildcard' | 'host' | 'port' | 'whitespace';

/** The human-readable English reason for each problem, for validation messages and reports. */
export const SITE_PATTERN_PROBLEMS: Readonly<Record<SitePatternProblem, string>> = {
  empty: 'is empty',
  'too-long': `is longer than ${SITE_PATTERN_MAX_LENGTH} characters`,
  scheme: 'may only start with http:// or https://',
  wildcard: 'may only use * at the start of the host (*.example.com) or in the path',
  host: 'does not name a valid host',
  port: 'has a port that is not a number from 1 to 65535',
  whitespace: 'must not contain spaces',
};

const PATTERN = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\[[^\]/]*\]|[^:/]*)(?::([^/]*))?(\/.*)?$/i;

/** Parses a user's pattern; never throws. */
export function parseSitePattern(input: string): SitePatternResult {
  const text = input.trim();
  if (text.length === 0) return fail('empty');
  if (text.length > SITE_PATTERN_MAX_LENGTH) return fail('too-long');
  if (/\s/u.test(text)) return fail('whitespace');
  const parts = PATTERN.exec(text);
  if (!parts) return fail('host');
  const [, rawScheme, rawHost = '', rawPort, rawPath] = parts;
  const scheme = rawScheme?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return fail('scheme');

  let hostText = rawHost.toLowerCase().replace(/\.$/, '');
  const subdomains = hostText.startsWith('*.');
  if (subdomains) hostText = hostText.slice(2);
  if (hostText.includes('*')) return fail('wildcard');
  const host = asciiHost(hostText);
  if (host === undefined) return fail('host');

  let port: string | undefined;
  if (rawPort !== undefined) {
    if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) < 1 || Number(rawPort) > 65535) {
      return fail('port');
    }
    port = String(Number(rawPort));
  }

  let path: RegExp | undefined;
  if (rawPath !== undefined && rawPath !== '/*') {
    // The URL parser percent-encodes a path the way the browser reports a page's path, and leaves
    // `*` alone, so the glob is compared with `location.pathname` as the browser writes it.
    const encoded = new URL(`http://h${rawPath.replace(/[?#].*$/, '')}`).pathname;
    path = globToRegExp(encoded);
  }

  const shown =
    (scheme ? `${scheme}://` : '') +
    (subdomains ? '*.' : '') +
    hostText +
    (port ? `:${port}` : '') +
    (rawPath ?? '');
  return {
    ok: true,
    pattern: {
      text: shown,
      ...(scheme ? { scheme: scheme as 'http' | 'https' } : {}),
      host,
      subdomains,
      ...(port ? { port } : {}),
      ...(path ? { path } : {}),
    },
  };
}

/** True when `url` is one of the pages `pattern` describes. */
export function matchesSitePattern(url: URL | string, pattern: SitePattern): boolean {
  const page = toUrl(url);
  if (!page || (page.protocol !== 'http:' && page.protocol !== 'https:')) return false;
  const scheme = page.protocol.slice(0, -1);
  if (pattern.scheme && pattern.scheme !== scheme) return false;
  const host = page.hostname.replace(/\.$/, '');
  const hostMatches =
    host === pattern.host || (pattern.subdomains && host.endsWith(`.${pattern.host}`));
  if (!hostMatches) return false;
  if (pattern.port !== undefined) {
    const port = page.port || (scheme === 'https' ? '443' : '80');
    if (port !== pattern.port) return false;
  }
  return pattern.path ? pattern.path.test(page.pathname) : true;
}

/** The site rules of the settings, as stored. */
export interface SiteRules {
  mode: 'everywhere-except' | 'only-on';
  paused: readonly string[];
  only: readonly string[];
}

/** Site rules parsed once, for callers that test many URLs (the content script, each frame). */
export interface CompiledSiteRules {
  mode: SiteRules['mode'];
  paused: SitePattern[];
  only: SitePattern[];
}

/** Parses the stored rules once; patterns that no longer parse are left out. */
export function compileSiteRules(rules: SiteRules): CompiledSiteRules {
  const parse = (list: readonly string[]) =>
    list.flatMap((text) => {
      const result = parseSitePattern(text);
      return result.ok ? [result.pattern] : [];
    });
  return { mode: rules.mode, paused: parse(rules.paused), only: parse(rules.only) };
}

/**
 * Should Backstory run on `url`? A paused site never runs, whatever the mode, so the popup's
 * "pause on this site" works in both modes. In "only on" mode a page must also match a listed
 * site; pages that are not http(s) (files, for instance) cannot be listed, so they run only in
 * "everywhere except" mode.
 */
export function matchesSite(
  url: URL | string,
  settings: { sites: SiteRules | CompiledSiteRules },
): boolean {
  const rules = isCompiled(settings.sites) ? settings.sites : compileSiteRules(settings.sites);
  const page = toUrl(url);
  if (!page) return false;
  if (rules.paused.some((pattern) => matchesSitePattern(page, pattern))) return false;
  if (rules.mode === 'only-on')
    return rules.only.some((pattern) => matchesSitePattern(page, pattern));
  return true;
}

/**
 * The pattern that "pause on this site" adds for a page: its host as the user reads it, plus the
 * port when the address names one; undefined for pages that are not http(s).
 */
export function sitePatternForUrl(url: URL | string): string | undefined {
  const page = toUrl(url);
  if (!page || (page.protocol !== 'http:' && page.protocol !== 'https:')) return undefined;
  const host = page.hostname.replace(/\.$/, '');
  return page.port ? `${host}:${page.port}` : host;
}

/**
 * The paused list after pausing (adding the page's host unless a listed pattern already covers
 * the page) or resuming (removing every pattern that covers the page, so a page paused by
 * `*.example.com` can be resumed from the popup too) the site of `url`.
 */
export function withSitePaused(
  paused: readonly string[],
  url: URL | string,
  pause: boolean,
): string[] {
  const covers = (text: string) => {
    const parsed = parseSitePattern(text);
    return parsed.ok && matchesSitePattern(url, parsed.pattern);
  };
  if (!pause) return paused.filter((text) => !covers(text));
  if (paused.some(covers)) return [...paused];
  const pattern = sitePatternForUrl(url);
  return pattern ? [...paused, pattern] : [...paused];
}

function fail(problem: SitePatternProblem): SitePatternResult {
  return { ok: false, problem };
}

function toUrl(url: URL | string): URL | undefined {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function isCompiled(rules: SiteRules | CompiledSiteRules): rules is CompiledSiteRules {
  return [...rules.paused, ...rules.only].every((item) => typeof item !== 'string');
}

/** The ASCII form of a host as the URL parser writes it, or undefined when it is not a host. */
function asciiHost(host: string): string | undefined {
  if (host.length === 0) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(`http://${host}/`);
  } catch {
    return undefined;
  }
  const ascii = parsed.hostname;
  // Accept only what the parser kept as written (modulo IDN and case): "a@b" or "a\\b" would
  // parse as a different host entirely.
  if (/[@\\%]/.test(host)) return undefined;
  return ascii.length > 0 ? ascii : undefined;
}

function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}
