import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../utils/settings/model';
import {
  compileSiteRules,
  matchesSite,
  matchesSitePattern,
  parseSitePattern,
  sitePatternForUrl,
  withSitePaused,
} from '../../../utils/settings/sites';

function pattern(text: string) {
  const parsed = parseSitePattern(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.problem}`);
  return parsed.pattern;
}

describe('parseSitePattern', () => {
  it.each([
    ['example.com', 'example.com'],
    ['  Example.COM  ', 'example.com'],
    ['*.Example.com', '*.example.com'],
    ['HTTPS://example.com/News*', 'https://example.com/News*'],
    ['example.com:8080', 'example.com:8080'],
    ['example.com:08080', 'example.com:8080'],
    ['example.com.', 'example.com'],
    ['bücher.de', 'bücher.de'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]:3000', '[::1]:3000'],
    ['localhost', 'localhost'],
  ])('accepts %j as %j', (input, text) => {
    expect(pattern(input).text).toBe(text);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['x'.repeat(301), 'too-long'],
    ['ftp://example.com', 'scheme'],
    ['javascript://example.com', 'scheme'],
    ['example.*', 'wildcard'],
    ['ex*ample.com', 'wildcard'],
    ['*', 'wildcard'],
    ['example.com:0', 'port'],
    ['example.com:70000', 'port'],
    ['example.com:http', 'port'],
    ['exa mple.com', 'whitespace'],
    ['user@example.com', 'host'],
    ['exa%41mple.com', 'host'],
    [':8080', 'host'],
  ])('refuses %j (%s)', (input, problem) => {
    const parsed = parseSitePattern(input);
    expect(parsed.ok ? 'accepted' : parsed.problem).toBe(problem);
  });
});

describe('matchesSitePattern', () => {
  it.each([
    ['example.com', 'https://example.com/', true],
    ['example.com', 'http://example.com:8080/a?b#c', true],
    ['example.com', 'https://www.example.com/', false],
    ['example.com', 'https://notexample.com/', false],
    ['example.com', 'https://example.com.evil.test/', false],
    ['*.example.com', 'https://example.com/', true],
    ['*.example.com', 'https://a.b.example.com/', true],
    ['*.example.com', 'https://badexample.com/', false],
    ['example.com/news*', 'https://example.com/news', true],
    ['example.com/news*', 'https://example.com/news/today', true],
    ['example.com/news*', 'https://example.com/sport/news', false],
    ['example.com/news', 'https://example.com/news/today', false],
    ['example.com/news', 'https://example.com/news?page=2', true],
    ['example.com/*/comments', 'https://example.com/post/comments', true],
    ['example.com/خبر*', 'https://example.com/خبر/1', true],
    ['example.com/%D8%AE%D8%A8%D8%B1', 'https://example.com/خبر', true],
    ['example.com/*', 'https://example.com/anything', true],
    ['example.com:8080', 'http://example.com:8080/', true],
    ['example.com:8080', 'http://example.com/', false],
    ['example.com:443', 'https://example.com/', true],
    ['example.com:80', 'https://example.com/', false],
    ['https://example.com', 'http://example.com/', false],
    ['https://example.com', 'https://example.com/', true],
    ['bücher.de', 'https://xn--bcher-kva.de/', true],
    ['xn--bcher-kva.de', 'https://bücher.de/', true],
    ['*.نمونه.ایران', 'https://خبر.نمونه.ایران/', true],
    ['Example.COM', 'https://EXAMPLE.com/', true],
    ['example.com', 'https://example.com./', true],
    ['127.0.0.1', 'http://127.0.0.1:5173/x', true],
    ['[::1]', 'http://[::1]/', true],
    ['example.com', 'file:///example.com/', false],
    ['example.com', 'not a url', false],
  ])('%s on %s → %s', (text, url, expected) => {
    expect(matchesSitePattern(url, pattern(text))).toBe(expected);
  });
});

function withSites(sites: Partial<Settings['sites']>): Settings {
  const settings = defaultSettings();
  return { ...settings, sites: { ...settings.sites, ...sites } };
}

describe('matchesSite: should Backstory run here?', () => {
  it.each([
    ['everywhere by default', withSites({}), 'https://news.example/', true],
    [
      'not on a paused site',
      withSites({ paused: ['news.example'] }),
      'https://news.example/a',
      false,
    ],
    ['on other sites', withSites({ paused: ['news.example'] }), 'https://other.example/', true],
    [
      'only-on: a listed site',
      withSites({ mode: 'only-on', only: ['*.news.example'] }),
      'https://www.news.example/',
      true,
    ],
    [
      'only-on: not an unlisted site',
      withSites({ mode: 'only-on', only: ['news.example'] }),
      'https://other.example/',
      false,
    ],
    [
      'only-on: a paused page of a listed site',
      withSites({ mode: 'only-on', only: ['*.news.example'], paused: ['news.example/live*'] }),
      'https://news.example/live/today',
      false,
    ],
    [
      'only-on with an empty list runs nowhere',
      withSites({ mode: 'only-on' }),
      'https://a.b/',
      false,
    ],
    ['file pages run everywhere-except', withSites({}), 'file:///tmp/a.html', true],
    [
      'file pages never run only-on',
      withSites({ mode: 'only-on', only: ['a.b'] }),
      'file:///a',
      false,
    ],
    [
      'an unparsable stored pattern is skipped',
      withSites({ paused: ['ex*ample'] }),
      'https://ex.ample/',
      true,
    ],
    ['a bad URL never runs', withSites({}), '::nonsense', false],
  ])('%s', (_name, settings, url, expected) => {
    expect(matchesSite(url, settings)).toBe(expected);
    // The compiled form gives the same answer.
    expect(matchesSite(url, { sites: compileSiteRules(settings.sites) })).toBe(expected);
  });
});

describe('pause on this site', () => {
  it.each([
    ['https://www.news.example/a?b', 'www.news.example'],
    ['http://127.0.0.1:8080/x', '127.0.0.1:8080'],
    ['https://xn--bcher-kva.de/', 'xn--bcher-kva.de'],
    ['about:blank', undefined],
    ['chrome://extensions', undefined],
  ])('the pattern for %s is %j', (url, expected) => {
    expect(sitePatternForUrl(url)).toBe(expected);
  });

  it('pausing adds the host once; resuming removes every pattern that covers the page', () => {
    const url = 'https://www.news.example/story';
    const paused = withSitePaused(['other.example'], url, true);
    expect(paused).toEqual(['other.example', 'www.news.example']);
    expect(withSitePaused(paused, url, true)).toEqual(paused);
    expect(withSitePaused(['*.news.example'], url, true)).toEqual(['*.news.example']);
    expect(
      withSitePaused(['*.news.example', 'www.news.example', 'other.example'], url, false),
    ).toEqual(['other.example']);
  });
});
