import { describe, expect, it } from 'vitest';
import type { MentionReport } from '../../../utils/messaging';
import {
  badgeText,
  forgetTab,
  forgetTabIfUrlChanged,
  markNavigationStart,
  MAX_TAB_SNIPPETS,
  recordFrameReport,
  summariseTab,
  type TabReportState,
} from '../../../utils/tabs/reports';
import { isScannableUrl } from '../../../utils/tabs/scannable';

function report(count: number, org = 'p/mko'): MentionReport {
  return {
    count,
    organisations: count ? [{ key: org, count }] : [],
    snippets: Array.from({ length: count }, (_, i) => ({
      orgKey: org,
      alias: 'MKO',
      text: `s${i}`,
    })),
  };
}

const top = { tabId: 1, frameId: 0, frameUrl: 'https://a.example/x', documentId: 'doc-1' };

describe('tab reports', () => {
  it('sums the frames of a tab', () => {
    let state: TabReportState = {};
    state = recordFrameReport(state, top, report(2));
    state = recordFrameReport(
      state,
      { ...top, frameId: 5, frameUrl: 'https://b.example/frame', documentId: 'doc-f' },
      report(3, 'p/ncri'),
    );
    expect(summariseTab(state, 1)).toMatchObject({
      tabId: 1,
      url: 'https://a.example/x',
      count: 5,
      organisations: [
        { key: 'p/ncri', count: 3 },
        { key: 'p/mko', count: 2 },
      ],
    });
  });

  it('replaces a frame’s earlier report', () => {
    let state = recordFrameReport({}, top, report(2));
    state = recordFrameReport(state, top, report(4));
    expect(summariseTab(state, 1)?.count).toBe(4);
  });

  it('starts afresh for a new top document (reload) or a new top URL (SPA navigation)', () => {
    let state = recordFrameReport({}, top, report(2));
    state = recordFrameReport(state, { ...top, frameId: 3, documentId: 'f' }, report(1));
    const reloaded = recordFrameReport(state, { ...top, documentId: 'doc-2' }, report(1));
    expect(summariseTab(reloaded, 1)?.count).toBe(1);
    const navigated = recordFrameReport(
      state,
      { ...top, frameUrl: 'https://a.example/y' },
      report(0),
    );
    expect(summariseTab(navigated, 1)).toMatchObject({ url: 'https://a.example/y', count: 0 });
  });

  it('keeps an iframe’s report that arrives before its top frame’s first one', () => {
    const frame = { ...top, frameId: 4, frameUrl: 'https://b.example/f', documentId: 'f' };
    let state = recordFrameReport({}, frame, report(3));
    // Not shown before the top frame reports (the tab is not scanned yet)...
    expect(summariseTab(state, 1)).toBeNull();
    state = recordFrameReport(state, top, report(2));
    // ...then counted with it.
    expect(summariseTab(state, 1)).toMatchObject({ url: top.frameUrl, count: 5 });
  });

  it('after a reload keeps the new iframes’ reports and drops the old ones', () => {
    let state = recordFrameReport({}, top, report(2));
    state = recordFrameReport(state, { ...top, frameId: 4, documentId: 'old-f' }, report(1));
    state = markNavigationStart(state, 1);
    // The old page still shows until the new top frame reports.
    expect(summariseTab(state, 1)?.count).toBe(3);
    state = recordFrameReport(state, { ...top, frameId: 7, documentId: 'new-f' }, report(5));
    state = recordFrameReport(state, { ...top, documentId: 'doc-2' }, report(1));
    expect(summariseTab(state, 1)?.count).toBe(6);
  });

  it('keeps the frames when a navigation start turns out to be the same document', () => {
    let state = recordFrameReport({}, top, report(2));
    state = recordFrameReport(state, { ...top, frameId: 4, documentId: 'f' }, report(1));
    state = markNavigationStart(state, 1);
    expect(markNavigationStart(state, 1)).toBe(state);
    state = recordFrameReport(state, { ...top, frameId: 5, documentId: 'g' }, report(4));
    state = recordFrameReport(state, top, report(2));
    expect(summariseTab(state, 1)?.count).toBe(7);
    expect(markNavigationStart({}, 1)).toEqual({});
  });

  it('does not start afresh when only the fragment changes', () => {
    let state = recordFrameReport({}, top, report(2));
    state = recordFrameReport(state, { ...top, frameUrl: `${top.frameUrl}#part-2` }, report(2));
    state = recordFrameReport(state, { ...top, frameId: 2, documentId: 'f' }, report(1));
    expect(summariseTab(state, 1)?.count).toBe(3);
    expect(forgetTabIfUrlChanged(state, 1, `${top.frameUrl}#other`)).toBe(state);
  });

  it('forgets a tab that moved to another URL, and closed tabs', () => {
    const state = recordFrameReport({}, top, report(2));
    expect(summariseTab(forgetTabIfUrlChanged(state, 1, 'https://c.example/'), 1)).toBeNull();
    expect(summariseTab(forgetTab(state, 1), 1)).toBeNull();
    expect(forgetTab(state, 99)).toBe(state);
  });

  it('keeps tabs apart', () => {
    let state = recordFrameReport({}, top, report(2));
    state = recordFrameReport(state, { ...top, tabId: 2 }, report(7));
    expect(summariseTab(state, 1)?.count).toBe(2);
    expect(summariseTab(state, 2)?.count).toBe(7);
  });

  it('caps the snippets a tab keeps', () => {
    let state: TabReportState = {};
    for (let frame = 0; frame < 3; frame++) {
      state = recordFrameReport(
        state,
        { ...top, frameId: frame, documentId: `d${frame}` },
        report(400),
      );
    }
    expect(summariseTab(state, 1)?.snippets).toHaveLength(MAX_TAB_SNIPPETS);
  });
});

describe('badgeText', () => {
  it.each([
    [0, ''],
    [1, '1'],
    [999, '999'],
    [1000, '1k+'],
    [12_345, '12k+'],
    [5_000_000, '99k+'],
  ])('%i → %j', (count, text) => {
    expect(badgeText(count)).toBe(text);
  });
});

describe('isScannableUrl', () => {
  it.each([
    ['https://news.example/a', true],
    ['http://127.0.0.1:8080/x.html', true],
    ['file:///home/me/page.html', true],
    ['chrome://settings', false],
    ['about:addons', false],
    ['moz-extension://uuid/popup.html', false],
    ['chrome-extension://id/popup.html', false],
    ['https://chromewebstore.google.com/detail/x', false],
    ['https://chrome.google.com/webstore/detail/x', false],
    ['https://chrome.google.com/search', true],
    ['https://addons.mozilla.org/en-US/firefox/', false],
    ['view-source:https://a.example', false],
    [undefined, false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isScannableUrl(url)).toBe(expected);
  });
});
