/**
 * What the add-on stores check, on the builds that ship: Firefox's linter (web-ext lint, the
 * addons-linter AMO runs), the manifests' permissions and declarations, the Chrome Web Store's
 * no-remote-code rule, and `npm run zip` making the store packages. No browser is needed.
 */
import { execFile } from 'node:child_process';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import webExt from 'web-ext';
import { describe, expect, it } from 'vitest';
import { BUILD_DIRS, PROJECT_ROOT } from './harness/builds';

const run = promisify(execFile);

/** Every file under `dir`, as absolute paths. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

type Manifest = Record<string, unknown> & {
  permissions?: string[];
  browser_specific_settings?: {
    gecko?: { id?: string; data_collection_permissions?: { required?: string[] } };
  };
};

const readManifest = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;

describe('store readiness', () => {
  it('passes web-ext lint with no error, warning or notice (Firefox build)', async () => {
    const result = await webExt.cmd.lint(
      { sourceDir: BUILD_DIRS.firefox, output: 'none', boring: true },
      { shouldExitProgram: false },
    );
    const messages = [...result.errors, ...result.warnings, ...result.notices].map(
      (m) => `${m.code} ${m.file ?? ''}: ${m.message}`,
    );
    expect(messages).toEqual([]);
    expect(result.summary).toEqual({ errors: 0, notices: 0, warnings: 0 });
  }, 120_000);

  it.each(Object.entries(BUILD_DIRS))(
    '%s: asks for storage only and exposes nothing',
    async (_name, dir) => {
      const manifest = await readManifest(dir);
      expect(manifest.permissions).toEqual(['storage']);
      for (const key of [
        'host_permissions',
        'optional_permissions',
        'optional_host_permissions',
        'web_accessible_resources',
        'externally_connectable',
        'content_security_policy',
        'update_url',
      ]) {
        expect(manifest, key).not.toHaveProperty(key);
      }
    },
  );

  it('Firefox: has a gecko id and declares that it collects no data', async () => {
    const gecko = (await readManifest(BUILD_DIRS.firefox)).browser_specific_settings?.gecko;
    expect(gecko?.id).toBe('backstory@backstory-reader.org');
    expect(gecko?.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it.each(Object.entries(BUILD_DIRS))(
    '%s: runs no remote or generated code',
    async (_name, dir) => {
      const offences: string[] = [];
      for (const file of await filesUnder(dir)) {
        const where = relative(dir, file);
        if (file.endsWith('.js')) {
          const code = await readFile(file, 'utf8');
          for (const pattern of [
            /\beval\s*\(/,
            /\bnew\s+Function\s*\(/,
            /\bimportScripts\s*\(/,
            /\bimport\s*\(\s*["'`]https?:/,
          ]) {
            if (pattern.test(code)) offences.push(`${where}: ${String(pattern)}`);
          }
        }
        if (file.endsWith('.html')) {
          const html = await readFile(file, 'utf8');
          for (const [tag] of html.matchAll(/<(script|link|iframe|img)\b[^>]*>/gi)) {
            const source = /\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1];
            if (source && /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(source))
              offences.push(`${where}: ${tag}`);
          }
          // Inline scripts are refused by extension pages' CSP; none should be written.
          if (/<script\b(?![^>]*\bsrc=)[^>]*>\s*\S/i.test(html))
            offences.push(`${where}: inline script`);
        }
      }
      expect(offences).toEqual([]);
    },
  );

  it('`npm run zip` writes the Chrome and Firefox packages and the sources archive', async () => {
    await run('npm', ['run', 'zip'], { cwd: PROJECT_ROOT, timeout: 240_000 });
    const { version } = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const zip = (kind: string) => join(PROJECT_ROOT, '.output', `backstory-${version}-${kind}.zip`);
    for (const kind of ['chrome', 'firefox']) {
      const bytes = await readFile(zip(kind));
      // A zip's central directory names its files in plain text.
      const names = bytes.toString('latin1');
      for (const name of [
        'manifest.json',
        'content-scripts/content.js',
        'background.js',
        'popup.html',
      ]) {
        expect(names, `${kind} package holds ${name}`).toContain(name);
      }
      expect(names).not.toContain('node_modules/');
    }
    const sources = (await readFile(zip('sources'))).toString('latin1');
    for (const name of [
      'package.json',
      'package-lock.json',
      'wxt.config.ts',
      'entrypoints/content/index.ts',
    ]) {
      expect(sources, `sources archive holds ${name}`).toContain(name);
    }
    for (const excluded of ['node_modules/', 'test-results/', '.output/']) {
      expect(sources).not.toContain(excluded);
    }
    expect((await stat(zip('chrome'))).size).toBeGreaterThan(10_000);
  }, 300_000);
});
