/** Which pages Backstory can read: browsers keep extensions out of their own pages and stores. */

const STORE_HOSTS = new Set(['chromewebstore.google.com', 'addons.mozilla.org']);

/** True for pages where content scripts can run; false for browser pages, stores and unknowns. */
export function isScannableUrl(url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) return false;
  if (STORE_HOSTS.has(parsed.hostname)) return false;
  return !(parsed.hostname === 'chrome.google.com' && parsed.pathname.startsWith('/webstore'));
}
