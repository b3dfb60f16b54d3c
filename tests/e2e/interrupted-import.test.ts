/**
 * Imports killed mid-way, in real Chromium and Firefox (issue #7): whatever stops an import, the
 * archive afterwards is exactly what it was before the import or exactly what an uninterrupted
 * import makes of it, never anything in between, and the extension goes on working.
 *
 * Two states are made by clean imports and fingerprinted whole (every store, every record, with
 * its key; `fingerprintArchive`): A, the bundled pack plus a small pack (`SMALL`), and B, the same
 * pack replaced by a large version (`LARGE`: thousands of summaries added, some changed, some
 * removed, organisations too). Each trial starts in one of them, imports the other file, kills the
 * import at one moment, and compares the archive with both states once the extension is back:
 * - closing the options page that started it (the background goes on alone);
 * - stopping the background (`ExtensionBrowser.stopBackground()`: Chromium's service worker is
 *   stopped through the DevTools protocol, Firefox's background page is reloaded);
 * - in Firefox, reloading the whole extension (`runtime.reload()`), as an update would.
 *
 * The import's transaction is watched from another extension page, the probe, with nothing but
 * IndexedDB and without touching the shipped code. IndexedDB runs a transaction only after the
 * read-write ones created before it over the same stores have ended, so:
 * - the probe can hold a read-only transaction open: the import's transaction, created after it,
 *   waits until the probe lets go, and the kill can come before or after that;
 * - a read the probe starts after the import's transaction stays pending until that transaction
 *   ends, then sees the pack's version as the transaction left it. A read pending while the import
 *   is held back proves the transaction exists; the version it finally reads says whether the kill
 *   rolled it back (it was open) or came after its commit.
 * Delays only spread the kills over the transaction's life; nothing here asserts on time.
 *
 * Last, a page left open across background restarts must follow the imports that come after.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import bundled from '../../assets/packs/backstory-digest-mko-ncri.json';
import { PACK_LIMITS } from '../../utils/packs/schema';
import { validatePack } from '../../utils/packs/validate';
import { highlightedTexts, tabState } from './detection-helpers';
import {
  browsers,
  fixtureUrl,
  useExtensionBrowser,
  type BrowserName,
  type ExtensionBrowser,
  type TestPage,
} from './harness';
import {
  fingerprintArchive,
  waitForSummaries,
  type ArchiveFingerprint,
} from './harness/archive-db';

const PACK_ID = 'interrupted-import';
/** The small version's summaries are s-0 … s-299; the large one keeps s-100 … s-299 and adds. */
const SMALL_SUMMARIES = 300;
const LARGE_SUMMARIES = 8_000;
/** Words on `tests/fixtures/pages/blank.html`, an alias of an organisation of the large version. */
const BLANK_PAGE_PHRASE = 'Nothing to see here';
const IMPORT_INPUT = 'section[aria-labelledby="import-heading"] input[type="file"]';
/** Every store of the archive, for the probe's read-write "wait for the import" transaction. */
const STORES = ['packs', 'organisations', 'summaries', 'meta'];
/** How often the test looks at the probe, in ms. */
const POLL = 100;
/** How long any wait here may take before the test fails, in ms (other tests share the CPU). */
const WAIT = 45_000;

/** A pack file of `PACK_ID`: version 1 is small, version 2 large. */
function packFile(version: 1 | 2) {
  const large = version === 2;
  // Version 2 drops o-0 and o-1, changes o-2's description, keeps o-3 and o-4, adds o-5 … o-21.
  const organisationIds = large
    ? Array.from({ length: 20 }, (_, i) => `o-${i + 2}`)
    : ['o-0', 'o-1', 'o-2', 'o-3', 'o-4'];
  const first = large ? 100 : 0;
  const count = large ? LARGE_SUMMARIES : SMALL_SUMMARIES;
  return {
    format: 'backstory-pack',
    formatVersion: 1,
    pack: {
      id: PACK_ID,
      name: 'Interrupted import test pack',
      version: String(version),
      publisher: 'Backstory tests',
      description: 'Fictional organisations and summaries for the interrupted-import test.',
      updatedAt: large ? '2024-06-30' : '2024-05-31',
    },
    organisations: organisationIds.map((id) => ({
      id,
      name: `Organisation ${id}`,
      kind: 'organisation',
      description: `The fictional organisation ${id}${large && id === 'o-2' ? ', renamed' : ''}.`,
      // o-5, only in version 2, is also named by a phrase on the blank fixture page.
      aliases: [
        { text: `Fictional ${id}` },
        ...(id === 'o-5' ? [{ text: BLANK_PAGE_PHRASE }] : []),
      ],
    })),
    summaries: Array.from({ length: count }, (_, index) => {
      const n = first + index;
      // s-100 … s-199 change in version 2; s-200 … s-299 are the same in both; the summaries only
      // version 2 has are about one of o-2 … o-4 and, every third one, one of o-5 … o-21 too.
      const changed = large && n < 200;
      const about = `o-${2 + (n % 3)}`;
      return {
        id: `s-${n}`,
        title: `Summary ${n}${changed ? ' (revised)' : ''}`,
        text: `A fictional summary, number ${n}, of an article about ${about}.`,
        source: { name: `Source ${n % 7}`, url: `https://example.org/source-${n % 7}` },
        url: `https://example.org/articles/${n}`,
        publishedAt: `20${String(10 + (n % 15))}-0${1 + (n % 9)}-1${n % 10}`,
        archivedAt: '2024-05-01',
        organisationIds:
          n >= SMALL_SUMMARIES && n % 3 === 0 ? [about, `o-${5 + (n % 17)}`] : [about],
        tags: [`tag-${n % 11}`],
      };
    }),
  };
}

const SMALL = JSON.stringify(packFile(1));
const LARGE = JSON.stringify(packFile(2));

/** The extension API as extension pages see it: `browser` in Firefox, `chrome` in Chromium. */
type Api = { runtime: { sendMessage(message: unknown): Promise<unknown>; reload(): void } };

/** What the test keeps on an extension page's window: the probe's state, a started import. */
type ProbeWindow = Window & {
  __probe?: {
    db: IDBDatabase;
    next: number;
    current?: ProbeRead;
    reads: Record<number, ProbeRead>;
    hold?: { release: boolean; held: Promise<void> };
  };
  __import?: Promise<unknown>;
};
/** One read of the test pack's record: `version` once it has completed (null: no such pack). */
type ProbeRead = { id: number; done: boolean; version?: string | null };

/** Opens the probe's own connection to the archive in `page` (an extension page). */
function installProbe(page: TestPage): Promise<void> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('backstory-archive');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    (window as ProbeWindow).__probe = { db, next: 1, reads: {} };
  });
}

/**
 * The probe's current read of the test pack, or a new one if the last has completed. A read is a
 * read-only transaction of its own, so it waits for any read-write one created before it.
 */
function probeRead(page: TestPage): Promise<ProbeRead> {
  return page.evaluate((packId) => {
    const probe = (window as ProbeWindow).__probe;
    if (!probe) throw new Error('no probe in this page');
    if (probe.current && !probe.current.done) return { ...probe.current };
    const read: ProbeRead = { id: probe.next++, done: false };
    const request = probe.db.transaction('packs').objectStore('packs').get(packId);
    request.onsuccess = () => {
      read.version = (request.result as { version?: string } | undefined)?.version ?? null;
      read.done = true;
    };
    request.onerror = () => {
      read.version = `error: ${String(request.error)}`;
      read.done = true;
    };
    probe.current = read;
    probe.reads[read.id] = read;
    return { ...read };
  }, PACK_ID);
}

/**
 * Waits until one probe read has stayed pending for `polls` looks in a row: it is queued behind
 * the import's read-write transaction. A read nothing blocks completes between two looks.
 */
async function waitForBlockedRead(page: TestPage, polls: number): Promise<number> {
  let lastId = 0;
  let pendingLooks = 0;
  for (const end = Date.now() + WAIT; Date.now() < end; await delay(POLL)) {
    const read = await probeRead(page);
    pendingLooks = !read.done && read.id === lastId ? pendingLooks + 1 : 0;
    lastId = read.id;
    if (pendingLooks >= polls) return read.id;
  }
  throw new Error("no probe read ever waited for the import's transaction");
}

/** Waits for probe read `id` to complete and returns the pack version it saw. */
async function readOutcome(page: TestPage, id: number): Promise<string | null> {
  for (const end = Date.now() + WAIT; Date.now() < end; await delay(POLL)) {
    const read = await page.evaluate(
      (readId) => ({ ...(window as ProbeWindow).__probe?.reads[readId] }),
      id,
    );
    if (read.done) return read.version ?? null;
  }
  throw new Error(`probe read ${id} never completed`);
}

/**
 * Opens a read-only transaction over the whole archive in the probe page and keeps it busy until
 * `releaseArchive`: a read-write transaction created meanwhile waits for it.
 */
function holdArchive(page: TestPage): Promise<void> {
  return page.evaluate(async (stores) => {
    const probe = (window as ProbeWindow).__probe;
    if (!probe) throw new Error('no probe in this page');
    const tx = probe.db.transaction(stores, 'readonly');
    const store = tx.objectStore('meta');
    const hold = { release: false, held: Promise.resolve() };
    let started: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (started = resolve));
    // Each request queued from the last one's success keeps the transaction active.
    const again = () => {
      const request = store.count();
      request.onsuccess = () => {
        started();
        if (!hold.release) again();
      };
    };
    again();
    hold.held = new Promise<void>((resolve) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => resolve();
    });
    probe.hold = hold;
    await first;
  }, STORES);
}

/** Lets the held transaction end, and waits until it has. */
function releaseArchive(page: TestPage): Promise<void> {
  return page.evaluate(async () => {
    const hold = (window as ProbeWindow).__probe?.hold;
    if (!hold) return;
    hold.release = true;
    await hold.held;
  });
}

/**
 * Waits until every import the background has started is over: a read-write transaction over the
 * whole archive runs only after those created before it have committed or aborted. (It writes
 * nothing.) The caller first makes sure the background has read the request (`waitForBackground`).
 */
function settle(page: TestPage): Promise<void> {
  return page.evaluate(async (stores) => {
    const probe = (window as ProbeWindow).__probe;
    if (!probe) throw new Error('no probe in this page');
    const tx = probe.db.transaction(stores, 'readwrite');
    tx.objectStore('meta').get('bundled');
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new Error('aborted'));
    });
  }, STORES);
}

/** Sends one request to the background from `page`; resolves to its reply or the error text. */
function send(page: TestPage, message: { type: string; payload: unknown }) {
  return page.evaluate(async (m) => {
    const g = globalThis as unknown as { browser?: Api; chrome: Api };
    const api = g.browser?.runtime ? g.browser : g.chrome;
    try {
      return (await api.runtime.sendMessage(m)) as { ok: boolean; value?: unknown; error?: string };
    } catch (error) {
      return { ok: false, error: String(error) };
    }
  }, message);
}

/**
 * Waits until the background answers again (Chromium starts a stopped service worker for the
 * request). Requests are handled in the order they arrive, and an import creates its transaction
 * in the task that reads its request (the database being open already), so an import sent before
 * has its transaction by the time this one is answered.
 */
async function waitForBackground(page: TestPage): Promise<void> {
  let last = '';
  for (const end = Date.now() + WAIT; Date.now() < end; await delay(POLL)) {
    const reply = await send(page, { type: 'ui:get-tab-report', payload: { tabId: 0 } });
    if (reply.ok) return;
    last = reply.error ?? '';
  }
  throw new Error(`the background never answered again (last: ${last})`);
}

/** The background's reply to an import that succeeded. */
const IMPORTED = { ok: true, value: { ok: true } };

/** The request that imports `text`, replacing the pack's earlier version. */
function importRequest(text: string) {
  return { type: 'ui:import-pack', payload: { text, mode: 'replace' } };
}

/** Sends `text` for import from `page` without waiting; `importReply` reads the outcome. */
function startImport(page: TestPage, text: string): Promise<void> {
  return page.evaluate((packText) => {
    const g = globalThis as unknown as { browser?: Api; chrome: Api };
    const api = g.browser?.runtime ? g.browser : g.chrome;
    (window as ProbeWindow).__import = api.runtime
      .sendMessage({ type: 'ui:import-pack', payload: { text: packText, mode: 'replace' } })
      .catch((error: unknown) => ({ ok: false, error: String(error) }));
  }, text);
}

/** The reply to the import `startImport` sent from `page` (waits for it). */
function importReply(page: TestPage): Promise<unknown> {
  return page.evaluate(() => (window as ProbeWindow).__import);
}

/** Imports `text` from the options page the way a user does: choose the file, look, confirm. */
async function startImportFromUi(page: TestPage, text: string): Promise<void> {
  await page.waitForFunction(
    (selector) => document.querySelector(selector) !== null,
    IMPORT_INPUT,
    {
      timeout: WAIT,
    },
  );
  await page.evaluate(
    ({ selector, content }) => {
      const input = document.querySelector<HTMLInputElement>(selector);
      if (!input) throw new Error(`no file input ${selector}`);
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], 'pack.json', { type: 'application/json' }));
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { selector: IMPORT_INPUT, content: text },
  );
  await page.waitForFunction(() => document.querySelector('.import-preview') !== null, undefined, {
    timeout: WAIT,
  });
  await page.evaluate(() => {
    const button = [
      ...document.querySelectorAll<HTMLButtonElement>(
        'section[aria-labelledby="import-heading"] .notice button',
      ),
    ].find((candidate) => candidate.textContent?.trim() === 'Import');
    if (!button) throw new Error('no Import button');
    button.click();
  });
}

/** Opens the options page (the bundled archive installed) and makes it the probe. */
async function openProbe(extension: ExtensionBrowser): Promise<TestPage> {
  const page = await extension.openExtensionPage('options.html');
  await waitForSummaries(page, bundled.summaries.length);
  await installProbe(page);
  return page;
}

/**
 * Reloads the whole extension from `page` (an extension page), as an update would: its background
 * and every extension page, `page` included, go away and the extension starts again.
 */
async function reloadExtension(page: TestPage): Promise<void> {
  const asked = page
    .evaluate(() => {
      const g = globalThis as unknown as { browser?: Api; chrome: Api };
      (g.browser?.runtime ? g.browser : g.chrome).runtime.reload();
    })
    .catch(() => undefined);
  // The page may go before it can answer, and the driver may then not say so.
  await Promise.race([asked, delay(5_000, undefined, { ref: false })]);
}

/** Waits until the background has a report from the tab showing `url` (its content script ran). */
async function waitForTabReport(extensionPage: TestPage, url: string): Promise<void> {
  for (const end = Date.now() + WAIT; Date.now() < end; await delay(POLL)) {
    if (await tabState(extensionPage, url)) return;
  }
  throw new Error(`no tab ever reported ${url}`);
}

/** Waits until the texts Backstory highlights in `page` are `expected`. */
async function waitForHighlights(page: TestPage, expected: string[]): Promise<void> {
  let last: string[] = [];
  for (const end = Date.now() + WAIT; Date.now() < end; await delay(POLL)) {
    last = await highlightedTexts(page);
    if (isDeepStrictEqual(last, expected)) return;
  }
  throw new Error(`highlights stayed ${JSON.stringify(last)}, not ${JSON.stringify(expected)}`);
}

/** The moment a trial kills the import at. */
type Moment =
  /** Right after the request is sent: the background is still reading the file. */
  | 'start'
  /** The transaction is created but held back by the probe's read-only transaction. */
  | 'waiting'
  /** `ms` after the held-back transaction was let go: it reads, then writes thousands of records. */
  | { running: number }
  /** The import has replied that it is done. */
  | 'committed';

/** How a trial kills the import. */
type Kill =
  /** Close the options page that sent the request; the background carries on. */
  | 'close-page'
  /** `ExtensionBrowser.stopBackground()`: the extension pages stay open. */
  | 'stop-background'
  /** `runtime.reload()` from an extension page: every extension page closes too. */
  | 'reload-extension';

/** One way of killing an import at one moment. */
type Trial = {
  kill: Kill;
  moment: Moment;
  /** `ui`: chosen and confirmed on the options page; `message`: sent by the page's script. */
  via: 'ui' | 'message';
  /** Start from the small version, so the import is the long one (thousands of records added). */
  fromA?: boolean;
  /** Only in this browser. */
  only?: BrowserName;
};

const TRIALS: Trial[] = [
  { kill: 'close-page', moment: 'start', via: 'message' },
  { kill: 'close-page', moment: 'waiting', via: 'ui' },
  { kill: 'stop-background', moment: 'start', via: 'message' },
  { kill: 'stop-background', moment: 'waiting', via: 'message' },
  { kill: 'stop-background', moment: { running: 0 }, via: 'ui', fromA: true },
  { kill: 'stop-background', moment: { running: 400 }, via: 'message', fromA: true },
  { kill: 'stop-background', moment: 'committed', via: 'message' },
  // Chromium leaves an extension loaded with --load-extension unloaded after `runtime.reload()`
  // (its pages fail with ERR_BLOCKED_BY_CLIENT), so only Firefox reloads the whole extension.
  {
    kill: 'reload-extension',
    moment: { running: 200 },
    via: 'message',
    fromA: true,
    only: 'firefox',
  },
];

/** A trial's name in the report. */
function describeTrial({ kill, moment, via }: Trial): string {
  const how = {
    'close-page': 'closing the page that started it',
    'stop-background': 'stopping the background',
    'reload-extension': 'reloading the extension',
  }[kill];
  const when =
    typeof moment === 'object'
      ? `${moment.running} ms after its transaction may start`
      : {
          start: 'right after the request',
          waiting: 'while its transaction waits',
          committed: 'after the commit',
        }[moment];
  return `${how} ${when} (${via})`;
}

/**
 * Where a kill landed. Only a probe read that waited for the transaction can tell that the kill
 * came while it was open; without one, an archive left as it was says only that nothing committed.
 */
type Landed = 'while the transaction was open' | 'after the commit' | 'without a commit';

describe.each(browsers)('%s', (name, launch) => {
  const extension = useExtensionBrowser(launch);
  let probe: TestPage | undefined;
  const states: { A?: ArchiveFingerprint; B?: ArchiveFingerprint } = {};
  const landed: { trial: Trial; where: Landed }[] = [];

  /** The probe page, opened again after a kill that closed it. */
  async function probePage(): Promise<TestPage> {
    if (probe) return probe;
    // Right after an extension reload its pages may not open yet.
    for (const end = Date.now() + WAIT; ; await delay(POLL)) {
      try {
        probe = await openProbe(extension());
        return probe;
      } catch (error) {
        if (Date.now() > end) throw error;
      }
    }
  }

  /** The two states an interrupted import may leave. */
  function twoStates() {
    const { A, B } = states;
    if (!A || !B) throw new Error('the uninterrupted imports did not run');
    return { A, B };
  }

  it('an uninterrupted import, and back: the two states every interrupted one must end in', async () => {
    const page = await probePage();
    const imported = async (text: string) => {
      expect(await send(page, importRequest(text))).toMatchObject(IMPORTED);
      return fingerprintArchive(page);
    };
    const bundledOnly = await fingerprintArchive(page);
    states.A = await imported(SMALL);
    states.B = await imported(LARGE);
    expect(states.A.summaries?.count).toBe(bundled.summaries.length + SMALL_SUMMARIES);
    expect(states.B.summaries?.count).toBe(bundled.summaries.length + LARGE_SUMMARIES);
    expect(states.B.organisations?.count).toBe(bundled.organisations.length + 20);
    // Only the test pack's records differ; the bundled pack and its `meta` record stay.
    expect(states.A.meta).toEqual(bundledOnly.meta);
    expect(states.B.meta).toEqual(bundledOnly.meta);
    expect(states.A).not.toEqual(states.B);
    // Replacing the large version with the small one gives exactly the first state again.
    expect(await imported(SMALL)).toEqual(states.A);

    // A background stopped while idle comes back to the same archive: what it does at start-up
    // (keeping the bundled pack installed) writes nothing.
    await extension().stopBackground();
    await waitForBackground(page);
    await settle(page);
    expect(await fingerprintArchive(page)).toEqual(states.A);
  });

  it.each(
    TRIALS.filter((trial) => !trial.only || trial.only === name).map(
      (trial) => [describeTrial(trial), trial] as const,
    ),
  )('killed by %s: the archive is exactly as before or as after', async (_how, trial) => {
    const { A, B } = twoStates();
    let page = await probePage();
    if (trial.fromA && !isDeepStrictEqual(await fingerprintArchive(page), A)) {
      expect(await send(page, importRequest(SMALL))).toMatchObject(IMPORTED);
    }
    const before = await fingerprintArchive(page);
    expect([A, B]).toContainEqual(before);
    const fromA = isDeepStrictEqual(before, A);
    const after = fromA ? B : A;
    const versions = { before: fromA ? '1' : '2', after: fromA ? '2' : '1' };

    const { kill, moment } = trial;
    const starter = await extension().openExtensionPage('options.html');
    let starterOpen = true;
    let probeOpen = true;
    let blockedRead: number | undefined;
    try {
      const held = moment === 'waiting' || typeof moment === 'object';
      if (held) await holdArchive(page);
      if (trial.via === 'ui') await startImportFromUi(starter, fromA ? LARGE : SMALL);
      else await startImport(starter, fromA ? LARGE : SMALL);
      if (held) {
        // The import's transaction cannot end while the probe holds its own, so this wait may
        // take as long as it needs to be sure the read is queued behind it.
        blockedRead = await waitForBlockedRead(page, 5);
        if (typeof moment === 'object') {
          await releaseArchive(page);
          await delay(moment.running);
        }
      } else if (moment === 'committed') {
        expect(await importReply(starter)).toMatchObject(IMPORTED);
      }

      if (kill === 'close-page') {
        starterOpen = false;
        await starter.close();
      } else if (kill === 'stop-background') {
        await extension().stopBackground();
      } else {
        starterOpen = probeOpen = false;
        probe = undefined;
        await reloadExtension(page);
      }
    } finally {
      if (probeOpen) await releaseArchive(page);
      if (starterOpen) await starter.close();
    }

    // The extension is back, and whatever it had started is over.
    if (!probeOpen) page = await probePage();
    await waitForBackground(page);
    await settle(page);
    const final = await fingerprintArchive(page);
    expect([before, after]).toContainEqual(final);

    let where: Landed = isDeepStrictEqual(final, before) ? 'without a commit' : 'after the commit';
    if (blockedRead !== undefined && probeOpen) {
      // That read waited for the import's transaction and saw what it left.
      const seen = await readOutcome(page, blockedRead);
      expect([versions.before, versions.after]).toContain(seen);
      where = seen === versions.before ? 'while the transaction was open' : 'after the commit';
      expect(final).toEqual(seen === versions.before ? before : after);
    }
    landed.push({ trial, where });
    if (kill === 'close-page' && moment !== 'start') {
      // Closing the page does not stop the background: the import went through.
      expect(final).toEqual(after);
    }
    if (kill === 'stop-background' && moment === 'waiting') {
      expect(where).toBe('while the transaction was open');
    }
    if (moment === 'committed') expect(final).toEqual(after);
  });

  it('some kills found the transaction open while it ran, others came after its commit', () => {
    const wheres = landed.map(({ where }) => where);
    expect(wheres).toContain('after the commit');
    // At least one kill after the transaction had been let go still found it open (each does,
    // unless the machine is slow enough for the import to finish first).
    expect(
      landed.some(
        ({ trial, where }) =>
          typeof trial.moment === 'object' && where === 'while the transaction was open',
      ),
    ).toBe(true);
  });

  it('still works afterwards: an open tab follows later imports, the popup lists them', async () => {
    const { A, B } = twoStates();
    const page = await probePage();
    if (!isDeepStrictEqual(await fingerprintArchive(page), A)) {
      expect(await send(page, importRequest(SMALL))).toMatchObject(IMPORTED);
    }
    // A tab opened by a freshly started background, which then imports and stops again: the tab
    // must follow every change, whichever background announced it.
    await extension().stopBackground();
    await waitForBackground(page);
    const tab = await extension().openPage(fixtureUrl('blank.html'));
    await tab.bringToFront();
    await waitForTabReport(page, fixtureUrl('blank.html'));

    expect(await send(page, importRequest(LARGE))).toMatchObject(IMPORTED);
    expect(await fingerprintArchive(page)).toEqual(B);
    await waitForHighlights(tab, [BLANK_PAGE_PHRASE]);

    await extension().stopBackground();
    expect(await send(page, importRequest(SMALL))).toMatchObject(IMPORTED);
    expect(await fingerprintArchive(page)).toEqual(A);
    await waitForHighlights(tab, []);
    expect(tab.consoleErrors()).toEqual([]);
    await tab.close();

    const popup = await extension().openExtensionPage(
      `popup.html#archive?org=${encodeURIComponent(`${PACK_ID}/o-3`)}`,
    );
    await popup.waitForFunction(
      () => document.querySelectorAll('[role="option"] .result__title').length > 0,
      undefined,
      { timeout: WAIT },
    );
    const titles = await popup.evaluate(() =>
      [...document.querySelectorAll('[role="option"] .result__title')].map((el) => el.textContent),
    );
    expect(titles.every((title) => /^Summary \d+$/.test(title ?? ''))).toBe(true);
    expect(popup.consoleErrors()).toEqual([]);
    await popup.close();
    await page.close();
    probe = undefined;
  });
});

describe('the test packs', () => {
  it.each([
    ['small', SMALL],
    ['large', LARGE],
  ])('the %s version is a valid pack within the limits', (_size, text) => {
    expect(validatePack(JSON.parse(text)).ok).toBe(true);
    expect(new TextEncoder().encode(text).length).toBeLessThan(PACK_LIMITS.fileBytes);
  });
});
