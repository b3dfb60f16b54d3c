/**
 * Runs once before the e2e files: refuses to start without both builds, and serves
 * `tests/fixtures/pages/` for the whole run (tests read the address with `fixtureUrl()`).
 */
import type { TestProject } from 'vitest/node';
import { FIXTURE_PAGES_DIR, missingBuilds } from './harness/builds';
import { startFixtureServer } from './harness/fixture-server';

/** Checks the builds, starts the fixture server and returns its teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = missingBuilds();
  if (missing.length > 0) {
    throw new Error(
      `e2e tests run against the built extension, but ${missing.join(' and ')} ` +
        `${missing.length > 1 ? 'are' : 'is'} missing. Run \`npm run build:all\` ` +
        '(or `npx wxt build && npx wxt build -b firefox`) first.',
    );
  }
  const server = await startFixtureServer(FIXTURE_PAGES_DIR);
  project.provide('fixtureBaseUrl', server.baseUrl);
  return () => server.close();
}
