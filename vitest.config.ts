import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { foldTablesDefine } from './utils/matching/fold-tables';

/** Unit and component tests: pure logic in Node, components in happy-dom (per-file pragma). */
export default defineConfig({
  plugins: [WxtVitest(), preact()],
  // As in the extension's builds (wxt.config.ts): tests fold with the tables the pages get.
  define: foldTablesDefine(),
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    restoreMocks: true,
    // Makes the fake browser's i18n.getMessage answer from locales/en.yml (it throws by default);
    // gives happy-dom's Range.toString the browsers' linear walk (see the file).
    setupFiles: ['tests/setup/i18n.ts', 'tests/setup/happy-dom-range.ts'],
  },
});
