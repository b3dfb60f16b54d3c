/**
 * The content script: scans every frame for mentions, highlights them and reports to the
 * background. Wiring only; the scanner (scanner.ts) and the pure modules in utils/scanning/ do
 * the work. Every listener, observer and timer is bound to WXT's `ctx`, so disabling the
 * extension or updating it leaves nothing behind on the page (the highlights are erased too).
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { type PartialOrganisation, expandOrganisations } from '../../utils/matching/keyed-source';
import { type KeyIndex, keyIndexFromData } from '../../utils/matching/keys';
import {
  type Matcher,
  type MatcherOrganisation,
  compileMatcherInSlices,
  extendMatcherInSlices,
} from '../../utils/matching/matcher';
import {
  type Envelope,
  MAX_ALIAS_KEYS,
  parseBackgroundMessage,
  sendRequest,
} from '../../utils/messaging';
import { highlightNamer } from '../../utils/scanning/highlight-style';
import { defaultSettings, type Settings } from '../../utils/settings/model';
import { compileSiteRules, matchesSite } from '../../utils/settings/sites';
import { loadSettings, watchSettings } from '../../utils/settings/storage';
import { createThrottle } from '../../utils/scanning/throttle';
import { createSignalTimers } from '../../utils/signal-timers';
import { createBrowserSliceHost } from './browser-host';
import { startHoverCards } from './card';
import { createKeyRead } from './key-read';
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
/** How long keys met in later text gather before their aliases are asked for (ms). */
const KEY_BATCH_MS = 100;

/** A large alias list's keys (see `load`), and the aliases fetched for the page so far. */
interface RemoteKeys {
  revision: number;
  index: KeyIndex;
  parts: PartialOrganisation[];
  /** Keys met in later text, waiting for their aliases. */
  pending: number[];
  /** True from a batch's request until its aliases are in the matcher. */
  fetching: boolean;
  /** The matcher compiled with these keys, which the aliases fetched later grow. */
  matcher?: Matcher;
}

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
    // Kept by the visibilitychange listener below rather than read from the DOM: the slice loop
    // asks at every change the page makes (a feed: every frame), inside the page's own task.
    let hidden = document.visibilityState === 'hidden';
    const isHidden = () => hidden;
    const highlighter = createHighlighter();
    const host = createBrowserSliceHost(ctx);
    /** How compiling shares the page's thread: a stretch of work, then the page's turn. */
    const slicing = { now: () => host.now(), pause: () => host.wait('soon') };
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

    /**
     * Fetches the archive's aliases and (re)starts scanning with them. A large alias list comes
     * as keys (see utils/matching/keyed-source.ts): the page's text is read for them first, and
     * only the aliases of the keys it holds are fetched and compiled.
     */
    async function load() {
      const attempt = ++loads;
      const source = await sendRequest(send, 'content:get-matcher-source', {});
      // A newer load started meanwhile, or the extension went away: this one is stale.
      if (attempt !== loads || ctx.isInvalid) return;
      if (!siteAllowed(settings)) return;
      if (!source.keyed) {
        await startScanning(attempt, source.revision, source.organisations, undefined);
        return;
      }
      const keys: RemoteKeys = {
        revision: source.revision,
        index: keyIndexFromData(source.keyed.keys),
        parts: [...source.keyed.always],
        pending: [],
        fetching: false,
      };
      // The text the scanner's first candidate scan reads: watched until the scanner starts, so
      // that, if the page leaves it as it is, the scanner takes it instead of reading it again.
      const root = document.body ?? document.documentElement;
      const watch = new MutationObserver(() => undefined);
      if (root) watch.observe(root, { subtree: true, childList: true, characterData: true });
      try {
        // The text read for keys (see key-read.ts), a step per task, none in the task that
        // received the keys.
        const read = root ? createKeyRead(root, keys.index) : undefined;
        do {
          await host.wait('soon');
          if (attempt !== loads || ctx.isInvalid) return;
        } while (read && !read.step());
        const parts = await fetchAliases(keys.revision, read?.met ?? []);
        if (attempt !== loads || ctx.isInvalid) return;
        // The background restarted (or the archive changed) in between: start again.
        if (!parts) return void reload();
        keys.parts.push(...parts);
        const unchanged = () => {
          const still = root === (document.body ?? document.documentElement);
          const quiet = watch.takeRecords().length === 0;
          watch.disconnect();
          return still && quiet;
        };
        await startScanning(
          attempt,
          source.revision,
          expandOrganisations(keys.parts),
          keys,
          read && { pieces: read.pieces, unchanged },
        );
      } finally {
        watch.disconnect();
      }
    }

    /**
     * The aliases behind `met` keys, or null when the archive changed since `revision` (a notice
     * of the change is on its way, and the load it starts replaces this one).
     */
    async function fetchAliases(
      revision: number,
      met: readonly number[],
    ): Promise<PartialOrganisation[] | null> {
      const parts: PartialOrganisation[] = [];
      for (let from = 0; from < met.length; from += MAX_ALIAS_KEYS) {
        const keys = met.slice(from, from + MAX_ALIAS_KEYS);
        const reply = await sendRequest(send, 'content:get-aliases', { revision, keys });
        if (reply.revision !== revision) return null;
        parts.push(...reply.organisations);
      }
      return parts;
    }

    /**
     * Keys the scanner met in text read after the first look (added later, or in shadow roots):
     * their aliases are fetched in one batch, the matcher grows by them in place, and the page
     * is matched again (what is drawn stays until it changes: nothing flickers).
     */
    function onKeysMet(keys: RemoteKeys, met: readonly number[]) {
      keys.pending.push(...met);
      if (keys.fetching) return;
      keys.fetching = true;
      timers.setTimeout(() => {
        const batch = keys.pending.splice(0);
        const attempt = loads;
        const current = scanner;
        fetchAliases(keys.revision, batch)
          .then(async (parts) => {
            if (attempt !== loads || ctx.isInvalid) return;
            if (!parts) return void reload();
            if (parts.length > 0) {
              keys.parts.push(...parts);
              const grown = keys.matcher;
              // The page is matched again only where the new aliases may be written, which a
              // matcher of just them finds.
              const added = grown
                ? await compileMatcherInSlices(expandOrganisations(parts), slicing)
                : undefined;
              if (grown) {
                await extendMatcherInSlices(grown, expandOrganisations(keys.parts), slicing);
              }
              if (attempt !== loads || ctx.isInvalid) return;
              if (added && current && scanner === current) current.rematch(added);
              else {
                await startScanning(++loads, keys.revision, expandOrganisations(keys.parts), keys);
              }
            }
            keys.fetching = false;
            if (keys.pending.length > 0) onKeysMet(keys, []);
          })
          .catch(() => {
            // The background did not answer (restarting, or the extension updating): keep the
            // keys, so the next batch asks for their aliases too (each key is met only once).
            keys.pending.unshift(...batch);
            keys.fetching = false;
          });
      }, KEY_BATCH_MS);
    }

    /** Compiles `organisations` and starts a scanner with them (replacing any before). */
    async function startScanning(
      attempt: number,
      sourceRevision: number,
      organisations: readonly MatcherOrganisation[],
      keys: RemoteKeys | undefined,
      read?: { pieces: string[]; unchanged(): boolean },
    ) {
      // Thousands of aliases take tens of ms to compile: in slices, so the page never waits.
      const matcher = await compileMatcherInSlices(
        organisations,
        slicing,
        keys
          ? {
              remoteKeys: {
                index: keys.index,
                onKeys: (met) => onKeysMet(keys, met),
              },
            }
          : {},
      );
      // Checked in the same task the scanner starts in: no page script runs in between.
      const unchanged = read?.unchanged() ?? false;
      if (attempt !== loads || ctx.isInvalid || !siteAllowed(settings)) return;
      revision = sourceRevision;
      if (keys) keys.matcher = matcher;
      stopScanner?.abort();
      stopScanner = new AbortController();
      reports.cancel();
      scanner = createPageScanner({
        document,
        matcher,
        initialPieces: unchanged ? read?.pieces : undefined,
        highlightNameOf: highlightNamer(settings),
        highlighter,
        host,
        signal: AbortSignal.any([ctx.signal, stopScanner.signal]),
        // An extension disabled or updated under this page is noticed by the slice host, which
        // checks `ctx.isInvalid` before each slice (see browser-host.ts).
        isPaused: isHidden,
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
      hidden = document.visibilityState === 'hidden';
      if (hidden) return;
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
