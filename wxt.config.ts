import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { anchorHighlightRulesOnRoot } from './utils/build/highlight-css';
import { foldTablesDefine } from './utils/matching/fold-tables';
import { PREACT_MODULE, removePreactInnerHtml } from './utils/build/no-inner-html';

/**
 * Chromium builds: the content script's highlight rules on `:root`, which Chromium restyles far
 * faster than universal `::highlight()` rules (see utils/build/highlight-css.ts). Only the
 * stylesheet itself; its `?raw` text (for Firefox's shadow roots) is left as written.
 */
/** Every build: Preact without its `innerHTML` branch (see utils/build/no-inner-html.ts). */
function noInnerHtml(): Plugin {
  return {
    name: 'backstory:no-inner-html',
    enforce: 'pre',
    transform(code, id) {
      if (!PREACT_MODULE.test(id.split('?')[0] ?? id)) return null;
      return { code: removePreactInnerHtml(code), map: null };
    },
  };
}

function anchorHighlightRules(): Plugin {
  return {
    name: 'backstory:anchor-highlight-rules',
    enforce: 'pre',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith('/entrypoints/content/style.css')) return null;
      return { code: anchorHighlightRulesOnRoot(code), map: null };
    },
  };
}

// https://wxt.dev/api/config.html
export default defineConfig({
  // Explicit imports everywhere: a reader sees where every name comes from.
  imports: false,
  // Static files copied as they are (the toolbar icons); kept under assets/ with the rest.
  publicDir: 'assets/public',
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: ({ browser }) => ({
    plugins: [preact(), noInnerHtml(), ...(browser === 'firefox' ? [] : [anchorHighlightRules()])],
    // The matcher's fold tables, built here once instead of in every page (fold-tables.ts).
    define: foldTablesDefine(),
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings and per-tab results; no host data leaves the browser.
    permissions: ['storage'],
    action: { default_title: '__MSG_actionTitle__' },
    // The keyboard path to the hover cards: jump to the next mention and open its card. Users can
    // change the keys in the browser's shortcut settings; the background handles the command.
    // Alt+Shift+B ("Backstory") wherever the browser lets an extension have it. Chromium on
    // Windows, Linux and ChromeOS keeps it for "focus the bookmarks bar" and would leave the
    // command with no key at all, so there the Chrome build suggests Alt+Shift+M ("mention"),
    // which it assigns (tests/e2e/card.test.ts reads what each browser registered).
    commands: {
      'next-mention': {
        suggested_key:
          browser === 'firefox'
            ? { default: 'Alt+Shift+B' }
            : {
                default: 'Alt+Shift+B',
                windows: 'Alt+Shift+M',
                linux: 'Alt+Shift+M',
                chromeos: 'Alt+Shift+M',
              },
        description: '__MSG_commands_nextMention__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'backstory@backstory-reader.org',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads data_collection_permissions from version 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  zip: {
    artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip',
    sourcesTemplate: '{{name}}-{{version}}-sources.zip',
    excludeSources: ['test-results/**', 'coverage/**', '.ci/**'],
  },
});
