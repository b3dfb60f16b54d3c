/**
 * Vitest setup: gives the fake browser a working `i18n.getMessage`, answering from
 * `locales/en.yml` the way the built extension's `_locales/en/messages.json` would.
 *
 * WXT's fake browser throws "getMessage not implemented", so without this every component that
 * calls `i18n.t` fails. The messages are built with @wxt-dev/i18n's own build functions (the ones
 * its WXT module runs to write messages.json), so tests read exactly the strings users see.
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import type { ChromeMessage } from '@wxt-dev/i18n/build';
import { fakeBrowser } from 'wxt/testing/fake-browser';

const LOCALE_FILE = resolve(import.meta.dirname, '../../locales/en.yml');

/** What Chrome answers for its predefined messages in an English, left-to-right UI. */
const PREDEFINED: Record<string, string> = {
  '@@extension_id': 'test-extension-id',
  '@@ui_locale': 'en',
  '@@bidi_dir': 'ltr',
  '@@bidi_reversed_dir': 'rtl',
  '@@bidi_start_edge': 'left',
  '@@bidi_end_edge': 'right',
};

/**
 * Chrome's substitution rules: named placeholders (`$name$`, case-insensitive) become their
 * `content`, then `$1`…`$9` become the substitutions (missing ones become ""), and `$$` is a `$`.
 */
function format(entry: ChromeMessage, substitutions: readonly string[]): string {
  const placeholders = new Map(
    Object.entries(entry.placeholders ?? {}).map(([name, value]) => [
      name.toLowerCase(),
      value.content,
    ]),
  );
  const named = entry.message.replace(
    /\$([A-Za-z0-9_@]+)\$/g,
    (whole, name: string) => placeholders.get(name.toLowerCase()) ?? whole,
  );
  return named.replace(/\$(\$|[1-9])/g, (_, token: string) =>
    token === '$' ? '$' : (substitutions[Number(token) - 1] ?? ''),
  );
}

const messages = new Map(
  Object.entries(generateChromeMessages(await parseMessagesFile(LOCALE_FILE))).map(
    ([key, entry]) => [key.toLowerCase(), entry],
  ),
);

// Assigned rather than spied on: `restoreMocks` would undo a spy after the first test.
fakeBrowser.i18n.getMessage = (name: string, substitutions?: string | string[]): string => {
  const predefined = PREDEFINED[name];
  if (predefined !== undefined) return predefined;
  const entry = messages.get(name.toLowerCase());
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : [substitutions].flat();
  return format(entry, subs);
};
