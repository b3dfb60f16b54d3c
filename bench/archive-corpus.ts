/**
 * The benchmark's archive: a pack of 10,000 generated summaries about 40 generated organisations,
 * and the fixed 200 queries run against it. Deterministic (a seeded PRNG), so every run measures
 * the same work. The shape follows real packs: English and Persian summaries, acronyms and
 * Persian aliases, dates of every precision, a few dozen sources.
 */

/** Mulberry32: a small, fast, seeded PRNG. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENGLISH = `government opposition council members leader election minister report court ruling
protest parliament party coalition movement agreement talks sanctions economy budget refugees camp
border security army police militia spokesman statement interview investigation evidence witness
documents archive history founder exile capital region province village city district mayor
governor president deputy committee hearing vote campaign funding donors lobby conference summit
embassy ambassador treaty ceasefire violence attack arrest detention prison release amnesty trial
verdict appeal lawyer judge rights freedom press media newspaper broadcast journalist editor column
analysis survey poll support criticism defectors families letters memoir allegations denial claims
sources officials diplomats experts researchers scholars students workers union strike factory
company contract oil gas pipeline energy water drought harvest farmers prices inflation currency
bank loans debt reform constitution referendum monarchy republic revolution uprising resistance
network leadership cult ideology propaganda recruitment training weapons funding transparency
accountability inquiry commission hearing testimony archives diaspora community activists`
  .split(/\s+/)
  .filter(Boolean);

const PERSIAN =
  `دولت مخالفان شورا اعضا رهبر انتخابات وزیر گزارش دادگاه حکم اعتراض مجلس حزب ائتلاف جنبش
توافق مذاکرات تحریم اقتصاد بودجه پناهندگان اردوگاه مرز امنیت ارتش پلیس سخنگو بیانیه مصاحبه تحقیق
شاهد اسناد تاریخ بنیانگذار تبعید پایتخت استان روستا شهر رئیس‌جمهور کمیته رأی کمپین سفارت سفیر
خشونت حمله بازداشت زندان آزادی محاکمه وکیل قاضی حقوق مطبوعات روزنامه خبرنگار تحلیل نظرسنجی
حمایت انتقاد خانواده‌ها نامه‌ها خاطرات ادعا منابع مقامات کارشناسان دانشجویان کارگران اعتصاب
نفت گاز انرژی آب خشکسالی کشاورزان قیمت تورم بانک اصلاحات قانون انقلاب مقاومت شبکه ایدئولوژی
می‌گویند می‌کند نمی‌دانند`
    .split(/\s+/)
    .filter(Boolean);

/** Rarer words (place and person names, jargon): 4,000 made from syllables, for a long tail. */
const RARE = (() => {
  const syllables = 'ka lo mi ra tu sen dor vil ash mar ben qui zor pel fin gar hol nis'.split(' ');
  const next = random(99);
  const words = new Set<string>();
  while (words.size < 4_000) {
    const length = 2 + Math.floor(next() * 2);
    words.add(
      Array.from({ length }, () => syllables[Math.floor(next() * syllables.length)]).join(''),
    );
  }
  return [...words];
})();

const NAME_PARTS =
  `National Popular United Democratic Free Liberation Workers Islamic People's Socialist
Progressive Patriotic Independent Revolutionary Civic Green Northern Southern Eastern Western Front
Alliance Council Movement Organisation Party League Union Congress Assembly Committee Society`
    .split(/\s+/)
    .filter(Boolean);

const PERSIAN_NAME_PARTS =
  `جبهه ملی مردمی اتحاد دموکراتیک آزادی کارگران اسلامی سوسیالیست مترقی میهنی مستقل انقلابی سبز
شمال جنوب شرق غرب ائتلاف شورا جنبش سازمان حزب اتحادیه کنگره مجمع کمیته انجمن`
    .split(/\s+/)
    .filter(Boolean);

const SOURCES = Array.from({ length: 30 }, (_, i) =>
  i % 3 === 2
    ? `روزنامه ${PERSIAN[i * 3] ?? 'خبر'}`
    : `The ${ENGLISH[i * 7] ?? 'Daily'} ${['Times', 'Post', 'Herald', 'Review', 'Wire'][i % 5]}`,
);

/** How many summaries the benchmark archive holds. */
export const SUMMARY_COUNT = 10_000;
const ORGANISATION_COUNT = 40;

interface GeneratedOrganisation {
  id: string;
  name: string;
  kind: 'organisation';
  description: string;
  aliases: { text: string; caseSensitive?: boolean; lang?: string }[];
}

/** The generated pack file (format v1) and the words the queries are drawn from. */
export function generateArchivePack(seed = 20_241_127) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  // Two words in three are common ones, the rest from the long tail, as in real text.
  const words = (list: readonly string[], count: number) =>
    Array.from({ length: count }, () => pick(list === ENGLISH && next() < 0.33 ? RARE : list)).join(
      ' ',
    );

  const organisations: GeneratedOrganisation[] = Array.from(
    { length: ORGANISATION_COUNT },
    (_, i) => {
      const name = `${pick(NAME_PARTS)} ${pick(NAME_PARTS)} ${pick(NAME_PARTS)} ${i + 1}`;
      const acronym = name
        .split(' ')
        .map((word) => word[0])
        .join('')
        .replace(/[^A-Z]/g, '')
        .concat(String.fromCharCode(65 + (i % 26)));
      const persian = `${pick(PERSIAN_NAME_PARTS)} ${pick(PERSIAN_NAME_PARTS)} ${pick(PERSIAN_NAME_PARTS)}`;
      return {
        id: `org-${i + 1}`,
        name,
        kind: 'organisation',
        description: `Generated organisation ${i + 1}.`,
        aliases: [
          { text: acronym, caseSensitive: true },
          { text: name.replace(/ \d+$/, '') },
          { text: persian, lang: 'fa' },
          { text: `سازمان ${persian}`, lang: 'fa' },
        ],
      };
    },
  );

  const summaries = Array.from({ length: SUMMARY_COUNT }, (_, i) => {
    const persian = next() < 0.15;
    const vocabulary = persian ? PERSIAN : ENGLISH;
    const year = 1995 + Math.floor(next() * 31);
    const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
    const precision = next();
    const publishedAt =
      precision < 0.1
        ? `${year}`
        : precision < 0.25
          ? `${year}-${month}`
          : `${year}-${month}-${day}`;
    const about = Array.from(
      new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(organisations).id)),
    );
    return {
      id: `s-${i + 1}`,
      title: words(vocabulary, 5 + Math.floor(next() * 6)),
      text: words(vocabulary, 50 + Math.floor(next() * 50)),
      source: { name: pick(SOURCES), url: `https://news.example/${i % 97}` },
      url: `https://news.example/articles/${i + 1}`,
      ...(next() < 0.9 ? { publishedAt } : {}),
      archivedAt: `${Math.min(2025, year + 1)}-01-15`,
      organisationIds: about,
      tags: [],
      ...(persian ? { lang: 'fa' } : { lang: 'en' }),
    };
  });

  const pack = {
    format: 'backstory-pack',
    formatVersion: 1,
    pack: {
      id: 'bench-archive',
      name: 'Benchmark archive',
      version: '1.0.0',
      publisher: 'bench/archive.ts',
      description: `${SUMMARY_COUNT} generated summaries for the archive benchmark.`,
      updatedAt: '2025-01-01',
    },
    organisations,
    summaries,
  };
  return { pack, organisations };
}

/** Replaces one letter, drops one or doubles one: the typos people make. */
function typo(word: string, next: () => number): string {
  const at = 1 + Math.floor(next() * (word.length - 2));
  const kind = Math.floor(next() * 3);
  if (kind === 0) return word.slice(0, at) + word.slice(at + 1);
  if (kind === 1) return word.slice(0, at) + word[at] + word.slice(at);
  const letter = String.fromCharCode(97 + Math.floor(next() * 26));
  return word.slice(0, at) + letter + word.slice(at + 1);
}

/**
 * The 200 queries, in a fixed order: single words, aliases (acronyms, names, Persian names, with
 * Arabic letter variants), typos, prefixes as typed mid-word, and multi-word queries.
 */
export function benchmarkQueries(organisations: GeneratedOrganisation[], seed = 7): string[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const long = ENGLISH.filter((word) => word.length >= 6);
  // Each query once: typing the same text again would not search again.
  const queries = new Set<string>();
  const add = (count: number, make: () => string) => {
    for (let made = 0, tries = 0; made < count && tries < count * 100; tries++) {
      const query = make();
      if (queries.has(query)) continue;
      queries.add(query);
      made++;
    }
  };
  add(25, () => pick(ENGLISH));
  add(15, () => pick(RARE));
  add(25, () => pick(PERSIAN));
  // Persian typed on an Arabic keyboard: ی → ي, ک → ك.
  add(15, () => pick(PERSIAN).replaceAll('ی', 'ي').replaceAll('ک', 'ك'));
  add(20, () => pick(organisations).aliases[0]?.text ?? 'x');
  add(15, () => pick(organisations).aliases[2]?.text ?? 'x');
  add(30, () => typo(pick(long), next));
  add(30, () => pick(long).slice(0, 2 + Math.floor(next() * 3)));
  add(25, () => `${pick(ENGLISH)} ${pick(ENGLISH)}`);
  return [...queries];
}
