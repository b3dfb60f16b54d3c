/**
 * Per-tab mention reports in the background: kept in memory, mirrored to session storage so a
 * restarted MV3 service worker still knows them, and shown as the toolbar badge.
 */
import { browser } from 'wxt/browser';
import type { MentionReport, TabReport } from '../../utils/messaging';
import {
  badgeText,
  forgetTab,
  forgetTabIfUrlChanged,
  markNavigationStart,
  recordFrameReport,
  summariseTab,
  type FrameOrigin,
  type TabReportState,
} from '../../utils/tabs/reports';

const SESSION_KEY = 'tabReports';

/** The badge API: `action` in MV3, `browserAction` in Firefox's MV2 build. */
function badgeApi() {
  return (
    browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction
  );
}

/** Creates the tab report service; call `listen()` once, synchronously, at background start. */
export function createTabService() {
  let state: TabReportState = {};
  // Session storage survives service-worker restarts but not browser restarts, like tabs themselves.
  const loaded = browser.storage.session
    .get(SESSION_KEY)
    .then((stored) => {
      const saved = stored[SESSION_KEY] as TabReportState | undefined;
      if (saved && typeof saved === 'object') state = { ...saved, ...state };
    })
    .catch(() => undefined);

  let saveQueued = false;
  function persist() {
    if (saveQueued) return;
    saveQueued = true;
    queueMicrotask(() => {
      saveQueued = false;
      void browser.storage.session.set({ [SESSION_KEY]: state }).catch(() => undefined);
    });
  }

  async function showBadge(tabId: number) {
    const report = summariseTab(state, tabId);
    const api = badgeApi();
    await Promise.all([
      api.setBadgeText({ tabId, text: badgeText(report?.count ?? 0) }),
      api.setBadgeBackgroundColor({ tabId, color: '#0b5cad' }),
    ]).catch(() => undefined); // The tab may have closed in the meantime.
  }

  return {
    async record(origin: FrameOrigin, report: MentionReport): Promise<void> {
      await loaded;
      state = recordFrameReport(state, origin, report);
      persist();
      await showBadge(origin.tabId);
    },
    async get(tabId: number): Promise<TabReport | null> {
      await loaded;
      return summariseTab(state, tabId);
    },
    /** Registers the tab listeners; must run synchronously at start for MV3 to wake us. */
    listen() {
      browser.tabs.onRemoved.addListener((tabId) => {
        state = forgetTab(state, tabId);
        persist();
      });
      browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
        const { url, status } = changeInfo;
        if (!url && status !== 'loading') return;
        void loaded.then(() => {
          // A document starts loading: its iframes' reports must not be mixed with the old ones.
          const marked = status === 'loading' ? markNavigationStart(state, tabId) : state;
          const next = url ? forgetTabIfUrlChanged(marked, tabId, url) : marked;
          if (next === state) return;
          const forgotten = next[tabId] === undefined && state[tabId] !== undefined;
          state = next;
          persist();
          if (forgotten) void showBadge(tabId);
        });
      });
    },
  };
}
