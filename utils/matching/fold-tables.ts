/**
 * How the fold tables are made (see fold.ts, which says what folding does): from the lists below
 * and the JavaScript runtime's Unicode data.
 *
 * Built once at build time (wxt.config.ts), with the build machine's Unicode data, and shipped as
 * {@link encodeFoldTables} text: a page then decodes ~2,300 runs instead of normalising and
 * lowercasing ~4,500 code units in cold code (evaluating fold.ts in a fresh Chromium page: 12.1 →
 * 7.2 ms), and every browser folds alike. Without that text (Node scripts) fold.ts builds the
 * tables itself.
 */

/** The folded form of every space variant; also the canonical separator inside folded aliases. */
export const SPACE = 0x20;
/** The folded form of every hyphen and dash. */
export const HYPHEN = 0x2d;
/** Zero-width non-joiner: ignored when folding, but a morpheme boundary for the matcher. */
export const ZWNJ = 0x200c;

const APOSTROPHE = 0x27;
const QUOTE = 0x22;

/** Code point ranges (inclusive) that contain cased letters in the BMP; a test keeps this honest. */
const CASED_RANGES: readonly (readonly [number, number])[] = [
  [0x0041, 0x005a],
  [0x00c0, 0x024e],
  [0x0370, 0x0556],
  [0x10a0, 0x10cd],
  [0x13a0, 0x13f5],
  [0x1c89, 0x1cbf],
  [0x1e00, 0x1ffc],
  [0x2126, 0x2183],
  [0x24b6, 0x24cf],
  [0x2c00, 0x2cf2],
  [0xa640, 0xa69a],
  [0xa722, 0xa7f5],
  [0xff21, 0xff3a],
];

/**
 * Ranges whose precomposed letters lose their diacritics. Latin and Greek only: in Cyrillic
 * (й, ё), Indic and Arabic scripts the "diacritic" often makes a different letter, and the
 * Arabic-script variants that do need unifying are listed explicitly below.
 */
const DIACRITIC_RANGES: readonly (readonly [number, number])[] = [
  [0x00c0, 0x02ff],
  [0x0370, 0x03ff],
  [0x1e00, 0x1fff],
];

const IGNORABLE: readonly (number | readonly [number, number])[] = [
  0x00ad, // soft hyphen
  [0x0300, 0x036f], // combining diacritics: page text in NFD folds like NFC
  0x061c, // Arabic letter mark
  0x0640, // tatweel
  [0x064b, 0x065f], // harakat
  0x0670, // superscript alef
  [0x06d6, 0x06ed], // Quranic annotation marks
  0x180e, // Mongolian vowel separator
  [0x1ab0, 0x1aff], // combining diacritics extended
  [0x1dc0, 0x1dff], // combining diacritics supplement
  [0x200c, 0x200f], // ZWNJ, ZWJ, LRM, RLM
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x2064], // word joiner, invisible operators
  [0x2066, 0x2069], // bidi isolates
  [0xfe00, 0xfe0f], // variation selectors
  [0xfe20, 0xfe2f], // combining half marks
  0xfeff, // zero-width no-break space
];

const SPACES: readonly (number | readonly [number, number])[] = [
  [0x0009, 0x000d],
  0x0020,
  0x0085,
  0x00a0,
  0x1680,
  [0x2000, 0x200a],
  // Zero-width space marks a word break (sites insert it into long words so they wrap).
  0x200b,
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
];

const HYPHENS: readonly (number | readonly [number, number])[] = [
  0x002d,
  0x058a,
  [0x2010, 0x2015],
  0x2212,
  0x2e3a,
  0x2e3b,
  0xfe58,
  0xfe63,
  0xff0d,
];

const APOSTROPHES: readonly number[] = [
  0x0060, 0x00b4, 0x02b9, 0x02bb, 0x02bc, 0x02be, 0x02bf, 0x2018, 0x2019, 0x201b, 0x2032, 0xff07,
];

const QUOTES: readonly number[] = [0x201c, 0x201d, 0x201e, 0x201f, 0x2033, 0xff02];

/** Letters that have no decomposition but are commonly written without their stroke or dot. */
const LATIN_EXTRA: readonly (readonly [string, string])[] = [
  ['ø', 'o'],
  ['Ø', 'O'],
  ['đ', 'd'],
  ['Đ', 'D'],
  ['ł', 'l'],
  ['Ł', 'L'],
  ['ħ', 'h'],
  ['Ħ', 'H'],
  ['ı', 'i'],
  ['ŧ', 't'],
  ['Ŧ', 'T'],
];

/** Arabic letters folded to their Persian forms (the form Persian aliases are written in). */
const ARABIC_SCRIPT: readonly (readonly [number, number])[] = [
  [0x064a, 0x06cc], // ي Arabic yeh → ی
  [0x0649, 0x06cc], // ى alef maksura → ی
  [0x0643, 0x06a9], // ك Arabic kaf → ک
  [0x0629, 0x0647], // ة teh marbuta → ه
  [0x06c0, 0x0647], // ۀ heh with yeh above → ه
  [0x06d5, 0x0647], // ە ae → ه
  [0x0623, 0x0627], // أ → ا
  [0x0625, 0x0627], // إ → ا
  [0x0622, 0x0627], // آ → ا
  [0x0671, 0x0627], // ٱ alef wasla → ا
  [0x0624, 0x0648], // ؤ → و
];

function forEachListed(
  list: readonly (number | readonly [number, number])[],
  visit: (c: number) => void,
): void {
  for (const item of list) {
    if (typeof item === 'number') visit(item);
    else for (let c = item[0]; c <= item[1]; c++) visit(c);
  }
}

const COMBINING_ONLY = /^\p{M}+$/u;
const LETTER = /^\p{L}$/u;

/** The base letter of a precomposed letter, or the code unit itself. */
function stripDiacritic(c: number, form: 'NFD' | 'NFKD'): number {
  const decomposed = String.fromCharCode(c).normalize(form);
  if (decomposed.length === 1) return decomposed.charCodeAt(0);
  const base = decomposed.charAt(0);
  if (LETTER.test(base) && COMBINING_ONLY.test(decomposed.slice(1))) return base.charCodeAt(0);
  return c;
}

const PRESENTATION_FORMS = [0xfb50, 0xfeff] as const;
const FULL_WIDTH = [0xff01, 0xff5e] as const;
/** Every code unit the steps below may change before the explicit classes are applied. */
const DERIVED_RANGES = [...DIACRITIC_RANGES, PRESENTATION_FORMS, FULL_WIDTH, ...CASED_RANGES];

/** Fills `table` with 0, 1, 2, …; a function of its own, so that V8 optimises the loop early. */
function fillIdentity(table: Uint16Array): void {
  for (let c = 0; c < table.length; c++) table[c] = c;
}

/**
 * Builds both tables from the lists above and the runtime's Unicode data (`normalize`,
 * `toLowerCase`): about 4,500 string operations and two passes over 64 Ki entries.
 */
export function buildFoldTables(): FoldTables {
  const FOLD = new Uint16Array(0x10000);
  const KEEP = new Uint16Array(0x10000);
  fillIdentity(KEEP);

  for (const [from, to] of DIACRITIC_RANGES) {
    for (let c = from; c <= to; c++) KEEP[c] = stripDiacritic(c, 'NFD');
  }
  // Arabic presentation forms (old PDFs and some fonts) become the letters they display.
  for (let c = PRESENTATION_FORMS[0]; c <= PRESENTATION_FORMS[1]; c++) {
    KEEP[c] = stripDiacritic(c, 'NFKD');
  }
  // Full-width ASCII, as typed with East Asian input methods.
  for (let c = FULL_WIDTH[0]; c <= FULL_WIDTH[1]; c++) KEEP[c] = c - 0xfee0;
  for (const [from, to] of LATIN_EXTRA) KEEP[from.charCodeAt(0)] = to.charCodeAt(0);
  // Ǿ decomposes to Ø, which only the list above takes further.
  for (const [from, to] of DERIVED_RANGES) {
    for (let c = from; c <= to; c++) KEEP[c] = KEEP[KEEP[c] ?? c] ?? c;
  }

  FOLD.set(KEEP);
  for (const [from, to] of CASED_RANGES) {
    // Lowercasing can land on a precomposed letter (Å ångström sign → å): strip that too.
    for (let c = from; c <= to; c++) FOLD[c] = KEEP[lowerCodeUnit(KEEP[c] ?? c)] ?? c;
  }
  FOLD[0x03c2] = 0x03c3; // final sigma ς → σ
  // Full-width letters were mapped to ASCII above; lowercase them too.
  for (let c = 0xff21; c <= 0xff3a; c++) FOLD[c] = c - 0xfee0 + 0x20;

  // Explicit classes win over everything above and also apply to what other code units folded
  // into (a presentation-form yeh becomes ي above, and must end as ی).
  const explicit = new Int32Array(0x10000).fill(-1);
  const listed: number[] = [];
  const explicitly = (c: number, to: number): void => {
    explicit[c] = to;
    listed.push(c);
  };
  forEachListed(SPACES, (c) => explicitly(c, SPACE));
  forEachListed(HYPHENS, (c) => explicitly(c, HYPHEN));
  for (const c of APOSTROPHES) explicitly(c, APOSTROPHE);
  for (const c of QUOTES) explicitly(c, QUOTE);
  for (const [from, to] of ARABIC_SCRIPT) explicitly(from, to);
  for (let d = 0; d < 10; d++) {
    explicitly(0x0660 + d, 0x30 + d); // Arabic-Indic digits
    explicitly(0x06f0 + d, 0x30 + d); // Persian digits
  }
  forEachListed(IGNORABLE, (c) => explicitly(c, 0));

  // Only derived code units can fold into an explicit one, so the whole BMP need not be walked.
  for (const [from, to] of DERIVED_RANGES) {
    for (let c = from; c <= to; c++) {
      const viaFold = explicit[FOLD[c] ?? c] ?? -1;
      if (viaFold >= 0) FOLD[c] = viaFold;
      const viaKeep = explicit[KEEP[c] ?? c] ?? -1;
      if (viaKeep >= 0) KEEP[c] = viaKeep;
    }
  }
  for (const c of listed) {
    FOLD[c] = explicit[c] ?? c;
    KEEP[c] = explicit[c] ?? c;
  }
  return { fold: FOLD, keep: KEEP };
}

function lowerCodeUnit(c: number): number {
  const lower = String.fromCharCode(c).toLowerCase();
  // "İ" lowercases to "i" + combining dot: keep the letter, drop the dot.
  return lower.length === 1 || LETTER.test(lower.charAt(0)) ? lower.charCodeAt(0) : c;
}

/** The two fold tables; see fold.ts. */
export interface FoldTables {
  /** Folds case too. */
  fold: Uint16Array;
  /** Keeps case. */
  keep: Uint16Array;
}

/**
 * The tables as text: each table's entries that differ from what they are built on (`keep` from
 * 0, 1, 2, …; `fold` from `keep`), as runs of code units in a row that add the same number, or
 * map to the same code unit. A run is three numbers: the gap from the end of the run before, its
 * length, and its value, doubled, plus one for "to this code unit" (a number to add is first
 * zigzagged: 0, -1, 1, -2 … become 0, 1, 2, 3 …). Numbers are written as in source maps: base-64
 * digits of five bits, low first, with a sixth bit for "more digits follow". `|` separates the
 * tables. A page reads it with one `charCodeAt` per character: no strings made, no parsing.
 */
export function encodeFoldTables({ fold, keep }: FoldTables): string {
  return `${encodeRuns(keep, (c) => c)}|${encodeRuns(fold, (c) => keep[c] ?? c)}`;
}

/**
 * For a bundler's `define` (wxt.config.ts, vitest.config.ts): the name fold.ts reads the shipped
 * tables from, with the tables built now as its value.
 */
export function foldTablesDefine(): Record<string, string> {
  return { __BACKSTORY_FOLD_TABLES__: JSON.stringify(encodeFoldTables(buildFoldTables())) };
}

/** Decodes {@link encodeFoldTables}' text; throws on text it did not make. */
export function decodeFoldTables(text: string): FoldTables {
  const bar = text.indexOf('|');
  if (bar < 0 || text.indexOf('|', bar + 1) >= 0) throw new Error('fold tables: not two tables');
  const keep = new Uint16Array(0x10000);
  fillIdentity(keep);
  applyRuns(keep, text, 0, bar);
  const fold = keep.slice();
  applyRuns(fold, text, bar + 1, text.length);
  return { fold, keep };
}

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Each ASCII code's digit value in {@link DIGITS}, or -1. */
const DIGIT_OF = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 64; digit++) DIGIT_OF[DIGITS.charCodeAt(digit)] = digit;

function writeNumber(n: number): string {
  let out = '';
  do {
    const low = n & 31;
    n = Math.floor(n / 32);
    out += DIGITS.charAt(n > 0 ? low | 32 : low);
  } while (n > 0);
  return out;
}

function encodeRuns(table: Uint16Array, base: (c: number) => number): string {
  let out = '';
  let end = 0;
  for (let c = 0; c < 0x10000;) {
    const value = table[c] ?? 0;
    if (value === base(c)) {
      c++;
      continue;
    }
    // A run to one code unit, or one that adds the same number to each; the longer wins.
    let same = 1;
    while (c + same < 0x10000 && table[c + same] === value && value !== base(c + same)) same++;
    let shift = 1;
    while (
      c + shift < 0x10000 &&
      table[c + shift] === value + shift &&
      table[c + shift] !== base(c + shift)
    ) {
      shift++;
    }
    const constant = same >= shift;
    const count = constant ? same : shift;
    const add = value - c;
    const coded = constant ? value * 2 + 1 : (add >= 0 ? add * 2 : -add * 2 - 1) * 2;
    out += writeNumber(c - end) + writeNumber(count) + writeNumber(coded);
    c += count;
    end = c;
  }
  return out;
}

/** Applies the runs in `text` from `from` up to (not including) `to`. */
function applyRuns(table: Uint16Array, text: string, from: number, to: number): void {
  let i = from;
  const read = (): number => {
    let n = 0;
    for (let scale = 1; ; scale *= 32) {
      const digit = i < to ? (DIGIT_OF[text.charCodeAt(i++)] ?? -1) : -1;
      if (digit < 0 || scale > 0x100000) throw new Error(`fold tables: bad number at ${i - 1}`);
      n += (digit & 31) * scale;
      if (digit < 32) return n;
    }
  };
  for (let c = 0; i < to;) {
    const start = c + read();
    const end = start + read();
    const coded = read();
    if (end <= start || end > 0x10000) throw new Error(`fold tables: bad run before ${i}`);
    if (coded % 2 === 1) {
      table.fill((coded - 1) / 2, start, end);
    } else {
      const zigzag = coded / 2;
      const add = zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
      for (let k = start; k < end; k++) table[k] = k + add;
    }
    c = end;
  }
}
