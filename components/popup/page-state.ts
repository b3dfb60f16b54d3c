/** What the popup knows about the tab it is about, decided from the tab and its report. */
import type { TabReport } from '../../utils/messaging';
import { isScannableUrl } from '../../utils/tabs/scannable';

/** The state "On this page" shows. */
export type PageState =
  | { kind: 'loading' }
  /** Extensions cannot run there: the browser's own pages, or an add-on store. */
  | { kind: 'restricted'; reason: 'browser' | 'store' }
  /** The user paused Backstory on this site (`host` when known). */
  | { kind: 'paused'; host?: string }
  /** A readable page Backstory has not reported on (opened before the extension was installed). */
  | { kind: 'not-scanned' }
  | { kind: 'report'; report: TabReport };

/**
 * Decides the state for a tab. A report wins: the tab's URL is often unknown (without the `tabs`
 * permission the browser hides it), while a report proves the content script runs there. Without
 * a report, a URL content scripts cannot reach, or no URL at all, is restricted; a readable one
 * was not scanned yet. A paused site says so instead of either.
 */
export function pageStateFor(
  tab: { url?: string } | null,
  report: TabReport | null,
  paused = false,
): PageState {
  const url = tab?.url ?? report?.url;
  if (tab && paused) return { kind: 'paused', host: hostOf(url) };
  if (report) return { kind: 'report', report };
  if (!tab || !isScannableUrl(url)) {
    return { kind: 'restricted', reason: isWebUrl(url) ? 'store' : 'browser' };
  }
  return { kind: 'not-scanned' };
}

/** An http(s) page that is still not scannable can only be a store the browser protects. */
function isWebUrl(url: string | undefined): boolean {
  return url !== undefined && /^https?:\/\//i.test(url);
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname || undefined : undefined;
  } catch {
    return undefined;
  }
}
