/**
 * Where the built extension lives and how to read it. The e2e tests run against `.output/`, never
 * the sources, so what is tested is what ships.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import type { BrowserName } from './types';

/** The repository root (where `package.json` and `.output/` are). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The folder the fixture pages are served from. */
export const FIXTURE_PAGES_DIR = join(PROJECT_ROOT, 'tests', 'fixtures', 'pages');

/** The unpacked build each browser loads. */
export const BUILD_DIRS: Readonly<Record<BrowserName, string>> = {
  chromium: join(PROJECT_ROOT, '.output', 'chrome-mv3'),
  firefox: join(PROJECT_ROOT, '.output', 'firefox-mv2'),
};

/** The builds that have no `manifest.json`, as paths relative to the project root. */
export function missingBuilds(): string[] {
  return Object.values(BUILD_DIRS)
    .filter((dir) => !existsSync(join(dir, 'manifest.json')))
    .map((dir) => dir.slice(PROJECT_ROOT.length));
}

const BuiltManifestSchema = v.looseObject({
  name: v.string(),
  version: v.string(),
  manifest_version: v.number(),
  /** The options page; Firefox's `stopBackground()` runs from it. */
  options_ui: v.optional(v.looseObject({ page: v.string() })),
  browser_specific_settings: v.optional(
    v.looseObject({ gecko: v.optional(v.looseObject({ id: v.optional(v.string()) })) }),
  ),
});

/** The fields of a built `manifest.json` the harness and tests look at (others are kept). */
export type BuiltManifest = v.InferOutput<typeof BuiltManifestSchema>;

/** Reads the `manifest.json` of an unpacked build, failing with the path of a bad field. */
export function readBuiltManifest(extensionDir: string): BuiltManifest {
  const path = join(extensionDir, 'manifest.json');
  const result = v.safeParse(BuiltManifestSchema, JSON.parse(readFileSync(path, 'utf8')));
  if (!result.success) {
    const issue = result.issues[0];
    throw new Error(`${path}: ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`);
  }
  return result.output;
}
