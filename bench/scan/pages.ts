/**
 * The pages the benchmark generates: a large article (realistic prose in paragraphs, inline
 * elements, lists and tables, with a known number of mentions planted in it) and a live-feed page
 * that appends nodes every animation frame. Both are deterministic for a given seed.
 */
import { createRandom, type Random } from './random';

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which ' +
  'but have an they you were her she there been one all we their has would when if so no will ' +
  'more can who out up said about into them some could time these two may first then do any like ' +
  'my now over such our man me even most made after also did many before must through back years ' +
  'where much your way well down should because each just those people how too little state good ' +
  'very make world still own see men work long get here between both life being under never day ' +
  'same another know while last might us great old year off come since against go came right used ' +
  'take three himself few house use during without again place around however home small found ' +
  'thought went say part once general high upon school every does got united left number course ' +
  'war until always away something fact though water less public put think almost hand enough far ' +
  'took head yet government system better set told nothing night end why called find going look ' +
  'asked later knew point next program city business give group toward young days let room ' +
  'president side social given present several order national possible rather second face per ' +
  'among form important often things early white case become large big need four within felt ' +
  'along children saw best church ever least power development light thing seemed family interest ' +
  'want members others mind country area done although open problem sense service certain making ' +
  'turned kind question report market council region harbour railway museum library bridge garden ' +
  'festival orchestra weather season river valley mountain coast village district committee budget ' +
  'schedule timetable survey science history language century archive province engineer teacher'
).split(' ');

const CAPITALISED = [
  'Harbour Board',
  'City Council',
  'Regional Museum',
  'Northern Railway',
  'Valley Orchestra',
  'Coastal Survey',
  'Library Trust',
  'Science Festival',
];

/** Persian filler prose (no alias of any pack in it). */
const PERSIAN_WORDS =
  'گزارش تازه درباره بودجه شهر و برنامه کتابخانه منتشر شد و کارشناسان درباره آینده منطقه سخن گفتند'.split(
    ' ',
  );

/** How many of each kind of mention the generated article holds. */
export interface PlantedMentions {
  /** Every planted mention: each is one whole alias of the bundled pack, in one text node. */
  total: number;
  /** Mentions by the alias text as planted (with an attached Persian prefix where there is one). */
  byAlias: Record<string, number>;
  /** Ambiguous aliases (MEK, NCRI) with a context word in the same sentence. */
  ambiguousWithContext: number;
  /**
   * Ambiguous aliases with no context word nearby ("MEK" the solvent). Backstory still counts
   * them here, because unambiguous aliases of the same organisation appear elsewhere on the page
   * (the page-level evidence rule).
   */
  ambiguousWithoutContext: number;
}

/** A generated page and what it holds. */
export interface GeneratedPage {
  html: string;
  /** Text nodes written into the markup (including whitespace between blocks). */
  textNodes: number;
  planted: PlantedMentions;
}

/** Escapes text for HTML element content and double-quoted attributes. */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (ch) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[ch]};`);

/** Builds markup and counts the text nodes it writes. */
class Markup {
  private parts: string[] = [];
  bytes = 0;
  textNodes = 0;
  /** True after text, until the next tag: adjacent text merges into one node. */
  private inText = false;
  tag(markup: string) {
    this.parts.push(markup);
    this.bytes += markup.length;
    this.inText = false;
  }
  text(text: string) {
    if (text.length === 0) return;
    const escaped = escapeHtml(text);
    this.parts.push(escaped);
    this.bytes += Buffer.byteLength(escaped);
    if (!this.inText) this.textNodes++;
    this.inText = true;
  }
  toString() {
    return this.parts.join('');
  }
}

/** A sentence holding one whole alias of the bundled pack, and how it counts. */
export type MentionSentence = { text: string; alias: string; kind: 'plain' | 'context' | 'bare' };

const ENGLISH_ALIASES = [
  'MKO',
  'PMOI',
  'Mujahedin Khalq',
  'Mujahedin-e Khalq',
  'Mojahedin-e Khalq',
  'Mujahedin Khalq Organization',
  "People's Mojahedin Organization of Iran",
  "People's Mujahedin of Iran",
  'Mujahedeen-e-Khalq',
  'National Council of Resistance of Iran',
];
const PERSIAN_ALIASES = ['سازمان مجاهدین خلق ایران', 'مجاهدین خلق', 'شورای ملی مقاومت ایران'];
const PERSIAN_PREFIXES = ['', '', 'و', 'از'];

/**
 * A sentence with one mention: an unambiguous alias (60%), "MEK"/"NCRI" next to a context word
 * (15%), one with no context word (`bare`: counts only where the page names the organisation
 * unambiguously elsewhere; 10%), or a Persian alias, sometimes with an attached prefix (15%).
 */
export function mentionSentence(random: Random): MentionSentence {
  const roll = random.next();
  const noun = () => random.pick(['report', 'budget', 'council', 'survey', 'archive', 'program']);
  if (roll < 0.6) {
    const alias = random.pick(ENGLISH_ALIASES);
    const text = random.pick([
      `Reports said the ${alias} had issued a statement about the ${noun()}.`,
      `According to the ${noun()}, members of the ${alias} were present.`,
      `A spokesman for the ${alias} declined to comment on the ${noun()}.`,
    ]);
    return { text, alias, kind: 'plain' };
  }
  if (roll < 0.75) {
    const alias = random.pick(['MEK', 'NCRI']);
    const where = random.pick(['Tirana', 'Albania', 'Auvers-sur-Oise', 'Ashraf']);
    return {
      text: `The ${alias}, whose leader Maryam Rajavi spoke near ${where}, said the ${noun()} was late.`,
      alias,
      kind: 'context',
    };
  }
  if (roll < 0.85) {
    return random.chance(0.5)
      ? { text: 'The plant stores MEK and acetone in sealed drums.', alias: 'MEK', kind: 'bare' }
      : { text: 'The NCRI index rose two points in the spring.', alias: 'NCRI', kind: 'bare' };
  }
  const alias = random.pick(PERSIAN_ALIASES);
  const prefixed = random.pick(PERSIAN_PREFIXES) + alias;
  return { text: `گزارش تازه ${prefixed} درباره بودجه منتشر شد.`, alias: prefixed, kind: 'plain' };
}

/** A sentence of filler prose (no alias of any pack), sometimes with a capitalised name in it. */
export function sentence(random: Random, words = random.int(7, 18)): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(random.pick(WORDS));
  const first = out[0] ?? 'the';
  out[0] = first[0]?.toUpperCase() + first.slice(1);
  if (random.chance(0.15)) out.splice(random.int(1, out.length - 1), 0, random.pick(CAPITALISED));
  return `${out.join(' ')}${random.pick(['.', '.', '.', '?', ';'])}`;
}

/** Options for {@link generateArticlePage}. */
export interface ArticleOptions {
  seed: number;
  /** Stop adding sections once the markup is this long (UTF-8 bytes). */
  targetBytes: number;
  /** Roughly how many mentions to plant (the exact number is in `planted.total`). */
  mentions: number;
}

/**
 * A long article: sections of paragraphs with links and emphasis, lists, tables, quotes and some
 * Persian lines, ~20 bytes of markup per word. Mentions are planted in whole sentences spread
 * evenly, the first one in the opening paragraph so it is in the viewport at load.
 */
export function generateArticlePage(options: ArticleOptions): GeneratedPage {
  const random = createRandom(options.seed);
  const m = new Markup();
  const planted: PlantedMentions = {
    total: 0,
    byAlias: {},
    ambiguousWithContext: 0,
    ambiguousWithoutContext: 0,
  };
  // ~8.5 sentences per 1,000 bytes of markup (measured).
  const mentionRate = options.mentions / ((options.targetBytes / 1000) * 8.5);
  let forceMention = true;
  const prose = () => {
    if (forceMention || random.chance(mentionRate)) {
      forceMention = false;
      const mention = mentionSentence(random);
      planted.total++;
      planted.byAlias[mention.alias] = (planted.byAlias[mention.alias] ?? 0) + 1;
      if (mention.kind === 'context') planted.ambiguousWithContext++;
      if (mention.kind === 'bare') planted.ambiguousWithoutContext++;
      return mention.text;
    }
    return sentence(random);
  };

  const phrase = (tagName: string, words: [number, number]) => {
    m.tag(`<${tagName}>`);
    m.text(sentence(random, random.int(...words)));
    m.tag(`</${tagName}>`);
  };
  /** A paragraph of prose with links and emphasis; a mention never straddles an element. */
  const paragraph = () => {
    m.tag('<p>');
    const sentences = random.int(3, 7);
    for (let i = 0; i < sentences; i++) {
      m.text(`${prose()} `);
      if (random.chance(0.55)) {
        const kind = random.pick(['a', 'em', 'strong', 'code', 'span']);
        if (kind === 'a') {
          m.tag(`<a href="#s${random.int(1, 999)}">`);
          m.text(sentence(random, random.int(2, 4)).slice(0, -1));
          m.tag('</a>');
        } else {
          m.tag(kind === 'span' ? '<span class="term">' : `<${kind}>`);
          m.text(sentence(random, random.int(1, 3)).slice(0, -1));
          m.tag(`</${kind}>`);
        }
        m.text(' ');
      }
    }
    m.tag('</p>');
    m.text('\n');
  };
  const list = () => {
    const tagName = random.pick(['ul', 'ol']);
    m.tag(`<${tagName}>`);
    m.text('\n');
    const items = random.int(3, 8);
    for (let i = 0; i < items; i++) {
      m.tag('<li>');
      m.text(`${prose()} `);
      if (random.chance(0.4)) phrase('em', [1, 3]);
      m.tag('</li>');
      m.text('\n');
    }
    m.tag(`</${tagName}>`);
    m.text('\n');
  };
  const table = () => {
    m.tag('<table><thead><tr>');
    const columns = random.int(3, 5);
    for (let c = 0; c < columns; c++) phrase('th', [1, 2]);
    m.tag('</tr></thead><tbody>');
    const rows = random.int(4, 10);
    for (let r = 0; r < rows; r++) {
      m.tag('<tr>');
      for (let c = 0; c < columns; c++) {
        m.tag('<td>');
        m.text(
          c === columns - 1 && random.chance(0.5) ? prose() : sentence(random, random.int(1, 4)),
        );
        m.tag('</td>');
      }
      m.tag('</tr>');
    }
    m.tag('</tbody></table>');
    m.text('\n');
  };
  const persian = () => {
    m.tag('<p lang="fa" dir="rtl">');
    const words = Array.from({ length: random.int(8, 16) }, () => random.pick(PERSIAN_WORDS));
    m.text(`${words.join(' ')}. ${random.chance(0.3) ? prose() : ''}`);
    m.tag('</p>');
    m.text('\n');
  };

  m.tag(
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<title>Generated benchmark article</title><style>' +
      'body{font:16px/1.5 Georgia,serif;max-width:46em;margin:0 auto;padding:1em}' +
      'table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}' +
      '.term{font-variant:small-caps}' +
      '</style></head><body>',
  );
  m.text('\n');
  m.tag('<header><h1>');
  m.text('Regional archive: a long report');
  m.tag('</h1><nav><ul>');
  for (let i = 1; i <= 8; i++) {
    m.tag(`<li><a href="#section-${i}">`);
    m.text(`Section ${i}`);
    m.tag('</a></li>');
  }
  m.tag('</ul></nav></header>');
  m.text('\n');
  m.tag('<main><article>');
  paragraph();
  for (let section = 1; m.bytes < options.targetBytes; section++) {
    m.tag(`<section id="section-${section}">`);
    phrase('h2', [3, 7]);
    m.text('\n');
    const blocks = random.int(6, 14);
    for (let b = 0; b < blocks; b++) {
      const roll = random.next();
      if (roll < 0.62) paragraph();
      else if (roll < 0.77) list();
      else if (roll < 0.87) table();
      else if (roll < 0.93) persian();
      else {
        m.tag('<blockquote>');
        paragraph();
        m.tag('</blockquote>');
        m.text('\n');
      }
    }
    m.tag('</section>');
    m.text('\n');
  }
  m.tag('</article></main></body></html>');
  return { html: m.toString(), textNodes: m.textNodes, planted };
}

/** Options for {@link generateFeedPage}. */
export interface FeedOptions {
  seed: number;
  /** Paragraphs present at load (every tenth holds a mention). */
  initialParagraphs: number;
  /** Nodes appended per animation frame: half paragraphs, half their text nodes. */
  nodesPerFrame: number;
}

/** A live-feed page and what it holds at load. */
export interface FeedPage {
  html: string;
  /** Mention sentences among the paragraphs present at load. */
  initialMentions: number;
}

/**
 * A live feed: a scrolling column that, once `window.__benchFeed.run(ms)` is called, appends
 * `nodesPerFrame` nodes every animation frame, scrolls to the newest line (a forced layout, as
 * chat and log views do) and records how long its own callback took. Every tenth appended
 * paragraph holds a mention, so a scanner that follows mutations has something to find.
 */
export function generateFeedPage(options: FeedOptions): FeedPage {
  const random = createRandom(options.seed);
  const isMention = (i: number) => i % 10 === 0;
  const lines = Array.from({ length: 400 }, (_, i) =>
    isMention(i) ? mentionSentence(random).text : sentence(random),
  );
  const initial = Array.from(
    { length: options.initialParagraphs },
    (_, i) => `<p>${escapeHtml(lines[i % lines.length] ?? '')}</p>`,
  ).join('\n');
  const script = `
(() => {
  const lines = ${JSON.stringify(lines)};
  const perFrame = ${Math.max(1, Math.floor(options.nodesPerFrame / 2))};
  const feed = document.getElementById('feed');
  const isMention = (i) => i % 10 === 0;
  let next = 0;
  window.__benchFeed = {
    run(durationMs) {
      return new Promise((resolve) => {
        const own = [];
        const intervals = [];
        let started = 0;
        let last = 0;
        let mentionsAppended = 0;
        const frame = (now) => {
          if (!started) started = now;
          if (last) intervals.push(now - last);
          last = now;
          const t0 = performance.now();
          const fragment = document.createDocumentFragment();
          for (let i = 0; i < perFrame; i++) {
            const p = document.createElement('p');
            if (isMention(next % lines.length)) mentionsAppended++;
            p.textContent = lines[next++ % lines.length];
            fragment.append(p);
          }
          feed.append(fragment);
          feed.scrollTop = feed.scrollHeight;
          own.push(performance.now() - t0);
          if (now - started < durationMs) requestAnimationFrame(frame);
          else resolve({ frames: own.length, nodesPerFrame: perFrame * 2, mentionsAppended, own, intervals });
        };
        requestAnimationFrame(frame);
      });
    },
  };
})();
`;
  let initialMentions = 0;
  for (let i = 0; i < options.initialParagraphs; i++)
    if (isMention(i % lines.length)) initialMentions++;
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Live feed</title>' +
    '<style>html,body{margin:0;height:100%}#feed{height:100%;overflow:auto;' +
    'font:15px/1.4 system-ui,sans-serif;padding:0 1em}p{margin:.3em 0}</style></head><body>' +
    `<div id="feed">\n${initial}\n</div><script>${script}</script></body></html>`;
  return { html, initialMentions };
}
