/**
 * Helpers for the mention detection e2e tests: read what the content script drew from the page's
 * own world (`CSS.highlights` is shared between worlds), and what the background shows for a tab
 * (its report and toolbar badge) from an extension page.
 */
import type { TestPage } from './harness';

/** The aliases of long-page.html's mentions in reading order, with the bundled pack alone. */
export const LONG_PAGE_ALIASES = [
  'PMOI',
  'PMOI',
  'National Council of Resistance of Iran',
  'MKO',
  'Mujahedin Khalq',
];

/** One drawn range, as a reader sees it. */
export interface DrawnRange {
  /** The highlight's registry name, e.g. `backstory-bg-3`. */
  name: string;
  /** The text the range covers. */
  text: string;
  /** False when the range's text has left the page (a range left behind by a re-render). */
  connected: boolean;
}

/**
 * Runs in the page: every range registered under a `backstory-` name, in reading order (shadow
 * trees where their host is), with its text. A `StaticRange` has no `toString()`, so a live
 * `Range` is built from its boundary points to read the text. `frameSelector` reads a
 * same-origin iframe's registry instead.
 */
function readDrawnRanges(frameSelector: string | null): DrawnRange[] {
  const view = (
    frameSelector
      ? (document.querySelector(frameSelector) as HTMLIFrameElement | null)?.contentWindow
      : window
  ) as typeof window | null | undefined;
  if (!view) throw new Error(`no frame ${frameSelector ?? ''}`);
  const doc = view.document;
  // Child indexes from the document down; a shadow root sorts before its host's light children.
  const positionOf = (node: Node, offset: number): number[] => {
    const path = [offset];
    let current: Node | null = node;
    while (current) {
      const parent: Node | null = current.parentNode;
      if (parent) {
        path.unshift([...parent.childNodes].indexOf(current as ChildNode));
        current = parent;
      } else if ('host' in current) {
        path.unshift(-1);
        current = (current as ShadowRoot).host;
      } else current = null;
    }
    return path;
  };
  const compare = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = (a[i] ?? 0) - (b[i] ?? 0);
      if (d !== 0) return d;
    }
    return a.length - b.length;
  };
  const ranges: (DrawnRange & { position: number[] })[] = [];
  for (const [name, highlight] of view.CSS.highlights) {
    if (!name.startsWith('backstory-')) continue;
    for (const range of highlight as unknown as Iterable<AbstractRange>) {
      let text: string;
      try {
        const live = doc.createRange();
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
        text = live.toString();
      } catch (error) {
        text = `(invalid range: ${String(error)})`;
      }
      ranges.push({
        name,
        text,
        connected: range.startContainer.isConnected && range.endContainer.isConnected,
        position: positionOf(range.startContainer, range.startOffset),
      });
    }
  }
  return ranges
    .sort((a, b) => compare(a.position, b.position))
    .map(({ name, text, connected }) => ({ name, text, connected }));
}

/** The ranges Backstory drew in `page` (or in its iframe matching `frameSelector`). */
export function drawnRanges(page: TestPage, frameSelector: string | null = null) {
  return page.evaluate(readDrawnRanges, frameSelector);
}

/**
 * The texts Backstory highlighted in `page`, in reading order, with runs of whitespace as one
 * space (fixture markup wraps lines; a range over "Mujahedin-e⏎Khalq" is still right).
 */
export async function highlightedTexts(
  page: TestPage,
  frameSelector: string | null = null,
): Promise<string[]> {
  return (await drawnRanges(page, frameSelector)).map((range) => range.text.replace(/\s+/g, ' '));
}

/**
 * Runs in the page: for each drawn range, the background colour the browser computes for its
 * highlight on the element holding the range's start, i.e. what the `::highlight()` rules paint
 * there (transparent when no rule reaches that element: a document's universal rules in a shadow
 * tree in Firefox, or root-anchored rules in a browser without highlight inheritance).
 */
function readHighlightPaint(): string[] {
  const colours: string[] = [];
  for (const [name, highlight] of CSS.highlights) {
    if (!name.startsWith('backstory-')) continue;
    for (const range of highlight as unknown as Iterable<AbstractRange>) {
      const node = range.startContainer;
      const element = node instanceof Element ? node : node.parentElement;
      colours.push(
        element ? getComputedStyle(element, `::highlight(${name})`).backgroundColor : 'no element',
      );
    }
  }
  return colours;
}

/** The computed `::highlight()` background of every drawn range in `page` (any order). */
export function highlightPaint(page: TestPage): Promise<string[]> {
  return page.evaluate(readHighlightPaint);
}

/** What the background shows for the tab whose top frame last reported `url`. */
export interface TabState {
  tabId: number;
  /** The toolbar badge text for the tab ('' when none). */
  badge: string;
  /** The tab report's mention count. */
  count: number;
  snippets: { orgKey: string; alias: string; text: string; reason?: { kind: string } }[];
}

/**
 * Runs in an extension page: finds the tab whose report is for `url` (asking the background,
 * which needs no `tabs` permission to know a tab's URL) and reads its badge. The benchmarks use
 * it too, with their own extension page.
 */
export async function readTabState(url: string): Promise<TabState | null> {
  type Api = {
    tabs: { query(query: object): Promise<{ id?: number }[]> };
    runtime: { sendMessage(message: unknown): Promise<unknown> };
    action?: { getBadgeText(details: { tabId: number }): Promise<string> };
    browserAction?: { getBadgeText(details: { tabId: number }): Promise<string> };
  };
  const scope = globalThis as unknown as { browser?: Api; chrome: Api };
  const api = scope.browser ?? scope.chrome;
  const badgeApi = api.action ?? api.browserAction;
  if (!badgeApi) throw new Error('no badge API');
  for (const tab of await api.tabs.query({})) {
    if (tab.id === undefined) continue;
    const reply = (await api.runtime.sendMessage({
      type: 'ui:get-tab-report',
      payload: { tabId: tab.id },
    })) as { ok: boolean; value?: { url: string; count: number; snippets: TabState['snippets'] } };
    if (!reply.ok || reply.value?.url !== url) continue;
    const badge = await badgeApi.getBadgeText({ tabId: tab.id });
    return { tabId: tab.id, badge, count: reply.value.count, snippets: reply.value.snippets };
  }
  return null;
}

/** The report and badge of the tab showing `url`, read through `extensionPage`. */
export function tabState(extensionPage: TestPage, url: string): Promise<TabState | null> {
  return extensionPage.evaluate(readTabState, url);
}

/** Runs in an extension page: the badge text of one tab. */
async function readBadge(tabId: number): Promise<string> {
  type BadgeApi = { getBadgeText(details: { tabId: number }): Promise<string> };
  const scope = globalThis as unknown as Record<string, Record<string, BadgeApi> | undefined>;
  const api = scope.browser ?? scope.chrome;
  const badgeApi = api?.action ?? api?.browserAction;
  if (!badgeApi) throw new Error('no badge API');
  return badgeApi.getBadgeText({ tabId });
}

/** The badge text of tab `tabId`, read through `extensionPage`. */
export function badgeOf(extensionPage: TestPage, tabId: number): Promise<string> {
  return extensionPage.evaluate(readBadge, tabId);
}

/** Runs in an extension page: switches a pack on or off as the popup's switch does. */
async function switchPack(args: { packId: string; enabled: boolean }): Promise<unknown> {
  type Api = { runtime: { sendMessage(message: unknown): Promise<unknown> } };
  const scope = globalThis as unknown as { browser?: Api; chrome: Api };
  const api = scope.browser ?? scope.chrome;
  return api.runtime.sendMessage({ type: 'ui:set-pack-enabled', payload: args });
}

/** Switches a pack on or off through `extensionPage`. */
export function setPackEnabled(extensionPage: TestPage, packId: string, enabled: boolean) {
  return extensionPage.evaluate(switchPack, { packId, enabled });
}

/** The mutations the page's own observer recorded (see fixtures/pages/page-mutations.js). */
export function pageMutations(page: TestPage): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { pageMutations: string[] }).pageMutations);
}
