const FIRST_SLOT = 0xe000;
const SLOT_PATTERN = /([\uE000-\uE0FF])/;

/**
 * The stand-in for substitution `index` when a message is fetched for {@link Interpolated}: a
 * private-use character, which no UI message contains.
 */
export function slot(index: number): string {
  return String.fromCharCode(FIRST_SLOT + index);
}

type InterpolatedProps = {
  /** A UI message fetched with `slot(0)`, `slot(1)`… as its substitutions. */
  message: string;
  /** The texts that fill the slots, in order; usually pack text. */
  values: readonly string[];
};

/**
 * A UI message with pack text inside, each piece of pack text isolated in its own `<bdi>` so a
 * right-to-left name (or a stray U+202E) cannot reorder the sentence around it.
 */
export function Interpolated({ message, values }: InterpolatedProps) {
  // split() with a capture group puts the slots at the odd indexes.
  const parts = message.split(SLOT_PATTERN);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <bdi key={index} dir="auto">
            {values[part.charCodeAt(0) - FIRST_SLOT] ?? ''}
          </bdi>
        ) : (
          part
        ),
      )}
    </>
  );
}
