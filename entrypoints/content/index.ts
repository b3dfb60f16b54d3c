/**
 * The content script: scans every frame for mentions, highlights them and reports to the
 * background. Wiring only; the scanner (scanner.ts) and the pure modules in utils/scanning/ do
 * the work. Every listener, observer and timer is bound to WXT's `ctx`, so disabling the
 * extension or updating it leaves nothing behind on the page (the highlights are erased too).
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { compileMatcherInSlices } from '../../utils/matching/matcher';
import { type Envelope, parseBackgroundMessage, sendRequest } from '../../utils/messaging';
import { highlightNamer } from '../../utils/scanning/highlight-style';
import { defaultSettings, type Settings } from '../../utils/settings/model';
import { compileSiteRules, matchesSite } from '../../utils/settings/sites';
import { loadSettings, watchSettings } from '../../utils/settings/storage';
import { createThrottle } from '../../utils/scanning/throttle';
import { createSignalTimers } from '../../utils/signal-timers';
import { createBrowserSliceHost } from './browser-host';
import { startHoverCards } from './card';
import { removeOnInvalidated } from './extension-listeners';
import { createHighlighter } from './highlights';
import { type PageScanner, createPageScanner } from './scanner';
import { createShadowStyles } from './shadow-styles';
import './style.css';
import highlightCss from './style.css?raw';

/** At most one report per this many ms while the page keeps changing. */
const REPORT_INTERVAL_MS = 500;
/** When to look again for shadow roots attached late (ms after the previous look). */
const SHADOW_RECHECK_MS = [1_000, 2_000, 5_000, 15_000];
/** The protocol's limit on a frame URL. */
const MAX_FRAME_URL = 8_192;

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  // Frames without an address of their own (srcdoc, about:blank filled in by the page's script)
  // belong to the page that made them: Backstory reads them too.
  matchAboutBlank: true,
  runAt: 'document_idle',
  // The ::highlight() rules go in the manifest, so they exist before the page's first paint and
  // never appear in the page's DOM.
  cssInjectionMode: 'manifest',
  main(ctx) {
    // An empty top-level tab (about:blank) has nothing to read; only frames that a page made
    // (srcdoc, about:blank filled in by its script) are why `matchAboutBlank` is on. Firefox
    // would otherwise run here too, and its popup would call the new tab "scanned".
    if (location.protocol === 'about:' && window.top === window) return;
    const send = (message: Envelope) => browser.runtime.sendMessage(message);
    // Defaults until the stored settings are read (before the first scan starts).
    let settings: Settings = defaultSettings();
    // Random per document: a reload or a new page replaces what this tab reported before.
    // Not crypto.randomUUID(): browsers expose it only in secure contexts, and most of the web
    // Backstory reads may be plain http.
    const documentId = Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) =>
      n.toString(36),
    ).join('-');
    const isHidden = () => document.visibilityState === 'hidden';
    const highlighter = createHighlighter();
    const host = createBrowserSliceHost(ctx);
    // Firefox paints highlights in shadow trees only with the rules in the tree itself.
    const shadowStyles = import.meta.env.FIREFOX
      ? createShadowStyles(highlightCss, ctx.signal)
      : undefined;

    let scanner: PageScanner | undefined;
    let stopScanner: AbortController | undefined;
    let revision: number | undefined;
    let loads = 0;
    let staleWhileHidden = false;
    let reportedUrl = location.href;

    const sendReport = () => {
      if (!scanner || ctx.isInvalid) return;
      reportedUrl = location.href;
      const payload = {
        frameUrl: reportedUrl.slice(0, MAX_FRAME_URL),
        documentId,
        report: scanner.report(),
      };
      // The background may be restarting or the extension updating: the next report will do.
      sendRequest(send, 'content:report-mentions', payload).catch(() => undefined);
    };
    // Not ctx.setTimeout: that keeps a listener per call for the page's life (signal-timers.ts).
    const timers = createSignalTimers(ctx.signal, { isActive: () => ctx.isValid });
    const reports = createThrottle(sendReport, REPORT_INTERVAL_MS, {
      now: () => performance.now(),
      setTimeout: (callback, ms) => timers.setTimeout(callback, ms),
      clearTimeout: (handle) => timers.clearTimeout(handle),
    });

    /** A single-page app moved to another URL: report at once, under the new URL. */
    const urlChanged = () => location.href !== reportedUrl;
    const onLocationMaybeChanged = () => {
      if (scanner?.firstPassDone && urlChanged()) reports.flush();
    };

    /**
     * Whether the site rules let Backstory run in this frame: the frame's own address, and the
     * top page's too when this frame may read it (a paused site stays quiet in its own frames).
     */
    const siteAllowed = (current: Settings) => {
      const rules = { sites: compileSiteRules(current.sites) };
      let topUrl: string | undefined;
      try {
        topUrl = window.top?.location.href;
      } catch {
        topUrl = undefined; // A cross-origin parent: only this frame's address can be checked.
      }
      return matchesSite(location.href, rules) && (!topUrl || matchesSite(topUrl, rules));
    };

    /** Stops scanning and erases everything drawn, telling the background the page is quiet. */
    function stop() {
      loads++; // Any load under way is stale now.
      stopScanner?.abort();
      scanner = undefined;
      reports.cancel();
      highlighter.clear();
      const payload = {
        frameUrl: location.href.slice(0, MAX_FRAME_URL),
        documentId,
        report: { count: 0, organisations: [], snippets: [] },
      };
      sendRequest(send, 'content:report-mentions', payload).catch(() => undefined);
    }

    /** Fetches the archive's aliases and (re)starts scanning with them. */
    async function load() {
      const attempt = ++loads;
      const source = await sendRequest(send, 'content:get-matcher-source', {});
      // A newer load started meanwhile, or the extension went away: this one is stale.
      if (attempt !== loads || ctx.isInvalid) return;
      if (!siteAllowed(settings)) return;
      // Thousands of aliases take tens of ms to compile: in slices, so the page never waits.
      const matcher = await compileMatcherInSlices(source.organisations, {
        now: () => host.now(),
        pause: () => host.wait('soon'),
      });
      if (attempt !== loads || ctx.isInvalid || !siteAllowed(settings)) return;
      revision = source.revision;
      stopScanner?.abort();
      stopScanner = new AbortController();
      reports.cancel();
      scanner = createPageScanner({
        document,
        matcher,
        highlightNameOf: highlightNamer(settings),
        highlighter,
        host,
        signal: AbortSignal.any([ctx.signal, stopScanner.signal]),
        // Checking `ctx.isInvalid` before each slice is what notices an extension that was
        // disabled or updated under this page: it aborts `ctx`, which erases the highlights
        // and disconnects the observer at the page's next change.
        isPaused: () => ctx.isInvalid || isHidden(),
        onDrawInShadowRoot: shadowStyles && ((root) => shadowStyles.adopt(root)),
        onResults: ({ firstPass }) => {
          // The first results, and those after a URL change, go out at once.
          if (firstPass || urlChanged()) reports.flush();
          else reports.request();
        },
      });
      scanner.start();
      recheckShadowHosts(scanner, 0);
    }
    const reload = () => load().catch(() => undefined);

    /**
     * Custom elements defined after the scan attach their shadow roots with no mutation the
     * scanner sees, so it looks at the ones it met without a root again, a few times while the
     * page's scripts load, then stops (a change in or beside a host finds its root too).
     */
    function recheckShadowHosts(current: PageScanner, attempt: number) {
      const delay = SHADOW_RECHECK_MS[attempt];
      if (delay === undefined) return;
      timers.setTimeout(() => {
        if (scanner !== current) return;
        const waiting = current.recheckShadowHosts();
        if (waiting || !current.firstPassDone) recheckShadowHosts(current, attempt + 1);
      }, delay);
    }

    // Settings apply to the open page at once: the site list starts or stops Backstory here, and
    // a new style or colour redraws every mention (quiet mode draws none but still reports).
    const applySettings = (next: Settings) => {
      const previous = settings;
      settings = next;
      const allowed = siteAllowed(next);
      if (!allowed) {
        if (siteAllowed(previous) || scanner) stop();
        return;
      }
      const looksDifferent =
        previous.highlightStyle !== next.highlightStyle ||
        JSON.stringify(previous.colours) !== JSON.stringify(next.colours);
      if (!siteAllowed(previous) || looksDifferent) {
        if (isHidden()) staleWhileHidden = true;
        else void reload();
      }
    };
    removeOnInvalidated(ctx, watchSettings(applySettings));

    // Hover cards (and the keyboard path to them) over whatever the current scanner has found.
    startHoverCards(ctx, { scanner: () => scanner, settings: () => settings });

    // Nothing runs in a hidden tab: the scan starts, or resumes, when the tab is shown.
    ctx.addEventListener(document, 'visibilitychange', () => {
      if (isHidden()) return;
      if (!scanner || staleWhileHidden) {
        staleWhileHidden = false;
        void reload();
      } else scanner.resume();
    });

    // Single-page apps change the URL without a new document. The Navigation API reports every
    // same-document navigation (pushState included, which an isolated world cannot patch);
    // without it, popstate/hashchange, the check after each change the scanner handles, and a
    // slow poll for pushState-only navigations cover it.
    const navigation = (globalThis as { navigation?: EventTarget }).navigation;
    if (navigation && typeof navigation.addEventListener === 'function') {
      ctx.addEventListener(navigation, 'currententrychange', onLocationMaybeChanged);
    } else {
      ctx.addEventListener(window, 'popstate', onLocationMaybeChanged);
      ctx.addEventListener(window, 'hashchange', onLocationMaybeChanged);
      ctx.setInterval(onLocationMaybeChanged, 1_000);
    }
    // Back to this page from the back-forward cache: the tab's report is another page's now.
    ctx.addEventListener(window, 'pageshow', (event: PageTransitionEvent) => {
      if (event.persisted && scanner?.firstPassDone) reports.flush();
    });

    // The archive changed (import, pack switched): rebuild the matcher and scan again.
    const onMessage = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id) return;
      const notice = parseBackgroundMessage(message);
      if (notice?.type !== 'background:archive-changed') return;
      if (notice.payload.revision === revision) return;
      if (isHidden()) staleWhileHidden = true;
      else void reload();
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      reports.cancel();
      highlighter.clear();
    });
    removeOnInvalidated(ctx, () => browser.runtime.onMessage.removeListener(onMessage));

    void loadSettings()
      .catch(() => defaultSettings())
      .then((stored) => {
        settings = stored;
        if (!siteAllowed(settings)) stop();
        else if (!isHidden()) void reload();
      });
  },
});
