/**
 * Reading a page's text the way people read it: runs of text that inline elements do not break
 * ("Mujahedin <em>Khalq</em>" is one run), with a map back from run offsets to DOM text nodes so
 * matches become ranges. Skips code, form fields, editable regions and Backstory's own UI.
 */

/** Elements whose text is never read: not prose, or the user's own input. */
const SKIPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'SVG',
  'MATH',
  'CANVAS',
  'IFRAME',
  'OBJECT',
  'VIDEO',
  'AUDIO',
]);

/** Elements that flow inside a line of text: a mention may continue across them. */
const INLINE = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'CODE',
  'DATA',
  'DFN',
  'EM',
  'FONT',
  'I',
  'KBD',
  'MARK',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'VAR',
  'WBR',
]);

/** The attribute on Backstory's card host, whose subtree is never scanned. */
export const OWN_UI_ATTRIBUTE = 'data-backstory-ui';

/** One run of text and the DOM text nodes it is made of. */
export interface TextRun {
  text: string;
  nodes: Text[];
  /** `starts[i]` is the run offset where `nodes[i]` begins. */
  starts: number[];
}

/** True when an element's subtree must not be read. */
export function isSkippedElement(element: Element): boolean {
  if (SKIPPED.has(element.tagName.toUpperCase())) return true;
  if (element.hasAttribute(OWN_UI_ATTRIBUTE)) return true;
  // Editable regions belong to the user: never highlight what they are typing.
  return element instanceof HTMLElement && element.isContentEditable;
}

/**
 * Collects the text runs under `root` in document order, descending into open shadow roots.
 * Iterative, so a deeply nested page cannot overflow the stack.
 */
export function collectTextRuns(root: Node): TextRun[] {
  const runs: TextRun[] = [];
  let current: TextRun = { text: '', nodes: [], starts: [] };
  const flush = () => {
    if (current.nodes.length > 0 && /\S/.test(current.text)) runs.push(current);
    current = { text: '', nodes: [], starts: [] };
  };
  // Stack of nodes to visit; `null` marks leaving a block element (a run break).
  const stack: (Node | null)[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node === null) {
      flush();
      continue;
    }
    if (node.nodeType === Node.TEXT_NODE) {
      const text = (node as Text).data;
      if (text.length === 0) continue;
      current.starts.push(current.text.length);
      current.nodes.push(node as Text);
      current.text += text;
      continue;
    }
    let children: Node | null = null;
    if (node.nodeType === Node.ELEMENT_NODE) {
      const element = node as Element;
      if (isSkippedElement(element)) {
        if (!INLINE.has(element.tagName.toUpperCase())) flush();
        continue;
      }
      const block = !INLINE.has(element.tagName.toUpperCase());
      if (block) {
        flush();
        stack.push(null);
      }
      const shadow = (element as HTMLElement).shadowRoot;
      if (shadow) {
        // A shadow root renders instead of the light children; read what is shown.
        stack.push(null);
        pushChildren(stack, shadow);
        stack.push(null);
        continue;
      }
      children = element.firstChild;
    } else if (
      node.nodeType === Node.DOCUMENT_NODE ||
      node.nodeType === Node.DOCUMENT_FRAGMENT_NODE
    ) {
      children = node.firstChild;
    }
    if (children) pushChildren(stack, node);
  }
  flush();
  return runs;
}

function pushChildren(stack: (Node | null)[], parent: Node) {
  // Pushed in reverse so they pop in document order.
  for (let child = parent.lastChild; child; child = child.previousSibling) stack.push(child);
}

/** Finds the DOM position of a run offset; `preferEnd` picks the earlier node at a boundary. */
export function positionInRun(
  run: TextRun,
  offset: number,
  preferEnd: boolean,
): { node: Text; offset: number } {
  let lo = 0;
  let hi = run.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const start = run.starts[mid] ?? 0;
    if (start < offset || (!preferEnd && start === offset)) lo = mid;
    else hi = mid - 1;
  }
  const node = run.nodes[lo] as Text;
  return { node, offset: offset - (run.starts[lo] ?? 0) };
}
