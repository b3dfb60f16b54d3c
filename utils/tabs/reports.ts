/**
 * Per-tab mention results: each frame of a tab reports what it found, and the tab's report is the
 * sum of its frames. Pure state, so the background can keep it in memory and mirror it to session
 * storage (MV3 service workers stop and restart).
 */
import type { MentionReport, TabReport } from '../messaging';

/** The reports of one tab's frames, keyed by frame id. */
export interface TabFrames {
  /** URL of the tab's top frame. */
  url: string;
  /** The top frame's document; a report from a new top document starts the tab afresh. */
  documentId: string;
  frames: Record<string, MentionReport>;
  /**
   * Reports from subframes that arrived after the top frame started loading a new document (or
   * before the tab's first top-frame report), keyed by frame id. They belong to the coming
   * document: iframes often finish scanning before their parent, and without this bucket the top
   * frame's first report would start the tab afresh and drop them.
   */
  incoming?: Record<string, MentionReport>;
}

/** All tabs' frame reports, keyed by tab id (plain data, so it can be stored as JSON). */
export type TabReportState = Record<string, TabFrames>;

/** Most snippets kept for one tab: enough for the popup, bounded for hostile pages. */
export const MAX_TAB_SNIPPETS = 500;

/** Where a report came from. */
export interface FrameOrigin {
  tabId: number;
  frameId: number;
  frameUrl: string;
  documentId: string;
}

/**
 * Records one frame's report. A report from a new top-frame document (reload, navigation) or a new
 * top-frame URL (single-page-app navigation) starts the tab afresh, keeping only the subframe
 * reports that came in for the new document (see {@link TabFrames.incoming}).
 */
export function recordFrameReport(
  state: TabReportState,
  origin: FrameOrigin,
  report: MentionReport,
): TabReportState {
  const { tabId, frameId, frameUrl, documentId } = origin;
  const current = state[tabId];
  if (frameId !== 0) {
    const tab: TabFrames = !current
      ? { url: '', documentId: '', frames: {}, incoming: { [frameId]: report } }
      : current.incoming
        ? { ...current, incoming: { ...current.incoming, [frameId]: report } }
        : { ...current, frames: { ...current.frames, [frameId]: report } };
    return { ...state, [tabId]: tab };
  }
  const sameDocument =
    current !== undefined &&
    current.documentId === documentId &&
    withoutHash(current.url) === withoutHash(frameUrl);
  const frames = {
    ...(sameDocument ? current.frames : {}),
    ...current?.incoming,
    [frameId]: report,
  };
  return { ...state, [tabId]: { url: frameUrl, documentId, frames } };
}

/**
 * Notes that a tab's top frame started loading a document: subframe reports from now on wait for
 * the new top frame's first report, which keeps them and drops the old document's frames.
 */
export function markNavigationStart(state: TabReportState, tabId: number): TabReportState {
  const current = state[tabId];
  if (!current || current.incoming) return state;
  return { ...state, [tabId]: { ...current, incoming: {} } };
}

/** Forgets a tab's report when its top frame moves to another URL than the one reported. */
export function forgetTabIfUrlChanged(
  state: TabReportState,
  tabId: number,
  url: string,
): TabReportState {
  const current = state[tabId];
  return current && withoutHash(current.url) !== withoutHash(url) ? forgetTab(state, tabId) : state;
}

/** A URL without its fragment: moving between anchors of one page is not a navigation. */
function withoutHash(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/** Forgets a tab (closed, or navigated to a new document). */
export function forgetTab(state: TabReportState, tabId: number): TabReportState {
  if (!(tabId in state)) return state;
  return Object.fromEntries(Object.entries(state).filter(([key]) => key !== String(tabId)));
}

/** Merges a tab's frames into the report the popup and badge show; null when not scanned yet. */
export function summariseTab(state: TabReportState, tabId: number): TabReport | null {
  const tab = state[tabId];
  // Until its top frame reports, a tab is not scanned yet (its iframes' reports wait).
  if (!tab?.documentId) return null;
  const byOrg = new Map<string, number>();
  let count = 0;
  const snippets: TabReport['snippets'] = [];
  // Top frame first, then the others in frame-id order, so snippets follow the page's reading order.
  const frameIds = Object.keys(tab.frames).sort((a, b) => Number(a) - Number(b));
  for (const id of frameIds) {
    const frame = tab.frames[id];
    if (!frame) continue;
    count += frame.count;
    for (const org of frame.organisations)
      byOrg.set(org.key, (byOrg.get(org.key) ?? 0) + org.count);
    for (const snippet of frame.snippets) {
      if (snippets.length >= MAX_TAB_SNIPPETS) break;
      snippets.push(snippet);
    }
  }
  return {
    tabId,
    url: tab.url,
    count,
    organisations: [...byOrg]
      .map(([key, n]) => ({ key, count: n }))
      .sort((a, b) => b.count - a.count),
    snippets,
  };
}

/** The toolbar badge text for a mention count: empty for none, compact for large numbers. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  if (count < 1000) return String(count);
  return `${Math.min(99, Math.floor(count / 1000))}k+`;
}
