/**
 * The mention matcher: finds where organisations' aliases are written in a text.
 *
 * `compileMatcher` turns all aliases of all organisations into one trie over folded text (see
 * `fold.ts` and `automaton.ts`), so a page is scanned once whatever the number of aliases.
 * Occurrences are then checked where they were found: word boundaries (with Persian attached
 * prefixes), letter case for case-sensitive aliases, and leftmost-longest selection so that
 * overlapping aliases give one mention. Ambiguous aliases (those with `context`) only count where
 * the text supports them; see {@link resolveMentions}.
 *
 * Above {@link LAZY_ABOVE_ALIASES} aliases the trie is built lazily: every alias gets a key (a
 * short run of letters from one of its words, see `keys.ts`), each text is read for keys before it
 * is matched, and the trie is rebuilt from the aliases whose keys have turned up. A page then
 * holds a trie of what it mentions rather than of every alias; what any call answers is the same.
 *
 * Pure: no DOM, no browser globals. Offsets are UTF-16 offsets into the text as given.
 *
 * For a whole page scanned block by block: keep page evidence (`evidenceFromMentions` of each
 * block's mentions, or `matcher.findContextEvidence(block)`, merged with `mergeEvidence`) and pass
 * it as `pageEvidence` to `findMentions`; matches dropped for lack of context
 * (`matcher.requiresContext`) can be resolved again with `resolveMentions` when evidence grows.
 */

import type { Alias } from '../packs/model';
import {
  type Automaton,
  buildAutomatonSteps,
  runToEnd,
  scanPatternStarts,
  scanText,
} from './automaton';
import { isBoundaryAfter, isBoundaryBefore, isWordCodePoint, prefixStartBefore } from './boundary';
import { FOLD_PRESERVING_CASE_TABLE, HYPHEN, SPACE, foldText } from './fold';
import { type KeyIndex, createKeyIndexBuilder, keyWindow } from './keys';
import { type StoredPatterns, createPatternStore } from './patterns';

/** What the matcher needs to know about an organisation. */
export interface MatcherOrganisation {
  /** Global key (`packId/orgId`); keys must be unique, later duplicates are ignored. */
  key: string;
  name: string;
  aliases: readonly Alias[];
}

/** One place where an alias is written. */
export interface Match {
  /** UTF-16 offset of the first visible code unit of the alias in the text. */
  start: number;
  /** UTF-16 offset just after its last visible code unit. */
  end: number;
  orgKey: string;
  /** Index of the alias in the organisation's `aliases`. */
  aliasIndex: number;
  /** The alias as written in the pack (not as written on the page). */
  aliasText: string;
}

/** Why a match counts as a mention, so the UI can explain it. */
export type MatchReason =
  /** The alias is unambiguous. */
  | { kind: 'alias' }
  /** An ambiguous alias, supported by an unambiguous alias of the same organisation on the page. */
  | { kind: 'context-alias'; supportingAlias: string }
  /** An ambiguous alias, supported by one of its context words written nearby. */
  | { kind: 'context-word'; word: string };

/** A match that counts, with the reason it counts. */
export type Mention = Match & { reason: MatchReason };

/**
 * Organisations known to be mentioned by an unambiguous alias somewhere on the page: org key →
 * the alias text (as in the pack). Built per text block by {@link Matcher.findContextEvidence}
 * and merged by the caller, so ambiguous aliases can be resolved against the whole page.
 */
export type ContextEvidence = ReadonlyMap<string, string>;

/** Options for resolving ambiguous aliases. */
export interface ContextOptions {
  /**
   * How far (in UTF-16 code units, between the edges of the two spans) a context word may be
   * from an ambiguous match. Defaults to {@link DEFAULT_CONTEXT_WINDOW}.
   */
  contextWindow?: number;
  /** Evidence found elsewhere on the page, e.g. in text blocks scanned earlier. */
  pageEvidence?: ContextEvidence;
}

/** Default distance within which a context word supports an ambiguous alias. */
export const DEFAULT_CONTEXT_WINDOW = 300;

/**
 * A compiled set of organisations' aliases; safe to reuse for every text. What it answers never
 * changes; a lazy one only grows its trie inside.
 */
export interface Matcher {
  readonly organisations: readonly MatcherOrganisation[];
  /** Sizes, for diagnostics and benchmarks. */
  readonly size: { aliases: number; patterns: number; states: number };
  /**
   * Every alias occurrence in `text`, without the context rule: non-overlapping
   * (leftmost-longest), sorted by start. Use {@link findMentions} for what to highlight.
   */
  findMatches(text: string): Match[];
  /**
   * The organisations that an unambiguous alias (one without `context`) names in `text`, with the
   * alias (as in the pack). For page-level context: merge the evidence of every block and pass it
   * as `pageEvidence`. Scans `text` again; see `evidenceFromMentions` to reuse a scan.
   */
  findContextEvidence(text: string): Map<string, string>;
  /** True when the match's alias is ambiguous and needs context to count as a mention. */
  requiresContext(match: Match): boolean;
  /** The alias a match was found by. */
  aliasOf(match: Match): Alias | undefined;
}

interface AliasEntry {
  orgKey: string;
  aliasIndex: number;
  alias: Alias;
  /** Whether the first/last folded unit is a letter, mark or digit (only then is a boundary due). */
  startIsWord: boolean;
  endIsWord: boolean;
  prefixes: readonly Uint16Array[];
  needsContext: boolean;
}

interface Candidate {
  start: number;
  end: number;
  /** Alias id: index into the matcher's alias entries, which is also its priority on ties. */
  alias: number;
}

interface ContextWordEntry {
  alias: number;
  word: string;
}

interface ContextHit {
  start: number;
  end: number;
  entry: ContextWordEntry;
}

interface MatcherInternals {
  /** Indexed by alias id; `undefined` for an alias a lazy matcher has not compiled (yet). */
  aliases: (AliasEntry | undefined)[];
  firstAliasOfOrg: Map<string, number>;
  automaton: Automaton;
  /**
   * Each alias pattern's alias id (`owners`) and case-kept form. Not the patterns themselves:
   * once the trie is built nothing reads them, and the page's heap need not keep them.
   */
  patterns: Pick<StoredPatterns, 'owners' | 'caseStart' | 'caseUnits'>;
  contextAutomaton: Automaton;
  contextEntries: ContextWordEntry[];
  /** Whether each context pattern's first/last unit is a word character. */
  contextEdges: boolean[][];
}

/**
 * A matcher compiled lazily (see {@link CompileOptions.lazyAbove}): the keys of every alias, and
 * which aliases the trie holds so far. The trie is rebuilt (from those aliases) whenever a text
 * holds the key of one it lacks.
 */
interface LazyState {
  orgs: readonly MatcherOrganisation[];
  keys: KeyIndex;
  /** 1 for each alias id in the trie. */
  compiled: Uint8Array;
  aliasCount: number;
  /** Scratch list for {@link KeyIndex.scan}. */
  found: number[];
  /** For remote keys: where keys met go (then `found` holds keys, and nothing is compiled). */
  report?: (keys: readonly number[]) => void;
}

/** What a matcher holds: its current trie and, for a lazy one, what it may still add. */
interface MatcherState {
  internals: MatcherInternals;
  lazy: LazyState | undefined;
  /** What `organisations` answers: the list compiled, or grown to (see extendMatcherInSlices). */
  organisations: readonly MatcherOrganisation[];
  aliasCount: number;
}

const stateOf = new WeakMap<Matcher, MatcherState>();

/** Whether a pattern's first or last unit is a letter, mark or digit (boundaries matter there). */
function isWordUnit(unit: number | undefined): boolean {
  return unit !== undefined && isWordCodePoint(unit);
}

/** Options for {@link compileMatcher}. */
export interface CompileOptions {
  /**
   * Above this many aliases the matcher compiles lazily: it keeps a key of each alias (see
   * `keys.ts`) and builds its trie from the aliases whose key a text it is given contains,
   * growing it as later texts bring others. Results are the same; a page then holds a trie the
   * size of what it mentions, not of every alias. {@link LAZY_ABOVE_ALIASES} by default.
   */
  lazyAbove?: number;
  /**
   * Keys of aliases held elsewhere (the background's, see `keyed-source.ts`): each text is read
   * for them, and keys met for the first time are handed to `onKeys`, so that their aliases can
   * be fetched and a matcher compiled with them. The matcher itself compiles what it is given.
   */
  remoteKeys?: {
    index: KeyIndex;
    onKeys(keys: readonly number[]): void;
  };
}

/**
 * A stand-in for an alias that is not in a partial list (see `keyed-source.ts`): it keeps the
 * other aliases' indexes, and the matcher compiles nothing for it.
 */
export const NO_ALIAS: Alias = Object.freeze({ text: '', caseSensitive: false });

/**
 * Alias count above which matchers compile lazily. Below it a whole trie is small (2 ms and
 * ~40 KB for 500 aliases), and reading every text once more for keys would cost more than it saves.
 */
export const LAZY_ABOVE_ALIASES = 500;

/**
 * Compiles the aliases of `orgs` into a matcher. Aliases that fold to nothing are skipped.
 * About linear in the total length of the aliases (their patterns are sorted once); 10,000 aliases
 * compile in ~40 ms (Node, `npm run bench:matcher`), so the content script uses
 * {@link compileMatcherInSlices}. Above `options.lazyAbove` aliases only their keys are compiled
 * at once (see {@link CompileOptions}).
 */
export function compileMatcher(
  orgs: readonly MatcherOrganisation[],
  options: CompileOptions = {},
): Matcher {
  return runToEnd(compileSteps(orgs, options));
}

/** How {@link compileMatcherInSlices} shares the thread. */
export interface CompileSlicing {
  /** A clock in ms. */
  now(): number;
  /** Resolves when the compile may go on (after other tasks had their turn). */
  pause(): Promise<unknown>;
  /** Longest stretch of work between pauses, in ms; 8 by default. */
  budgetMs?: number;
}

/**
 * {@link compileMatcher} spread over several tasks: it pauses whenever a stretch of work passes
 * the budget (checked every few hundred aliases or few thousand automaton states), so a page
 * never waits for a long task while thousands of aliases compile.
 */
export async function compileMatcherInSlices(
  orgs: readonly MatcherOrganisation[],
  slicing: CompileSlicing,
  options: CompileOptions = {},
): Promise<Matcher> {
  return runInSlices(compileSteps(orgs, options), slicing);
}

/** Runs `steps` to the end, pausing whenever a stretch of work passes the slicing's budget. */
async function runInSlices<T>(steps: Generator<void, T>, slicing: CompileSlicing): Promise<T> {
  const budget = slicing.budgetMs ?? 8;
  let deadline = slicing.now() + budget;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (slicing.now() >= deadline) {
      await slicing.pause();
      deadline = slicing.now() + budget;
    }
  }
}

/**
 * Grows a matcher compiled with `remoteKeys` in place: `orgs` is its list of organisations with
 * the aliases fetched since filled in (and organisations added after the others), so every alias
 * keeps its index. The new trie is compiled in slices and replaces the old one at once; from then
 * on the same matcher finds the new aliases too. Texts scanned before are not scanned again: the
 * caller reads them again (see the page scanner's `rematch`). Mentions found before stay valid,
 * since they name an organisation and an alias index, not a place in the trie.
 */
export async function extendMatcherInSlices(
  matcher: Matcher,
  orgs: readonly MatcherOrganisation[],
  slicing: CompileSlicing,
): Promise<void> {
  const state = stateOfMatcher(matcher);
  const lazy = state.lazy;
  if (!lazy?.report) throw new TypeError('Only a matcher compiled with remoteKeys can grow');
  const { accepted, firstAliasOfOrg, aliasCount } = acceptOrganisations(orgs);
  const internals = await runInSlices(
    internalsSteps(accepted, firstAliasOfOrg, undefined),
    slicing,
  );
  state.internals = internals;
  state.organisations = accepted;
  state.aliasCount = aliasCount;
  lazy.orgs = accepted;
  lazy.aliasCount = aliasCount;
}

/** The organisations a matcher compiles (the first of any key), and where each one's aliases start. */
function acceptOrganisations(orgs: readonly MatcherOrganisation[]) {
  const accepted: MatcherOrganisation[] = [];
  const firstAliasOfOrg = new Map<string, number>();
  let aliasCount = 0;
  for (const org of orgs) {
    if (firstAliasOfOrg.has(org.key)) continue;
    accepted.push(org);
    firstAliasOfOrg.set(org.key, aliasCount);
    aliasCount += org.aliases.length;
  }
  return { accepted, firstAliasOfOrg, aliasCount };
}

/** An empty list shared by every alias without prefixes or context words. */
const NONE: readonly never[] = Object.freeze([]);

/** Aliases folded between two pauses of the compile. */
const ALIASES_PER_STEP = 250;

function* compileSteps(
  orgs: readonly MatcherOrganisation[],
  options: CompileOptions,
): Generator<void, Matcher> {
  const { accepted, firstAliasOfOrg, aliasCount } = acceptOrganisations(orgs);

  let lazy: LazyState | undefined;
  if (options.remoteKeys) {
    lazy = {
      orgs: accepted,
      keys: options.remoteKeys.index,
      compiled: new Uint8Array(0),
      aliasCount,
      found: [],
      report: options.remoteKeys.onKeys,
    };
  } else if (aliasCount > (options.lazyAbove ?? LAZY_ABOVE_ALIASES)) {
    const keys = yield* keySteps(accepted);
    const compiled = new Uint8Array(aliasCount);
    for (const alias of keys.keyless) compiled[alias] = 1;
    lazy = { orgs: accepted, keys, compiled, aliasCount, found: [] };
  }
  const state: MatcherState = {
    internals: yield* internalsSteps(
      accepted,
      firstAliasOfOrg,
      lazy && !lazy.report ? lazy.compiled : undefined,
    ),
    lazy,
    organisations: accepted,
    aliasCount,
  };

  const aliasIdOf = (match: Match): number => {
    const first = state.internals.firstAliasOfOrg.get(match.orgKey);
    return first === undefined ? -1 : first + match.aliasIndex;
  };

  const matcher: Matcher = {
    get organisations() {
      return state.organisations;
    },
    get size() {
      return {
        aliases: state.aliasCount,
        patterns: state.internals.patterns.owners.length,
        states: state.internals.automaton.stateCount,
      };
    },
    findMatches: (text) => {
      const m = coveredInternals(state, text);
      return selectLeftmostLongest(findCandidates(m, text)).map((c) => toMatch(m, c));
    },
    findContextEvidence: (text) => {
      const m = coveredInternals(state, text);
      return evidenceFrom(m, findCandidates(m, text));
    },
    requiresContext: (match) => state.internals.aliases[aliasIdOf(match)]?.needsContext ?? false,
    aliasOf: (match) => state.internals.aliases[aliasIdOf(match)]?.alias,
  };

  stateOf.set(matcher, state);
  return matcher;
}

/** Folds every alias (no trie) and indexes its patterns' keys. */
function* keySteps(orgs: readonly MatcherOrganisation[]): Generator<void, KeyIndex> {
  const builder = createKeyIndexBuilder();
  let store = createPatternStore();
  let id = 0;
  for (const org of orgs) {
    for (const alias of org.aliases) {
      store.add(alias.text, { keepCase: false }, id++);
      if (id % ALIASES_PER_STEP === 0) {
        const patterns = store.finish();
        builder.addPatterns(patterns, patterns.owners);
        store = createPatternStore();
        yield;
      }
    }
  }
  const patterns = store.finish();
  builder.addPatterns(patterns, patterns.owners);
  return builder.finish();
}

/**
 * Builds a trie of the aliases of `orgs` (alias ids counted across them in order), or only of
 * those marked in `include`.
 */
function* internalsSteps(
  orgs: readonly MatcherOrganisation[],
  firstAliasOfOrg: Map<string, number>,
  include: Uint8Array | undefined,
): Generator<void, MatcherInternals> {
  const aliases: (AliasEntry | undefined)[] = [];
  // Compiling runs in the page's own heap, so its garbage is the page's too: folded forms go
  // into one growing buffer, and aliases without prefixes or context words share empty lists.
  const patterns = createPatternStore();
  const contextPatterns = createPatternStore();
  const contextEntries: ContextWordEntry[] = [];
  const contextEdges: boolean[][] = [];
  let added = 0;

  for (const org of orgs) {
    for (let aliasIndex = 0; aliasIndex < org.aliases.length; aliasIndex++) {
      const alias = org.aliases[aliasIndex] as Alias;
      const id = aliases.length;
      if ((include && !include[id]) || alias === NO_ALIAS) {
        aliases.push(undefined);
        continue;
      }
      if (++added % ALIASES_PER_STEP === 0) yield;
      const forms = patterns.add(alias.text, { keepCase: alias.caseSensitive === true }, id);
      const first = patterns.count - forms;
      const context = alias.context?.length
        ? alias.context.filter((word) => foldText(word).length > 0)
        : NONE;
      aliases.push({
        orgKey: org.key,
        aliasIndex,
        alias,
        startIsWord: forms > 0 && isWordUnit(patterns.firstUnitOf(first)),
        endIsWord: forms > 0 && isWordUnit(patterns.lastUnitOf(first)),
        prefixes: alias.prefixes?.length
          ? alias.prefixes
              .map((prefix) => foldText(prefix))
              // A prefix with a separator in it would already be a word boundary.
              .filter((prefix) => prefix.length > 0 && !prefix.includes(' '))
              .map((prefix) => Uint16Array.from(prefix, (ch) => ch.charCodeAt(0)))
          : NONE,
        needsContext: context.length > 0,
      });
      for (const word of context) {
        const wordAdded = contextPatterns.add(word, { keepCase: false }, id);
        for (let p = contextPatterns.count - wordAdded; p < contextPatterns.count; p++) {
          contextEntries.push({ alias: id, word });
          contextEdges.push([
            isWordUnit(contextPatterns.firstUnitOf(p)),
            isWordUnit(contextPatterns.lastUnitOf(p)),
          ]);
        }
      }
    }
  }

  const stored = patterns.finish();
  const automaton = yield* buildAutomatonSteps(stored);
  const contextAutomaton = yield* buildAutomatonSteps(contextPatterns.finish());
  return {
    aliases,
    firstAliasOfOrg,
    automaton,
    patterns: { owners: stored.owners, caseStart: stored.caseStart, caseUnits: stored.caseUnits },
    contextAutomaton,
    contextEntries,
    contextEdges,
  };
}

/**
 * Adds to a lazy matcher's trie the aliases whose keys `found` lists (from scans), if any are
 * new; the current internals either way.
 */
function grow(state: MatcherState): MatcherInternals {
  const lazy = state.lazy;
  if (!lazy || lazy.found.length === 0) return state.internals;
  if (lazy.report) {
    lazy.report(lazy.found.splice(0));
    return state.internals;
  }
  let added = false;
  for (const alias of lazy.found) {
    if (alias >= 0 && alias < lazy.aliasCount && !lazy.compiled[alias]) {
      lazy.compiled[alias] = 1;
      added = true;
    }
  }
  lazy.found.length = 0;
  if (added) {
    state.internals = runToEnd(
      internalsSteps(lazy.orgs, state.internals.firstAliasOfOrg, lazy.compiled),
    );
  }
  return state.internals;
}

/** The internals to scan `text` with: for a lazy matcher, grown by the keys `text` holds. */
function coveredInternals(state: MatcherState, text: string): MatcherInternals {
  const lazy = state.lazy;
  if (!lazy) return state.internals;
  lazy.keys.scan(text, 0, text.length, keyWindow(), lazy.found);
  return grow(state);
}

function toMatch(m: MatcherInternals, candidate: Candidate): Match {
  const entry = m.aliases[candidate.alias];
  return {
    start: candidate.start,
    end: candidate.end,
    orgKey: entry?.orgKey ?? '',
    aliasIndex: entry?.aliasIndex ?? -1,
    aliasText: entry?.alias.text ?? '',
  };
}

function stateOfMatcher(matcher: Matcher): MatcherState {
  const found = stateOf.get(matcher);
  if (!found) throw new TypeError('Not a matcher made by compileMatcher');
  return found;
}

function internals(matcher: Matcher): MatcherInternals {
  return stateOfMatcher(matcher).internals;
}

/** Every verified occurrence (boundaries, prefixes, case), overlapping ones included. */
function findCandidates(m: MatcherInternals, text: string): Candidate[] {
  const candidates: Candidate[] = [];
  scanText(m.automaton, text, (pattern, start, end) => {
    const alias = m.patterns.owners[pattern] ?? -1;
    const entry = m.aliases[alias];
    if (!entry) return;
    if (entry.endIsWord && !isBoundaryAfter(text, end)) return;
    if (entry.startIsWord && !isBoundaryBefore(text, start)) {
      if (!entry.prefixes.some((prefix) => prefixStartBefore(text, start, prefix) >= 0)) return;
    }
    if (!hasSameCase(m, pattern, text, start, end)) return;
    candidates.push({ start, end, alias });
  });
  return candidates;
}

/**
 * A scan of a long text for where an alias *might* be written, done a part at a time: every
 * occurrence of an alias's folded form whose letter case fits, with no word-boundary, prefix or
 * context check. Those depend on the text around an occurrence, and this text is a page's
 * `textContent` (or a piece of it), in which neighbouring blocks run together. So this finds every place
 * `findMentions` could find something in any stretch of the text (and more): what it does not
 * find cannot be a mention. The page scanner uses it to skip reading blocks with no candidate.
 */
export interface CandidateScan {
  /** Scans up to `units` more code units; true when the whole text is done. */
  step(units: number): boolean;
  /** Start offsets of the candidates found so far, ascending, without repeats. */
  starts(): number[];
}

/** Options for {@link scanCandidates}. */
export interface CandidateScanOptions {
  /**
   * The text was read for the matcher's remote keys already, and the aliases of the keys met
   * are compiled (the page's text, read before its aliases were fetched): the scan does not read
   * it for keys again. Only for a matcher with remote keys.
   */
  keysRead?: boolean;
}

/** Starts a {@link CandidateScan} of `text`. */
export function scanCandidates(
  matcher: Matcher,
  text: string,
  { keysRead = false }: CandidateScanOptions = {},
): CandidateScan {
  const state = stateOfMatcher(matcher);
  if (keysRead && !state.lazy?.report) {
    throw new TypeError('keysRead is only for a matcher with remote keys');
  }
  const found: number[] = [];
  let position = 0;
  // A lazy matcher first reads the text for keys, a part per step, then grows its trie once.
  let keyPosition = state.lazy && !keysRead ? 0 : text.length;
  const window = keyWindow();
  let m = state.internals;
  const accept = (pattern: number, start: number, end: number) =>
    hasSameCase(m, pattern, text, start, end);
  return {
    step(units) {
      const budget = Math.max(1, units);
      if (state.lazy && keyPosition < text.length) {
        state.lazy.keys.scan(text, keyPosition, keyPosition + budget, window, state.lazy.found);
        keyPosition = Math.min(keyPosition + budget, text.length);
        if (keyPosition < text.length) return false;
        grow(state);
      }
      m = state.internals;
      const to = position + budget;
      scanPatternStarts(m.automaton, text, position, to, accept, found);
      position = Math.min(to, text.length);
      return position >= text.length;
    },
    starts: () => found,
  };
}

/**
 * Whether a span of page text has the letter case of the pattern it matched: always, unless the
 * pattern's alias is case-sensitive. Folds the span as the pattern was folded.
 */
function hasSameCase(
  m: MatcherInternals,
  pattern: number,
  text: string,
  start: number,
  end: number,
): boolean {
  const { caseStart, caseUnits } = m.patterns;
  const from = caseStart[pattern] ?? -1;
  if (from < 0) return true;
  const to = from + (m.automaton.patternLength[pattern] ?? 0);
  let k = from;
  let previousWasSeparator = false;
  for (let i = start; i < end; i++) {
    let f = FOLD_PRESERVING_CASE_TABLE[text.charCodeAt(i)] ?? 0;
    if (f === 0) continue;
    if (f === SPACE || f === HYPHEN) {
      if (previousWasSeparator) continue;
      previousWasSeparator = true;
      f = SPACE;
    } else {
      previousWasSeparator = false;
    }
    if (k >= to || caseUnits[k++] !== f) return false;
  }
  return k === to;
}

/** Leftmost first; at one start the longest; on identical spans the alias given first. */
function selectLeftmostLongest(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end || a.alias - b.alias);
  const selected: Candidate[] = [];
  let reached = 0;
  for (const candidate of candidates) {
    if (candidate.start < reached) continue;
    selected.push(candidate);
    reached = candidate.end;
  }
  return selected;
}

/**
 * The unambiguous aliases among `candidates`, one per organisation: the leftmost-longest, which is
 * the one a reader sees highlighted rather than a shorter alias inside it.
 */
function evidenceFrom(m: MatcherInternals, candidates: readonly Candidate[]): Map<string, string> {
  const best = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const entry = m.aliases[candidate.alias];
    if (!entry || entry.needsContext) continue;
    const seen = best.get(entry.orgKey);
    if (
      !seen ||
      candidate.start < seen.start ||
      (candidate.start === seen.start && candidate.end > seen.end)
    ) {
      best.set(entry.orgKey, candidate);
    }
  }
  const evidence = new Map<string, string>();
  for (const [orgKey, candidate] of best) {
    evidence.set(orgKey, m.aliases[candidate.alias]?.alias.text ?? '');
  }
  return evidence;
}

function findContextHits(m: MatcherInternals, text: string): ContextHit[] {
  const hits: ContextHit[] = [];
  scanText(m.contextAutomaton, text, (pattern, start, end) => {
    const entry = m.contextEntries[pattern];
    const [startIsWord, endIsWord] = m.contextEdges[pattern] ?? [];
    if (!entry) return;
    if (startIsWord && !isBoundaryBefore(text, start)) return;
    if (endIsWord && !isBoundaryAfter(text, end)) return;
    hits.push({ start, end, entry });
  });
  return hits;
}

interface Span {
  start: number;
  end: number;
}

/** Index of the first span in `sorted` (by start) whose start is at least `start`. */
function firstStartingAt(sorted: readonly Span[], start: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid]?.start ?? 0) < start) low = mid + 1;
    else high = mid;
  }
  return low;
}

const byStart = (a: Span, b: Span): number => a.start - b.start || a.end - b.end;

/**
 * Keeps the candidates that count as mentions and says why. An alias without `context` always
 * counts. An ambiguous one counts when the organisation is named by an unambiguous alias in
 * `evidence` (preferred: it is the stronger signal), else when one of the alias's own context
 * words is within the window; the nearest such word is reported.
 *
 * A context word that overlaps an ambiguous match does not count until that match is itself
 * supported. Otherwise two ambiguous acronyms that list each other ("MEK" and "NCRI" in the
 * bundled pack) would support each other on an oncology page about MEK inhibitors and the
 * National Cancer Research Institute. Support propagates, so a chain ("NCRI" supported by
 * "Tehran", then "MEK" by the word "NCRI") still resolves. Linear in the number of
 * (match, nearby context word) pairs.
 */
function resolveContext(
  m: MatcherInternals,
  candidates: readonly Candidate[],
  text: string,
  evidence: ContextEvidence,
  contextWindow: number,
): { candidate: Candidate; reason: MatchReason }[] {
  const reasons = new Map<Candidate, MatchReason>();
  const pending: Candidate[] = [];
  for (const candidate of candidates) {
    const entry = m.aliases[candidate.alias];
    if (!entry) continue;
    const supportingAlias = evidence.get(entry.orgKey);
    if (!entry.needsContext) reasons.set(candidate, { kind: 'alias' });
    else if (supportingAlias !== undefined) {
      reasons.set(candidate, { kind: 'context-alias', supportingAlias });
    } else pending.push(candidate);
  }
  if (pending.length > 0) {
    for (const [candidate, hit] of supportByContextWords(m, pending, text, contextWindow)) {
      reasons.set(candidate, { kind: 'context-word', word: hit.entry.word });
    }
  }
  return candidates.flatMap((candidate) => {
    const reason = reasons.get(candidate);
    return reason ? [{ candidate, reason }] : [];
  });
}

/** The ambiguous candidates that context words support, each with its nearest usable word. */
function supportByContextWords(
  m: MatcherInternals,
  unsorted: readonly Candidate[],
  text: string,
  contextWindow: number,
): Map<Candidate, ContextHit> {
  const pending = [...unsorted].sort(byStart);
  const hits = findContextHits(m, text).sort(byStart);
  const longestHit = hits.reduce((max, hit) => Math.max(max, hit.end - hit.start), 0);
  const longestPending = pending.reduce((max, c) => Math.max(max, c.end - c.start), 0);

  // Which pending matches each hit overlaps (it is blocked until they are all supported)...
  const blockers = new Int32Array(hits.length);
  const blocks: number[][] = pending.map(() => []);
  hits.forEach((hit, h) => {
    for (
      let c = firstStartingAt(pending, hit.start - longestPending + 1);
      c < pending.length;
      c++
    ) {
      const candidate = pending[c];
      if (!candidate || candidate.start >= hit.end) break;
      if (candidate.end > hit.start) {
        blockers[h] = (blockers[h] ?? 0) + 1;
        blocks[c]?.push(h);
      }
    }
  });
  // ...and which pending matches it would support: its alias's word, near but not inside it.
  const supports: number[][] = hits.map(() => []);
  const supportedBy: number[][] = pending.map(() => []);
  pending.forEach((candidate, c) => {
    const from = firstStartingAt(hits, candidate.start - contextWindow - longestHit);
    for (let h = from; h < hits.length; h++) {
      const hit = hits[h];
      if (!hit || hit.start > candidate.end + contextWindow) break;
      if (hit.entry.alias !== candidate.alias) continue;
      if (hit.start < candidate.end && candidate.start < hit.end) continue;
      const gap =
        hit.start >= candidate.end ? hit.start - candidate.end : candidate.start - hit.end;
      if (gap > contextWindow) continue;
      supports[h]?.push(c);
      supportedBy[c]?.push(h);
    }
  });

  // Words that are themselves ambiguous matches explain less well ("MEK because of NCRI, NCRI
  // because of MEK"), so a supported match names a plain word when one is near enough.
  const overlapsMatch = blockers.map((count) => (count > 0 ? 1 : 0));
  const supported = new Uint8Array(pending.length);
  const freeHits: number[] = [];
  blockers.forEach((count, h) => {
    if (count === 0) freeHits.push(h);
  });
  while (freeHits.length > 0) {
    const h = freeHits.pop() ?? 0;
    for (const c of supports[h] ?? []) {
      if (supported[c]) continue;
      supported[c] = 1;
      for (const blocked of blocks[c] ?? []) {
        blockers[blocked] = (blockers[blocked] ?? 0) - 1;
        if (blockers[blocked] === 0) freeHits.push(blocked);
      }
    }
  }

  const result = new Map<Candidate, ContextHit>();
  pending.forEach((candidate, c) => {
    if (!supported[c]) return;
    let nearest: ContextHit | undefined;
    let nearestRank = Infinity;
    for (const h of supportedBy[c] ?? []) {
      const hit = hits[h];
      if (!hit || blockers[h] !== 0) continue;
      const gap =
        hit.start >= candidate.end ? hit.start - candidate.end : candidate.start - hit.end;
      const rank = (overlapsMatch[h] ?? 0) * (contextWindow + 1) + gap;
      if (rank < nearestRank) {
        nearest = hit;
        nearestRank = rank;
      }
    }
    if (nearest) result.set(candidate, nearest);
  });
  return result;
}

/**
 * Applies the context rule to matches found in `text` (normally the output of
 * `matcher.findMatches(text)`) and drops ambiguous ones that the text does not support.
 *
 * Support comes from an unambiguous alias of the same organisation among `matches` or in
 * `options.pageEvidence`, or from a context word within `options.contextWindow` of the match in
 * `text`. A scanner that works block by block can keep the dropped matches
 * (`matcher.requiresContext`) and resolve them again once later blocks add page evidence.
 */
export function resolveMentions(
  matches: readonly Match[],
  text: string,
  matcher: Matcher,
  options: ContextOptions = {},
): Mention[] {
  const m = internals(matcher);
  /** The alias entry a match names, or undefined for a match this matcher does not know. */
  const entryOf = (match: Match) => {
    const first = m.firstAliasOfOrg.get(match.orgKey);
    return first === undefined ? undefined : m.aliases[first + match.aliasIndex];
  };
  // No ambiguous alias (most runs with mentions): each match counts as an alias, and there is no
  // evidence to weigh, so none of the maps below is built.
  if (!matches.some((match) => entryOf(match)?.needsContext)) {
    const mentions: Mention[] = [];
    for (const match of matches) {
      if (entryOf(match)) mentions.push({ ...match, reason: { kind: 'alias' } });
    }
    return mentions;
  }
  const byCandidate = new Map<Candidate, Match>();
  const candidates: Candidate[] = [];
  for (const match of matches) {
    const first = m.firstAliasOfOrg.get(match.orgKey);
    if (first === undefined || !m.aliases[first + match.aliasIndex]) continue;
    const candidate = { start: match.start, end: match.end, alias: first + match.aliasIndex };
    byCandidate.set(candidate, match);
    candidates.push(candidate);
  }
  const evidence = mergeEvidence(options.pageEvidence, evidenceFrom(m, candidates));
  return resolveContext(
    m,
    candidates,
    text,
    evidence,
    options.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
  ).flatMap(({ candidate, reason }) => {
    const match = byCandidate.get(candidate);
    return match ? [{ ...match, reason }] : [];
  });
}

/**
 * The mentions in `text`: matches that pass the context rule, non-overlapping (leftmost-longest),
 * sorted by start. The context rule is applied before overlaps are settled, so an ambiguous alias
 * that does not count never hides a shorter alias that does.
 */
export function findMentions(
  matcher: Matcher,
  text: string,
  options: ContextOptions = {},
): Mention[] {
  const m = coveredInternals(stateOfMatcher(matcher), text);
  const candidates = findCandidates(m, text);
  const evidence = mergeEvidence(options.pageEvidence, evidenceFrom(m, candidates));
  const reasons = new Map<Candidate, MatchReason>();
  for (const { candidate, reason } of resolveContext(
    m,
    candidates,
    text,
    evidence,
    options.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
  )) {
    reasons.set(candidate, reason);
  }
  return selectLeftmostLongest([...reasons.keys()]).map((candidate) => ({
    ...toMatch(m, candidate),
    reason: reasons.get(candidate) ?? { kind: 'alias' },
  }));
}

/**
 * Page evidence from mentions already found in a block: the organisations named there by an
 * unambiguous alias. Saves the second scan that `matcher.findContextEvidence` would make, at the
 * cost of missing an unambiguous alias hidden inside a longer match (rare).
 */
export function evidenceFromMentions(mentions: readonly Mention[]): Map<string, string> {
  const evidence = new Map<string, string>();
  for (const mention of mentions) {
    if (mention.reason.kind === 'alias' && !evidence.has(mention.orgKey)) {
      evidence.set(mention.orgKey, mention.aliasText);
    }
  }
  return evidence;
}

/** Combines evidence from several text blocks; the first alias seen for an organisation wins. */
export function mergeEvidence(...sources: (ContextEvidence | undefined)[]): Map<string, string> {
  const merged = new Map<string, string>();
  for (const source of sources) {
    for (const [orgKey, alias] of source ?? []) if (!merged.has(orgKey)) merged.set(orgKey, alias);
  }
  return merged;
}
