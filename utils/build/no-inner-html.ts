/**
 * Build step: takes the one HTML-injecting statement out of Preact.
 *
 * Preact sets `innerHTML` for the `dangerouslySetInnerHTML` prop. Backstory never uses that prop
 * (ESLint bans it; pack text is only ever rendered as text), so the branch is dead code. It is
 * also what Firefox's add-on linter flags (UNSAFE_VAR_ASSIGNMENT) in every bundle that holds
 * Preact. The build replaces the assignment with a throw: should the prop ever reach Preact, the
 * render fails loudly instead of writing markup into the page or an extension page.
 */

/** `(dom.innerHTML = props.__html)` as Preact 10/11's minified build writes it. */
const PREACT_INNER_HTML = /\((\w+)\.innerHTML=(\w+)\.__html\)/g;

/** The module the pattern is taken out of (Preact's ES module build). */
export const PREACT_MODULE = /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.mjs$/;

/**
 * Replaces Preact's `innerHTML` assignment in `code` with a throw. Throws if the assignment is not
 * found exactly once: a Preact release that writes it differently must be looked at, not shipped
 * with the branch still in.
 */
export function removePreactInnerHtml(code: string): string {
  const found = code.match(PREACT_INNER_HTML)?.length ?? 0;
  if (found !== 1) {
    throw new Error(
      `preact.mjs: expected one "(x.innerHTML=y.__html)", found ${found}; update utils/build/no-inner-html.ts`,
    );
  }
  return code.replace(
    PREACT_INNER_HTML,
    '(()=>{throw new Error("dangerouslySetInnerHTML is not supported in Backstory")})()',
  );
}
