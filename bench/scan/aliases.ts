/**
 * The aliases every engine looks for, and the packs the alias-scaling figure imports.
 *
 * mark.js and the floor get one RegExp built from the bundled pack's alias texts, so all engines
 * look for the same strings. Backstory's extra rules (context for ambiguous aliases, folding of
 * spelling variants) are not in the RegExp: that is the engines' difference, not the benchmark's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alias } from '../../utils/packs/model';
import { BUNDLED_PACK_ID } from '../../utils/packs/model';
import type { PackFile } from '../../utils/packs/schema';
import { formatIssue, parsePackText } from '../../utils/packs/validate';
import type { Random } from './random';

/** Pack id of the 10-alias pack (the "10 aliases" configuration). */
export const TEN_PACK_ID = 'bench-ten-aliases';
/** Pack id of the generated pack that brings the total to 10,000 aliases. */
export const FILLER_PACK_ID = 'bench-filler-aliases';

/** Reads and validates a pack file; throws with the path of the first bad field. */
export function readPackFile(path: string): PackFile {
  return validPack(readFileSync(path, 'utf8'), path);
}

function validPack(text: string, label: string): PackFile {
  const result = parsePackText(text);
  if (!result.ok) throw new Error(`${label}: ${result.issues.map(formatIssue).join('; ')}`);
  return result.value;
}

/** The bundled pack, as shipped in the extension. */
export function readBundledPack(projectRoot: string): PackFile {
  return readPackFile(join(projectRoot, 'assets', 'packs', `${BUNDLED_PACK_ID}.json`));
}

/** Every alias of a pack's organisations, in pack order. */
export function aliasesOf(pack: PackFile): Alias[] {
  return pack.organisations.flatMap((org) => org.aliases);
}

// Only syntax characters: with the `u` flag an identity escape such as `\-` is an error.
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `[Mm][Ee][Kk]`-style source for a case-insensitive alias (one RegExp, mixed case rules). */
function caseFolded(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out +=
      lower !== upper && lower.length === 1 && upper.length === 1
        ? `[${escapeRegExp(upper)}${escapeRegExp(lower)}]`
        : escapeRegExp(ch);
  }
  return out;
}

/**
 * One RegExp source (flags `gu`) for a list of aliases: an alternation, longest first (so the
 * longest alias wins where several start at one place, as in Backstory), case-sensitive aliases as
 * written and the others with both cases of each letter, whole words only (no letter, mark or
 * digit on either side), with a Persian alias's attached prefixes allowed in front.
 */
export function aliasRegExpSource(aliases: readonly Alias[]): string {
  const alternatives = [...aliases]
    .sort((a, b) => b.text.length - a.text.length)
    .map((alias) => {
      const body = alias.caseSensitive ? escapeRegExp(alias.text) : caseFolded(alias.text);
      const prefixes = (alias.prefixes ?? []).map(escapeRegExp);
      return prefixes.length > 0 ? `(?:${prefixes.join('|')})?${body}` : body;
    });
  const source = `(?<![\\p{L}\\p{M}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{M}\\p{N}])`;
  new RegExp(source, 'gu'); // Throws here, in Node, rather than in the page.
  return source;
}

const PACK_META = {
  version: '1.0.0',
  publisher: 'Backstory benchmark',
  updatedAt: '2026-11-27',
};

/**
 * A pack with exactly ten of the bundled aliases (the acronyms, the commonest spellings and a
 * Persian form of each organisation), so the "10 aliases" configuration finds the mentions that
 * the generated page plants.
 */
export function tenAliasPack(bundled: PackFile): PackFile {
  const pick = (orgId: string, texts: string[]) => {
    const org = bundled.organisations.find((o) => o.id === orgId);
    if (!org) throw new Error(`the bundled pack has no organisation "${orgId}"`);
    const aliases = texts.map((text) => {
      const alias = org.aliases.find((a) => a.text === text);
      if (!alias) throw new Error(`the bundled organisation "${orgId}" has no alias "${text}"`);
      return alias;
    });
    return { ...org, aliases };
  };
  const organisations = [
    pick('mko', [
      'MKO',
      'MEK',
      'PMOI',
      'Mujahedin-e Khalq',
      'Mujahedin Khalq',
      "People's Mojahedin Organization of Iran",
      'مجاهدین خلق',
    ]),
    pick('ncri', ['NCRI', 'National Council of Resistance of Iran', 'شورای ملی مقاومت ایران']),
  ];
  const total = organisations.reduce((n, org) => n + org.aliases.length, 0);
  if (total !== 10) throw new Error(`the ten-alias pack has ${total} aliases`);
  return validPack(
    JSON.stringify({
      format: 'backstory-pack',
      formatVersion: 1,
      pack: {
        id: TEN_PACK_ID,
        name: 'Benchmark: ten aliases',
        description: 'Ten aliases of the bundled organisations, for the alias-scaling benchmark.',
        ...PACK_META,
      },
      organisations,
      summaries: [],
    }),
    TEN_PACK_ID,
  );
}

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'dr'];
const ONSETS_RARE = ['kr', 'tr', 'vr', 'zh', 'kv', 'zl', 'gv', 'dv'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
const SUFFIXES = ['Trust', 'Group', 'Holdings', 'Front', 'Union', 'Council', 'Party', 'League'];

/** An invented word that starts with an onset no English word in the pages uses ("Zhuvarek"). */
function inventedWord(random: Random): string {
  let word = random.pick(ONSETS_RARE) + random.pick(VOWELS);
  const syllables = random.int(1, 2);
  for (let i = 0; i < syllables; i++) word += random.pick(ONSETS) + random.pick(VOWELS);
  word += random.pick(['k', 'n', 'r', 'x', 'sh']);
  return word[0]?.toUpperCase() + word.slice(1);
}

/**
 * A pack of `count` generated organisation names (ten aliases per organisation, the format's
 * limits allow 200) that never occur in the benchmark pages: `excluded` says whether a word is on
 * a page, and such names are drawn again.
 */
export function fillerPack(
  count: number,
  random: Random,
  excluded: (word: string) => boolean,
): PackFile {
  const seen = new Set<string>();
  const name = () => {
    for (;;) {
      const words = [inventedWord(random), inventedWord(random)];
      if (words.some(excluded)) continue;
      const text = `${words.join(' ')} ${random.pick(SUFFIXES)}`;
      if (seen.has(text)) continue;
      seen.add(text);
      return text;
    }
  };
  const organisations = [];
  for (let made = 0, index = 0; made < count; index++) {
    const n = Math.min(10, count - made);
    const aliases: Alias[] = Array.from({ length: n }, () => ({
      text: name(),
      caseSensitive: false,
    }));
    made += n;
    organisations.push({
      id: `filler-${index}`,
      name: aliases[0]?.text ?? `Filler ${index}`,
      kind: 'organisation',
      description: 'A generated name that appears on no benchmark page.',
      aliases,
    });
  }
  return validPack(
    JSON.stringify({
      format: 'backstory-pack',
      formatVersion: 1,
      pack: {
        id: FILLER_PACK_ID,
        name: 'Benchmark: generated aliases',
        description: 'Generated organisation names, for the alias-scaling benchmark.',
        ...PACK_META,
      },
      organisations,
      summaries: [],
    }),
    FILLER_PACK_ID,
  );
}
