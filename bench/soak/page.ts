/**
 * The soak page: an infinite-scroll news feed whose own DOM stays bounded, as real virtualised
 * feeds keep theirs. A reader (the driver) scrolls it down in small steps; near the bottom the
 * feed appends a batch of posts, and once it holds more than its window it removes the oldest
 * posts above the viewport (keeping the reader's place). Meanwhile it edits its own text the way feeds do: reply
 * counts in the headlines of the posts on screen tick up, and every post's "n min ago" ages.
 *
 * Posts are drawn in turn from a fixed set of templates (generated from a seed), so the page's
 * own strings and memory are the same at minute 1 and minute 10: what grows on this page, grows
 * because of something else. Each template knows how many mentions Backstory should find in it,
 * so the page can say at any moment how many mentions it holds.
 */
import { escapeHtml, mentionSentence, sentence } from '../scan/pages';
import { createRandom, type Random } from '../scan/random';

/** Options for {@link generateSoakPage}. */
export interface SoakPageOptions {
  seed: number;
  /** Distinct posts the feed cycles through. */
  templates: number;
  /** Posts in the HTML at load. */
  initialPosts: number;
  /** Posts appended each time the reader nears the bottom. */
  batch: number;
  /** Most posts kept on the page; the oldest go beyond this. */
  window: number;
}

/** A generated soak page. */
export interface SoakPage {
  html: string;
  /** Mentions in each template, in template order. */
  mentionsPerTemplate: number[];
}

/** What the page's hook reports (see `window.__soak.stats()` in the page script). */
export interface SoakPageStats {
  /** Posts on the page now. */
  posts: number;
  /** Posts appended / removed since load (the initial ones not counted as appended). */
  appended: number;
  removed: number;
  /** Mentions Backstory should find in the posts on the page now. */
  expectedMentions: number;
  /** Mentions in every post appended since load. */
  mentionsAppended: number;
  /** Elements in the document, and text nodes under the body. */
  elements: number;
  textNodes: number;
  /** How far the reader has scrolled in all (CSS px, by `scrollStep`), and the page's height. */
  scrolledPx: number;
  pageHeight: number;
  /** Text edits the page made to itself (reply counters and ages). */
  textEdits: number;
}

/** The page's hook for the driver. */
export interface SoakHook {
  /** Starts (or continues) the live updates. */
  resume(): void;
  /** Stops them, so the page and Backstory can go quiet for a measurement. */
  pause(): void;
  /**
   * The reader scrolls down by `px`. The driver scrolls both tabs step by step, so both read
   * exactly as far whatever either one's frame rate.
   */
  scrollStep(px: number): void;
  stats(): SoakPageStats;
}

declare global {
  interface Window {
    __soak?: SoakHook;
  }
}

const ENGLISH_UNAMBIGUOUS = {
  mko: ['Mujahedin-e Khalq', "People's Mojahedin Organization of Iran", 'PMOI', 'MKO'],
  ncri: ['National Council of Resistance of Iran'],
} as const;

const AUTHORS = ['A. Rahimi', 'J. Osei', 'M. Lindqvist', 'P. Novak', 'S. Okafor', 'T. Brennan'];

/**
 * One post as markup with its expected mentions. Mention sentences come from the scan
 * benchmark's generator (each holds one whole alias that counts); a post with an ambiguous alias
 * and no context word ("bare") also names that organisation unambiguously, so the alias counts by
 * page evidence whenever the post is on the page, whatever else has gone.
 */
function generatePost(random: Random): { html: string; mentions: number } {
  let mentions = 0;
  const parts: string[] = ['<article class="post" data-m="{m}">'];
  // Headline: sometimes about an organisation, always with a live reply counter inside it, so
  // the page edits text in the very run Backstory highlights.
  let title = sentence(random, random.int(4, 9)).slice(0, -1);
  if (random.chance(0.3)) {
    const alias = random.pick(ENGLISH_UNAMBIGUOUS.mko);
    title = `${alias}: ${title[0]?.toLowerCase()}${title.slice(1)}`;
    mentions++;
  }
  parts.push(
    `<header><h2>${escapeHtml(title)} <small class="replies">(<span class="n">${random.int(0, 40)}</span> replies)</small></h2>`,
    `<p class="meta">By ${escapeHtml(random.pick(AUTHORS))} · <time>${random.int(1, 59)} min ago</time></p></header>`,
  );
  const needsEvidence = new Set<'mko' | 'ncri'>();
  const paragraphs = random.int(2, 4);
  for (let p = 0; p < paragraphs; p++) {
    const sentences: string[] = [];
    const count = random.int(2, 5);
    for (let s = 0; s < count; s++) {
      if (random.chance(0.18)) {
        const mention = mentionSentence(random);
        mentions++;
        if (mention.kind === 'bare') needsEvidence.add(mention.alias === 'MEK' ? 'mko' : 'ncri');
        let text = escapeHtml(mention.text);
        // Now and then the alias's last word is emphasised: one mention across two text nodes.
        const words = mention.alias.split(' ');
        if (mention.kind === 'plain' && words.length > 1 && random.chance(0.25)) {
          const last = words.pop() ?? '';
          text = text.replace(
            escapeHtml(mention.alias),
            `${escapeHtml(words.join(' '))} <em>${escapeHtml(last)}</em>`,
          );
        }
        sentences.push(text);
      } else {
        let text = escapeHtml(sentence(random));
        if (random.chance(0.3)) {
          const link = escapeHtml(sentence(random, random.int(2, 4)).slice(0, -1));
          text += ` <a href="#p${random.int(1, 999)}">${link}</a>.`;
        }
        sentences.push(text);
      }
    }
    const persian = /[\u0600-\u06ff]/.test(sentences.join(''));
    parts.push(
      persian ? `<p lang="fa">${sentences.join(' ')}</p>` : `<p>${sentences.join(' ')}</p>`,
    );
  }
  for (const org of needsEvidence) {
    const alias = random.pick(ENGLISH_UNAMBIGUOUS[org]);
    parts.push(`<p>Background: the ${escapeHtml(alias)} has been covered here before.</p>`);
    mentions++;
  }
  if (random.chance(0.25)) {
    parts.push('<ul class="comments">');
    for (let c = random.int(1, 3); c > 0; c--) {
      parts.push(
        `<li><b>${escapeHtml(random.pick(AUTHORS))}</b>: ${escapeHtml(sentence(random, random.int(4, 12)))}</li>`,
      );
    }
    parts.push('</ul>');
  }
  parts.push('</article>');
  return { html: parts.join('').replace('{m}', String(mentions)), mentions };
}

/** Builds the page; deterministic for a seed. */
export function generateSoakPage(options: SoakPageOptions): SoakPage {
  const random = createRandom(options.seed);
  const posts = Array.from({ length: options.templates }, () => generatePost(random));
  const initial = posts
    .slice(0, options.initialPosts)
    .map((p) => p.html)
    .join('\n');
  const script = `
(() => {
  const templates = ${JSON.stringify(posts.map((p) => p.html))};
  const mentionsIn = ${JSON.stringify(posts.map((p) => p.mentions))};
  const config = ${JSON.stringify({
    batch: options.batch,
    window: options.window,
  })};
  const feed = document.getElementById('feed');
  let next = ${options.initialPosts % options.templates};
  let appended = 0;
  let removed = 0;
  let mentionsAppended = 0;
  let scrolledPx = 0;
  let textEdits = 0;
  let paused = true;

  // Infinite scroll: two screens from the bottom, the next batch arrives (from a warm cache).
  function loadMore() {
    let html = '';
    for (let i = 0; i < config.batch; i++) {
      html += templates[next];
      mentionsAppended += mentionsIn[next];
      next = (next + 1) % templates.length;
      appended++;
    }
    feed.insertAdjacentHTML('beforeend', html);
    // Virtualised: beyond the window the oldest posts go, and the reader keeps their place.
    const excess = feed.children.length - config.window;
    if (excess > 0) {
      const anchor = feed.children[excess];
      const before = anchor.getBoundingClientRect().top;
      for (let i = 0; i < excess; i++) feed.firstElementChild.remove();
      removed += excess;
      scrollBy(0, anchor.getBoundingClientRect().top - before);
    }
  }
  addEventListener('scroll', () => {
    if (scrollY + innerHeight > document.documentElement.scrollHeight - 2 * innerHeight) loadMore();
  });
  // The feed opens where the reader left it, near its end: the next batch is a few steps away.
  scrollTo(0, Math.max(0, document.documentElement.scrollHeight - 4 * innerHeight));

  // Live updates: the replies of the posts on screen tick up every second; every post ages
  // every 20 s. Text edits in place, as a framework would make them (characterData).
  setInterval(() => {
    if (paused) return;
    for (const post of feed.children) {
      const box = post.getBoundingClientRect();
      if (box.bottom < 0) continue;
      if (box.top > innerHeight) break;
      const text = post.querySelector('.replies .n').firstChild;
      text.data = String(Number(text.data) + 1);
      textEdits++;
    }
  }, 1000);
  setInterval(() => {
    if (paused) return;
    for (const time of feed.querySelectorAll('time')) {
      const text = time.firstChild;
      text.data = text.data.replace(/^\\d+/, (n) => String(Number(n) + 1));
      textEdits++;
    }
  }, 20000);

  window.__soak = {
    resume() { paused = false; },
    pause() { paused = true; },
    scrollStep(px) {
      scrollBy(0, px);
      scrolledPx += px;
    },
    stats() {
      let expectedMentions = 0;
      for (const post of feed.children) expectedMentions += Number(post.dataset.m);
      let textNodes = 0;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) textNodes++;
      return {
        posts: feed.children.length,
        appended,
        removed,
        expectedMentions,
        mentionsAppended,
        elements: document.getElementsByTagName('*').length,
        textNodes,
        scrolledPx,
        pageHeight: document.documentElement.scrollHeight,
        textEdits,
      };
    },
  };
})();
`;
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">' +
    '<title>Soak feed</title><style>' +
    // The feed keeps the reader's place itself (see loadMore), so the browser must not as well.
    'html{overflow-anchor:none}body{font:16px/1.5 Georgia,serif;max-width:44em;margin:0 auto;padding:1em}' +
    '.post{border-bottom:1px solid #ccc;padding:.5em 0}.meta{color:#666;font-size:.85em}' +
    'h2{font-size:1.2em;margin:.3em 0}.comments{font-size:.9em}' +
    '</style></head><body><header><h1>Latest</h1></header>' +
    `<main id="feed">\n${initial}\n</main><script>${script}</script></body></html>`;
  return { html, mentionsPerTemplate: posts.map((p) => p.mentions) };
}
