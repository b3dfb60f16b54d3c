/**
 * Firefox only: the `::highlight()` rules, adopted into the open shadow roots where mentions are
 * drawn.
 *
 * The content script's manifest CSS is a document-level style sheet. Chromium 156 paints
 * highlight ranges inside shadow trees with it; Firefox 153 does not (the range is registered and
 * counted, but its text is painted plain), since a document's rules do not match elements of a
 * shadow tree. A constructed sheet holding only the `::highlight()` rules, adopted by the shadow
 * root, paints them there. `adoptedStyleSheets` is not part of the DOM tree (no mutation record,
 * no element, no attribute), it is only done for shadow roots that hold a drawn mention, and the
 * sheet is taken out again when the content script is invalidated.
 */

/** Adopts the highlight rules into shadow roots; see the module comment. */
export interface ShadowStyles {
  /** Makes sure `root` paints Backstory's highlights. */
  adopt(root: ShadowRoot): void;
}

/** Creates the adopter for `cssText` (style.css); everything is undone when `signal` aborts. */
export function createShadowStyles(cssText: string, signal: AbortSignal): ShadowStyles {
  let sheet: CSSStyleSheet | undefined;
  const seen = new WeakSet<ShadowRoot>();
  // Weak, so shadow roots the page drops can be collected; only needed to undo on invalidation.
  const adopted: WeakRef<ShadowRoot>[] = [];

  signal.addEventListener('abort', () => {
    for (const ref of adopted) {
      const root = ref.deref();
      if (!root || !sheet) continue;
      const sheets = root.adoptedStyleSheets;
      const at = sheets.indexOf(sheet);
      if (at !== -1) sheets.splice(at, 1);
    }
    adopted.length = 0;
  });

  return {
    adopt(root) {
      if (signal.aborted || seen.has(root)) return;
      seen.add(root);
      try {
        if (!sheet) {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(cssText);
        }
        // push() rather than assigning a new array: the page's own sheets stay as they are.
        root.adoptedStyleSheets.push(sheet);
        adopted.push(new WeakRef(root));
      } catch {
        // A page that froze or replaced its sheets' array: the mention stays counted, unpainted.
      }
    },
  };
}
