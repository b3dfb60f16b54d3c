/**
 * Test-only variants of the real build: a copy of `.output/<browser>` with extra files and
 * content scripts, for tests that need a foothold the shipped extension must not have (e.g. a
 * content script that tries privileged requests). The shipped files are copied untouched.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILD_DIRS } from './builds';
import type { BrowserName } from './types';

/** What to add to the copy. */
export type BuildVariant = {
  /** Extra files by path inside the extension. */
  files?: Record<string, string>;
  /** Extra content scripts (paths must be among `files` or the build). */
  contentScripts?: { matches: string[]; js: string[]; run_at?: 'document_idle' | 'document_end' }[];
};

/** Copies `browser`'s build to `targetDir` and adds the variant's files and content scripts. */
export async function prepareBuildVariant(
  browser: BrowserName,
  targetDir: string,
  variant: BuildVariant,
): Promise<string> {
  await cp(BUILD_DIRS[browser], targetDir, { recursive: true });
  for (const [path, content] of Object.entries(variant.files ?? {})) {
    await writeFile(join(targetDir, path), content);
  }
  if (variant.contentScripts?.length) {
    const manifestPath = join(targetDir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
    const existing = Array.isArray(manifest.content_scripts) ? manifest.content_scripts : [];
    manifest.content_scripts = [...existing, ...variant.contentScripts];
    await writeFile(manifestPath, JSON.stringify(manifest));
  }
  return targetDir;
}
