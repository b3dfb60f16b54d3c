import { render } from 'preact';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import '../../assets/styles/tokens.css';
import './style.css';
import { openArchiveDb } from '../../utils/archive/db';
import { createArchiveRepository } from '../../utils/archive/repository';
import { requestPersistence } from '../../utils/archive/storage';
import { sendRequest } from '../../utils/messaging';
import { App, type PopupServices } from './App';

/** The popup lists at most this many summaries until the windowed archive view lands. */
const ARCHIVE_PAGE = 500;

async function main() {
  document.documentElement.lang = i18n.t('@@ui_locale').replace('_', '-');
  document.documentElement.dir = i18n.t('@@bidi_dir');
  document.title = i18n.t('popup.title');

  const repository = createArchiveRepository(await openArchiveDb());
  // Extension pages are the only contexts where persist() exists (it is not exposed to workers).
  void requestPersistence(navigator.storage);

  const services: PopupServices = {
    async getTargetTab() {
      // `?tabId=N` lets the popup be opened in a tab about another tab (tests, "open in tab").
      const param = new URLSearchParams(location.search).get('tabId');
      const tab = param
        ? await browser.tabs.get(Number(param)).catch(() => undefined)
        : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
      return tab?.id === undefined ? null : { id: tab.id, url: tab.url };
    },
    getTabReport: (tabId) =>
      sendRequest((m) => browser.runtime.sendMessage(m), 'ui:get-tab-report', { tabId }),
    listPacks: () => repository.listPacks(),
    listOrganisations: () => repository.listOrganisations(),
    listSummaries: async () => (await repository.listSummaries({ limit: ARCHIVE_PAGE })).items,
    locale: i18n.t('@@ui_locale').replace('_', '-'),
  };

  const root = document.getElementById('app');
  if (root) render(<App services={services} />, root);
}

void main();
