import { render } from 'preact';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import '../../assets/styles/tokens.css';
import './style.css';
import { requestPersistence } from '../../utils/archive/storage';
import { sendRequest } from '../../utils/messaging';
import { withSitePaused } from '../../utils/settings/sites';
import { loadSettings } from '../../utils/settings/storage';
import { parsePopupRoute } from '../../utils/search/deep-link';
import { App, type PopupServices } from './App';
import { createArchiveSource } from './archive-source';

/**
 * Opens the popup. Its address may carry `?tabId=<id>` (which tab "On this page" is about, for
 * tests and "open in a tab") and `#archive?org=<orgKey>…` (open on the archive, filtered; the
 * format is documented in utils/search/deep-link.ts).
 */
/** Pauses or resumes the site of `url`, through the background (settings are written there). */
async function setSitePaused(url: string, paused: boolean): Promise<void> {
  await sendRequest((m) => browser.runtime.sendMessage(m), 'ui:set-site-paused', { url, paused });
}

function main() {
  const locale = i18n.t('@@ui_locale').replace('_', '-');
  document.documentElement.lang = locale;
  document.documentElement.dir = i18n.t('@@bidi_dir');
  document.title = i18n.t('popup.title');

  // Extension pages are the only contexts where persist() exists (it is not exposed to workers).
  void requestPersistence(navigator.storage);

  const services: PopupServices = {
    async getTargetTab() {
      const param = new URLSearchParams(location.search).get('tabId');
      const tab = param
        ? await browser.tabs.get(Number(param)).catch(() => undefined)
        : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
      return tab?.id === undefined ? null : { id: tab.id, url: tab.url };
    },
    getTabReport: (tabId) =>
      sendRequest((m) => browser.runtime.sendMessage(m), 'ui:get-tab-report', { tabId }),
    async isPaused(url) {
      if (!url) return false;
      // Paused when resuming would take a pattern off the list: the same rule the popup's
      // resume and the options page's list apply.
      const { paused } = (await loadSettings()).sites;
      return withSitePaused(paused, url, false).length !== paused.length;
    },
    async showMention(tabId, target) {
      // Straight to the tab's top frame: the content script checks the sender and the payload.
      await browser.tabs
        .sendMessage(tabId, { type: 'background:show-mention', payload: target }, { frameId: 0 })
        .catch(() => undefined); // The page may have gone; the list is then stale anyway.
    },
    pause: (url) => setSitePaused(url, true),
    resume: (url) => setSitePaused(url, false),
    archive: createArchiveSource({ document }),
    locale,
  };

  const root = document.getElementById('app');
  if (root) render(<App services={services} route={parsePopupRoute(location.hash)} />, root);
}

main();
