import { describe, expect, it } from 'vitest';
import { pageStateFor } from '../../../components/popup/page-state';
import type { TabReport } from '../../../utils/messaging';

const REPORT: TabReport = {
  tabId: 1,
  url: 'https://news.example/a',
  count: 0,
  organisations: [],
  snippets: [],
};

describe('pageStateFor', () => {
  it.each([
    ['no tab', null, { kind: 'restricted', reason: 'browser' }],
    ['a tab whose URL the browser hides', {}, { kind: 'restricted', reason: 'browser' }],
    ['about:blank', { url: 'about:blank' }, { kind: 'restricted', reason: 'browser' }],
    [
      'chrome://extensions',
      { url: 'chrome://extensions/' },
      { kind: 'restricted', reason: 'browser' },
    ],
    [
      'an extension page',
      { url: 'moz-extension://abc/popup.html' },
      { kind: 'restricted', reason: 'browser' },
    ],
    [
      'the Chrome Web Store',
      { url: 'https://chromewebstore.google.com/detail/x' },
      { kind: 'restricted', reason: 'store' },
    ],
    [
      'addons.mozilla.org',
      { url: 'https://addons.mozilla.org/en-US/firefox/' },
      { kind: 'restricted', reason: 'store' },
    ],
  ])('%s, without a report, is restricted', (_name, tab, state) => {
    expect(pageStateFor(tab, null)).toEqual(state);
  });

  it('trusts a report over a URL it cannot see', () => {
    expect(pageStateFor({}, REPORT)).toEqual({ kind: 'report', report: REPORT });
  });

  it('reports a paused site before anything it reported, naming it from the report if need be', () => {
    expect(pageStateFor({ url: 'https://news.example/a' }, REPORT, true)).toEqual({
      kind: 'paused',
      host: 'news.example',
    });
    expect(pageStateFor({}, REPORT, true)).toEqual({ kind: 'paused', host: 'news.example' });
    expect(pageStateFor({}, null, true)).toEqual({ kind: 'paused', host: undefined });
  });

  it('gives the report, or says the page was not read', () => {
    expect(pageStateFor({ url: 'https://news.example/a' }, REPORT)).toEqual({
      kind: 'report',
      report: REPORT,
    });
    expect(pageStateFor({ url: 'https://news.example/a' }, null)).toEqual({ kind: 'not-scanned' });
  });
});
