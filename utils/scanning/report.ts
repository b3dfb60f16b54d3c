/**
 * What a frame tells the background: mention count, organisations and a snippet per mention.
 * Built from the mention index in reading order; pure, so its limits are unit-tested.
 */
import type { Mention } from '../matching/matcher';
import type { MentionReport } from '../messaging';
import { SNIPPET_LENGTH, buildSnippet } from './snippets';

/** Most snippets one frame sends: enough for the popup, bounded for pages with huge counts. */
export const MAX_FRAME_SNIPPETS = 500;

/** One run's mentions, as the report reads them. */
export interface ReportedRun {
  readonly text: string;
  readonly mentions: readonly Mention[];
}

/** Options for {@link buildMentionReport}. */
export interface ReportOptions {
  maxSnippets?: number;
  snippetLength?: number;
  /**
   * Snippets built for earlier reports, by mention, for a caller that reports the same page
   * again and again (the scanner, every half second while it reads): a mention never changes
   * (new text makes new mentions), so neither does its snippet. Building 500 snippets allocates
   * ~1.5 MB of short-lived strings in the page's heap, for every report. One cache per
   * `snippetLength`.
   */
  snippetCache?: WeakMap<Mention, string>;
}

/**
 * Sums `runs` (given in reading order) into a report: the total, each organisation's count in
 * order of first appearance, and a snippet per mention up to `maxSnippets`, each with the reason
 * the mention counts. An empty page gives a report with a zero count, which the popup shows as
 * "no mentions" (as opposed to no report: "not scanned").
 */
export function buildMentionReport(
  runs: Iterable<ReportedRun>,
  {
    maxSnippets = MAX_FRAME_SNIPPETS,
    snippetLength = SNIPPET_LENGTH,
    snippetCache,
  }: ReportOptions = {},
): MentionReport {
  let count = 0;
  const perOrg = new Map<string, number>();
  const snippets: MentionReport['snippets'] = [];
  for (const run of runs) {
    for (const mention of run.mentions) {
      count++;
      perOrg.set(mention.orgKey, (perOrg.get(mention.orgKey) ?? 0) + 1);
      if (snippets.length >= maxSnippets) continue;
      let text = snippetCache?.get(mention);
      if (text === undefined) {
        text = buildSnippet(run.text, mention.start, mention.end, snippetLength);
        snippetCache?.set(mention, text);
      }
      snippets.push({
        orgKey: mention.orgKey,
        alias: mention.aliasText,
        text,
        reason: mention.reason,
      });
    }
  }
  return {
    count,
    organisations: [...perOrg].map(([key, n]) => ({ key, count: n })),
    snippets,
  };
}
