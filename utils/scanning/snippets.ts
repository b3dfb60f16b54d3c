/**
 * Snippets: the line of context the popup shows under each mention ("…the MEK told the panel…").
 * Pure string work over a run's text and a mention's offsets.
 */

/** Longest snippet, in UTF-16 code units, ellipses included. */
export const SNIPPET_LENGTH = 160;

const ELLIPSIS = '…';
/**
 * White space that collapsing changes: a run of two or more, or one character other than a
 * space. A lone space (most of any text) is left alone, so text with nothing else to collapse
 * comes back as it is, with no copy made.
 */
const WHITESPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

/** `text` with every run of white space made one space. */
function collapse(text: string): string {
  return text.replace(WHITESPACE_TO_COLLAPSE, ' ');
}

/** How much more than the room a first read takes, for white space that collapses. */
const WINDOW_SLACK = 32;

/**
 * The text just before `start`, collapsed and trimmed at its start, as long as it has to be for
 * `room` units. A snippet looks at most `2 * maxLength` units back; it reads `room` units and a
 * little more first, and all of that only when white space collapsed the first read to `room`
 * units or fewer. Whenever the first read is enough, it ends with the same units as the full one
 * (collapsing text cut inside a run of white space still leaves one space there), and nothing
 * past `room` units of it is used, so the snippet is the same either way.
 */
function contextBefore(text: string, start: number, room: number, maxLength: number): string {
  const reach = maxLength * 2;
  const first = Math.min(room + WINDOW_SLACK, reach);
  const before = collapse(text.slice(Math.max(0, start - first), start)).trimStart();
  if (before.length > room || first === reach || start <= first) return before;
  return collapse(text.slice(Math.max(0, start - reach), start)).trimStart();
}

/** Like {@link contextBefore}, after `end`: the collapsed text that starts there. */
function contextAfter(text: string, end: number, room: number, maxLength: number): string {
  const reach = maxLength * 2;
  const first = Math.min(room + WINDOW_SLACK, reach);
  const after = collapse(text.slice(end, end + first)).trimEnd();
  if (after.length > room || first === reach || end + first >= text.length) return after;
  return collapse(text.slice(end, end + reach)).trimEnd();
}

/** True for the second half of a surrogate pair: a cut before it would split a character. */
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The last `length` units of `text`, started at a word when one starts close enough. */
function tail(text: string, length: number): string {
  if (text.length <= length) return text;
  if (length <= 1) return length === 1 ? ELLIPSIS : '';
  let cut = text.slice(text.length - (length - 1));
  const space = cut.indexOf(' ');
  // Drop a partial first word, unless that would throw away most of the room.
  if (space !== -1 && space < length / 2) cut = cut.slice(space + 1);
  else if (isLowSurrogate(cut.charCodeAt(0))) cut = cut.slice(1);
  return ELLIPSIS + cut;
}

/** The first `length` units of `text`, ended at a word when one ends close enough. */
function head(text: string, length: number): string {
  if (text.length <= length) return text;
  if (length <= 1) return length === 1 ? ELLIPSIS : '';
  let cut = text.slice(0, length - 1);
  const space = cut.lastIndexOf(' ');
  if (space !== -1 && space > length / 2) cut = cut.slice(0, space);
  else if (isLowSurrogate(text.charCodeAt(cut.length))) cut = cut.slice(0, -1);
  return cut + ELLIPSIS;
}

/**
 * A short line around `text[start, end)`: whitespace collapsed, at most `maxLength` units, the
 * mention kept whole and centred when the text allows, cut at word edges with an ellipsis.
 */
export function buildSnippet(
  text: string,
  start: number,
  end: number,
  maxLength = SNIPPET_LENGTH,
): string {
  const mention = collapse(text.slice(start, end)).trim();
  if (mention.length >= maxLength) return head(mention, maxLength);
  const room = maxLength - mention.length;
  // Read a little more than can be shown: collapsing whitespace only ever shortens text. Either
  // side may get the whole room (when the other needs less), so each is read for all of it.
  const before = contextBefore(text, start, room, maxLength);
  const after = contextAfter(text, end, room, maxLength);
  // Half the room each side; a side that needs less gives the rest to the other.
  let beforeRoom = Math.floor(room / 2);
  let afterRoom = room - beforeRoom;
  if (before.length < beforeRoom) {
    afterRoom += beforeRoom - before.length;
    beforeRoom = before.length;
  } else if (after.length < afterRoom) {
    beforeRoom += afterRoom - after.length;
    afterRoom = after.length;
  }
  return (tail(before, beforeRoom) + mention + head(after, afterRoom)).trim();
}
