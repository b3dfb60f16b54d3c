import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { compileMatcher, findMentions, mergeEvidence } from '../../utils/matching/matcher';
import { sendRequest, type Envelope, type MentionReport } from '../../utils/messaging';
import { createHighlighter, highlightName } from './highlights';
import { collectTextRuns, positionInRun } from './text-runs';
import './style.css';

/** Longest line of context sent to the popup per mention. */
const SNIPPET_RADIUS = 60;

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  runAt: 'document_idle',
  // The ::highlight() rules go in the manifest, so they exist before the page's first paint and
  // never appear in the page's DOM.
  cssInjectionMode: 'manifest',
  async main(ctx) {
    const send = (message: Envelope) => browser.runtime.sendMessage(message);
    const source = await sendRequest(send, 'content:get-matcher-source', {});
    if (ctx.isInvalid) return;
    const matcher = compileMatcher(source.organisations);
    const slotOf = new Map(source.organisations.map((org, index) => [org.key, index]));
    const highlighter = createHighlighter();
    ctx.onInvalidated(() => highlighter.clear());

    const runs = document.body ? collectTextRuns(document.body) : [];
    const evidence = runs.reduce(
      (all, run) => mergeEvidence(all, matcher.findContextEvidence(run.text)),
      new Map<string, string>(),
    );
    const groups = new Map<string, AbstractRange[]>();
    const perOrg = new Map<string, number>();
    const snippets: MentionReport['snippets'] = [];
    let count = 0;
    for (const run of runs) {
      for (const mention of findMentions(matcher, run.text, { pageEvidence: evidence })) {
        const start = positionInRun(run, mention.start, false);
        const end = positionInRun(run, mention.end, true);
        const name = highlightName('bg', slotOf.get(mention.orgKey) ?? 0);
        const range = new StaticRange({
          startContainer: start.node,
          startOffset: start.offset,
          endContainer: end.node,
          endOffset: end.offset,
        });
        groups.set(name, [...(groups.get(name) ?? []), range]);
        perOrg.set(mention.orgKey, (perOrg.get(mention.orgKey) ?? 0) + 1);
        count++;
        if (snippets.length < 500) {
          snippets.push({
            orgKey: mention.orgKey,
            alias: mention.aliasText,
            text: run.text
              .slice(Math.max(0, mention.start - SNIPPET_RADIUS), mention.end + SNIPPET_RADIUS)
              .replace(/\s+/g, ' ')
              .trim(),
          });
        }
      }
    }
    highlighter.set(groups);
    await sendRequest(send, 'content:report-mentions', {
      frameUrl: location.href,
      documentId: crypto.randomUUID(),
      report: {
        count,
        organisations: [...perOrg].map(([key, n]) => ({ key, count: n })),
        snippets,
      },
    });
  },
});
