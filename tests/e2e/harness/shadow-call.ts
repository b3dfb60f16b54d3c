/**
 * The in-page half of `TestPage.evaluateInShadowRoot`, shared by both drivers: the test's
 * function, wrapped so its argument and result travel as JSON (`{ value }`, so `undefined`
 * survives), whatever each protocol does with values.
 */

/** Source of a function `(root, json) => json` that calls `fn(root, arg)`. */
export function shadowCallSource(fn: (root: ShadowRoot, arg: never) => unknown): string {
  return `async function (root, json) {
    const fn = (${fn.toString()});
    const value = await fn(root, JSON.parse(json).value);
    return JSON.stringify({ value });
  }`;
}

/** The argument as the wrapped function expects it. */
export function shadowCallArgument(arg: unknown): string {
  return JSON.stringify({ value: arg });
}

/** The result of the wrapped function, back in Node. */
export function shadowCallResult<R>(json: unknown): R {
  if (typeof json !== 'string')
    throw new Error(`evaluateInShadowRoot: no result (${String(json)})`);
  return (JSON.parse(json) as { value: R }).value;
}
