/**
 * The page's mentions, kept per text run and updated one run at a time.
 *
 * A scanner reads a page in pieces (viewport first, the rest later, then whatever the page adds
 * or edits), so the context rule cannot be settled per piece: "MEK" in the first paragraph counts
 * when "Mujahedin-e Khalq" appears anywhere on the page, even in a run scanned a second later or
 * added by the page afterwards. The index therefore keeps page evidence (which organisations an
 * unambiguous alias names, and in which runs) and resolves again the runs whose matches depend on
 * it when it changes: one run per `resolveNext()`, so a scanner can spread the work over its
 * slices (a page with thousands of "MEK"s must not get one long task when the evidence arrives).
 *
 * Only runs with at least one match are kept, so memory follows the mentions, not the page.
 * Pure: keys are opaque (the content script uses its text-run objects), no DOM, no globals.
 */
import {
  type ContextEvidence,
  type Matcher,
  type Mention,
  evidenceFromMentions,
  findMentions,
  resolveMentions,
} from '../matching/matcher';

/** What the index holds for one run. */
export interface IndexedRun {
  /** The run's text, as last given to `set`. */
  readonly text: string;
  /** The mentions in it that count, sorted by start, with the reason each counts. */
  readonly mentions: readonly Mention[];
}

/** Options for {@link createMentionIndex}. */
export interface MentionIndexOptions {
  /** Passed to the matcher: how near a context word must be (UTF-16 code units). */
  contextWindow?: number;
}

/** A page's mentions by run; see the module comment. */
export interface MentionIndex<K> {
  /** Records a run's current text (new or edited); a run without any match is dropped. */
  set(key: K, text: string): void;
  /**
   * `set`, also when the text is the one recorded: the matcher grew since. The run counts as
   * changed only if its mentions did, so what is drawn of an unchanged run stays as it is.
   */
  setAgain(key: K, text: string): void;
  /** Forgets a run (its text left the page). */
  delete(key: K): void;
  /** True while some run is resolved against page evidence that has changed since. */
  hasStale(): boolean;
  /** Resolves one such run again (a unit of work for a budgeted scanner). */
  resolveNext(): void;
  /**
   * Returns (and forgets) every key whose mentions changed since the last call, deleted keys
   * included: the caller redraws exactly those.
   */
  takeChanges(): Set<K>;
  /** Resolves every stale run, then returns the changes: `resolveNext` and `takeChanges` in one. */
  settle(): Set<K>;
  /** The run's entry, if it has any match. */
  get(key: K): IndexedRun | undefined;
  /** Every run with a match, in insertion order. */
  entries(): IterableIterator<[K, IndexedRun]>;
  /** The organisations named on the page by an unambiguous alias, with the alias. */
  evidence(): ContextEvidence;
  /** How many runs have matches. */
  readonly size: number;
}

interface Entry {
  text: string;
  mentions: readonly Mention[];
  /**
   * This run's contribution to page evidence: org key, alias, org key, alias… A flat array, not a
   * Map: there is an entry for every run that names someone (thousands on a long page), and a
   * Map's hash table is ~150 bytes for the one or two organisations a run names.
   */
  evidence: RunEvidence;
  /** Whether some match needs context, so the run must be resolved again when evidence changes. */
  contextSensitive: boolean;
  /** The evidence version its mentions were resolved with. */
  resolvedAt: number;
}

/**
 * Evidence changes one re-resolution may cause before the index stops re-queueing: resolving a
 * run can change its own evidence only through a rare overlap, so this is never reached in
 * practice, but it bounds the work if it were.
 */
const MAX_CASCADE = 4;

/** See {@link Entry.evidence}. */
type RunEvidence = readonly string[];

/** One empty list shared by every run that names nobody unambiguously or has no mentions. */
const NONE: readonly never[] = Object.freeze([]);

/** A run's evidence from its mentions (see {@link evidenceFromMentions}), flattened. */
function runEvidence(mentions: readonly Mention[]): RunEvidence {
  const evidence = evidenceFromMentions(mentions);
  if (evidence.size === 0) return NONE;
  // At its exact size: an array grown by pushes keeps room for 17.
  const flat = new Array<string>(evidence.size * 2);
  let i = 0;
  for (const [orgKey, alias] of evidence) {
    flat[i++] = orgKey;
    flat[i++] = alias;
  }
  return flat;
}

/**
 * A copy without spare room, for a list kept as long as its run is on the page: the matcher's
 * lists grow by pushes, and V8 then reserves room for 17 items however few there are.
 */
function exactSize<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? NONE : list.slice();
}

/** Creates an empty index over `matcher`'s organisations. */
export function createMentionIndex<K>(
  matcher: Matcher,
  options: MentionIndexOptions = {},
): MentionIndex<K> {
  const entries = new Map<K, Entry>();
  // org key → the runs naming it unambiguously (insertion order) → the alias they use.
  const supporters = new Map<string, Map<K, string>>();
  const sensitive = new Set<K>();
  /** Sensitive runs to resolve again, queued when the evidence version moves. */
  const stale = new Set<K>();
  const changed = new Set<K>();
  let version = 0;
  let cascade = 0;
  let cachedEvidence: Map<string, string> | undefined;

  function pageEvidence(): Map<string, string> {
    if (!cachedEvidence) {
      cachedEvidence = new Map();
      for (const [orgKey, runs] of supporters) {
        // The earliest run still on the page names the alias a reason quotes.
        const first = runs.values().next();
        if (!first.done) cachedEvidence.set(orgKey, first.value);
      }
    }
    return cachedEvidence;
  }

  /** Adds or removes a run's evidence; bumps the version when the page's evidence changes. */
  function addEvidence(key: K, evidence: RunEvidence) {
    for (let i = 0; i < evidence.length; i += 2) {
      const orgKey = evidence[i] ?? '';
      const alias = evidence[i + 1] ?? '';
      let runs = supporters.get(orgKey);
      if (!runs) {
        runs = new Map();
        supporters.set(orgKey, runs);
      }
      const wasEmpty = runs.size === 0;
      runs.set(key, alias);
      if (wasEmpty) invalidateEvidence();
    }
  }

  function removeEvidence(key: K, evidence: RunEvidence) {
    for (let i = 0; i < evidence.length; i += 2) {
      const orgKey = evidence[i] ?? '';
      const runs = supporters.get(orgKey);
      if (!runs) continue;
      const wasFirst = runs.keys().next().value === key;
      runs.delete(key);
      if (runs.size === 0) supporters.delete(orgKey);
      // A later supporter naming another alias changes the reason text; so re-resolve then too.
      if (wasFirst) invalidateEvidence();
    }
  }

  function invalidateEvidence() {
    version++;
    cachedEvidence = undefined;
    for (const key of sensitive) stale.add(key);
  }

  function resolve(text: string): { mentions: Mention[]; contextSensitive: boolean } {
    const matches = matcher.findMatches(text);
    // Nearly every run on a page: nothing to resolve, so no evidence maps to build.
    if (matches.length === 0) return { mentions: [], contextSensitive: false };
    const contextSensitive = matches.some((match) => matcher.requiresContext(match));
    if (!contextSensitive) {
      // Without an ambiguous match every match counts as it is, so one scan is enough.
      return { mentions: resolveMentions(matches, text, matcher), contextSensitive };
    }
    // `findMentions` settles overlaps after the context rule (an ambiguous alias that does not
    // count never hides one that does), which needs its own scan; ambiguous runs are rare.
    const mentions = findMentions(matcher, text, {
      pageEvidence: pageEvidence(),
      contextWindow: options.contextWindow,
    });
    return { mentions, contextSensitive };
  }

  function forget(key: K, entry: Entry) {
    removeEvidence(key, entry.evidence);
    entries.delete(key);
    sensitive.delete(key);
    stale.delete(key);
  }

  function resolveNext() {
    const next = stale.values().next();
    if (next.done) return;
    const key = next.value;
    stale.delete(key);
    const entry = entries.get(key);
    if (!entry || entry.resolvedAt === version) return;
    const mentions = findMentions(matcher, entry.text, {
      pageEvidence: pageEvidence(),
      contextWindow: options.contextWindow,
    });
    entry.resolvedAt = version;
    if (sameMentions(entry.mentions, mentions)) return;
    entry.mentions = exactSize(mentions);
    changed.add(key);
    const evidence = runEvidence(mentions);
    if (sameEvidence(entry.evidence, evidence) || cascade >= MAX_CASCADE) return;
    // Resolving changed what this run says about the page: the others are stale again.
    cascade++;
    removeEvidence(key, entry.evidence);
    entry.evidence = evidence;
    addEvidence(key, evidence);
  }

  function takeChanges() {
    const result = new Set(changed);
    changed.clear();
    if (stale.size === 0) cascade = 0;
    return result;
  }

  /** `set`, and with `again` also for the same text; then a change only if the mentions differ. */
  function put(key: K, text: string, again: boolean) {
    const old = entries.get(key);
    if (old && old.text === text && !again) return;
    if (old) forget(key, old);
    const { mentions, contextSensitive } = resolve(text);
    const differs = !old || !again || !sameMentions(old.mentions, mentions);
    if (mentions.length === 0 && !contextSensitive) {
      if (old && old.mentions.length > 0) changed.add(key);
      return;
    }
    const evidence = runEvidence(mentions);
    addEvidence(key, evidence);
    entries.set(key, {
      text,
      mentions: exactSize(mentions),
      evidence,
      contextSensitive,
      resolvedAt: version,
    });
    if (contextSensitive) sensitive.add(key);
    if (differs && (mentions.length > 0 || (old && old.mentions.length > 0))) changed.add(key);
  }

  return {
    set: (key, text) => put(key, text, false),
    setAgain: (key, text) => put(key, text, true),

    delete(key) {
      const old = entries.get(key);
      if (!old) return;
      forget(key, old);
      if (old.mentions.length > 0) changed.add(key);
    },

    hasStale: () => stale.size > 0,
    resolveNext,
    takeChanges,
    settle() {
      while (stale.size > 0) resolveNext();
      return takeChanges();
    },
    get: (key) => entries.get(key),
    entries: () => entries.entries(),
    evidence: () => pageEvidence(),
    get size() {
      return entries.size;
    },
  };
}

function sameReason(a: Mention['reason'], b: Mention['reason']): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'context-alias' && b.kind === 'context-alias') {
    return a.supportingAlias === b.supportingAlias;
  }
  if (a.kind === 'context-word' && b.kind === 'context-word') return a.word === b.word;
  return true;
}

/** True when two mention lists would draw and report the same. */
export function sameMentions(a: readonly Mention[], b: readonly Mention[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    return (
      y !== undefined &&
      x.start === y.start &&
      x.end === y.end &&
      x.orgKey === y.orgKey &&
      x.aliasIndex === y.aliasIndex &&
      sameReason(x.reason, y.reason)
    );
  });
}

/** Whether two runs' evidence names the same organisations by the same aliases, in any order. */
function sameEvidence(a: RunEvidence, b: RunEvidence): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 2) {
    let found = false;
    for (let j = 0; j < b.length && !found; j += 2) {
      found = a[i] === b[j] && a[i + 1] === b[j + 1];
    }
    if (!found) return false;
  }
  return true;
}
