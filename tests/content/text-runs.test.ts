// @vitest-environment happy-dom
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  OWN_UI_ATTRIBUTE,
  type Block,
  blockOf,
  collectRuns,
  compareReadingOrder,
  sortInReadingOrder,
  INDEXED_CHILDREN,
  createReadingOrderCache,
  keepsReadingOrder,
  ElementKind,
  elementKind,
  isBlockElement,
  isSkippedElement,
  isInsideSkipped,
  nextBlock,
  positionInRun,
  sameRuns,
} from '../../entrypoints/content/text-runs';
import { seededRandom, setBody } from './fakes';

/** Every block under `root` (itself included), as the scanner visits them. */
function blocksUnder(root: Block): Block[] {
  const blocks: Block[] = [root];
  for (let node = nextBlock(root, root); node; node = nextBlock(root, node)) blocks.push(node);
  return blocks;
}

/** The text of every run under `root`, block by block in document order. */
function texts(root: Block = document.body): string[] {
  return blocksUnder(root).flatMap((block) => collectRuns(block).map((run) => run.text));
}

beforeEach(() => {
  document.body.innerHTML = '';
  document.designMode = 'off';
});

describe('text runs', () => {
  it.each([
    [
      'inline elements join a run',
      '<p>Mujahedin <em>Khalq</em> said</p>',
      ['Mujahedin Khalq said'],
    ],
    [
      'nested inline elements join too',
      '<p><a href="#">the <b>Mujahedin-<i>e</i></b> Khalq</a>.</p>',
      ['the Mujahedin-e Khalq.'],
    ],
    ['block elements break runs', '<div>one<p>two</p>three</div>', ['one', 'three', 'two']],
    ['line breaks break runs', '<p>one<br>two</p>', ['one', 'two']],
    ['comments are invisible', '<p>Mujahedin<!-- x --> Khalq</p>', ['Mujahedin Khalq']],
    ['whitespace-only runs are left out', '<div>\n  <p>text</p>\n  </div>', ['text']],
    [
      'a block inside an inline element is found',
      '<a href="#">link <div>card</div> tail</a>',
      ['link ', ' tail', 'card'],
    ],
  ])('%s', (_name, html, expected) => {
    setBody(html);
    expect(texts()).toEqual(expected);
  });

  it.each(['script', 'style', 'noscript', 'template', 'textarea', 'select'])(
    'skips <%s> subtrees',
    (tag) => {
      setBody(`<p>before</p><${tag}>MKO</${tag}><p>after</p>`);
      expect(texts()).toEqual(['before', 'after']);
    },
  );

  it('skips inputs, editable regions and Backstory’s own UI, and breaks runs there', () => {
    setBody(`
      <p>a <input value="MKO"> b</p>
      <div contenteditable="true"><p>MKO</p></div>
      <div contenteditable=""><p>MKO</p></div>
      <div contenteditable="plaintext-only">MKO</div>
      <p>c <span contenteditable="true">MKO</span> d</p>
      <div contenteditable="false">kept</div>
      <div ${OWN_UI_ATTRIBUTE}><p>MKO</p></div>`);
    expect(texts()).toEqual(['a ', ' b', 'c ', ' d', 'kept']);
  });

  it('maps run offsets back to text nodes and offsets', () => {
    document.body.innerHTML = '<p>the Mujahedin <em>Khalq</em> said</p>';
    const [run] = collectRuns(document.querySelector('p') as Element);
    if (!run) throw new Error('no run');
    expect(run.nodes.map((node) => node.data)).toEqual(['the Mujahedin ', 'Khalq', ' said']);
    expect(run.starts).toEqual([0, 14, 19]);
    const start = positionInRun(run, 4, false);
    const end = positionInRun(run, 19, true);
    expect([start.node.data, start.offset]).toEqual(['the Mujahedin ', 4]);
    // At a node boundary a range ends in the earlier node and starts in the later one.
    expect([end.node.data, end.offset]).toEqual(['Khalq', 5]);
    expect(positionInRun(run, 19, false)).toMatchObject({ offset: 0, node: run.nodes[2] });
  });

  it('reads open shadow roots as blocks of their own', () => {
    document.body.innerHTML = '<p>light</p><div id="host">slotted <b>text</b></div>';
    const host = document.getElementById('host') as HTMLElement;
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<p>shadow <em>text</em></p>';
    // The host breaks runs (it renders its shadow tree); its light text is its own run.
    expect(texts()).toEqual(['light', 'slotted text']);
    expect(texts(root)).toEqual(['shadow text']);
    const shadowText = root.querySelector('em')?.firstChild as Node;
    expect(blockOf(shadowText)).toBe(root.querySelector('p'));
    expect(blockOf(root)).toBe(root);
  });

  it('names the blocks its runs stop at, and only those', () => {
    setBody(
      '<div id="outer">one <a href="#">link <div id="in-link">card</div></a>' +
        '<p id="para">two</p>' +
        '<textarea>no</textarea><span id="host"></span> three</div>',
    );
    (document.getElementById('host') as HTMLElement).attachShadow({ mode: 'open' });
    const outer = document.getElementById('outer') as HTMLElement;
    const stops: string[] = [];
    const runs = collectRuns(outer, (element) => stops.push(element.id));
    expect(runs.map((run) => run.text)).toEqual(['one link ', ' three']);
    // Skipped elements are not named; a shadow host is a block even when its tag is inline.
    expect(stops).toEqual(['in-link', 'para', 'host']);
  });

  it('classifies an element in one pass as the two separate checks do', () => {
    setBody(
      [
        '<p></p><span></span><b class="x"></b><script></script><textarea></textarea>',
        '<div contenteditable=""></div><em contenteditable="false"></em><i contenteditable></i>',
        '<a data-backstory-ui></a><x-card></x-card><span id="host"></span><svg></svg><wbr>',
      ].join(''),
    );
    (document.getElementById('host') as HTMLElement).attachShadow({ mode: 'open' });
    const kinds = [...document.body.querySelectorAll('*')].map((element) => [
      element.localName,
      elementKind(element),
    ]);
    const expected = [...document.body.querySelectorAll('*')].map((element) => [
      element.localName,
      isSkippedElement(element)
        ? ElementKind.Skipped
        : isBlockElement(element)
          ? ElementKind.Block
          : ElementKind.Inline,
    ]);
    expect(kinds).toEqual(expected);
    // Every kind occurs, so the comparison means something.
    expect(new Set(kinds.map(([, kind]) => kind))).toEqual(
      new Set([ElementKind.Skipped, ElementKind.Block, ElementKind.Inline]),
    );
    expect(kinds).toContainEqual(['span', ElementKind.Inline]);
    expect(kinds.filter(([name]) => name === 'span')).toEqual([
      ['span', ElementKind.Inline],
      ['span', ElementKind.Block],
    ]);
  });

  it('finds the block of a node and whether it sits in a skipped subtree', () => {
    document.body.innerHTML =
      '<div id="editor" contenteditable="true"><p>typed <b id="b">text</b></p></div><p id="p">x <i>y</i></p>';
    const typed = document.getElementById('b')?.firstChild as Node;
    const plain = document.querySelector('#p i')?.firstChild as Node;
    expect(blockOf(plain)).toBe(document.getElementById('p'));
    expect(blockOf(typed)).toBe(document.querySelector('#editor p'));
    expect(isInsideSkipped(typed)).toBe(true);
    expect(isInsideSkipped(plain)).toBe(false);

    const host = document.getElementById('p') as HTMLElement;
    const editable = document.getElementById('editor') as HTMLElement;
    const inShadow = editable.appendChild(document.createElement('span'));
    const root = inShadow.attachShadow({ mode: 'open' });
    root.innerHTML = '<p>deep</p>';
    // Looks up through shadow hosts.
    expect(isInsideSkipped(root.querySelector('p') as Node)).toBe(true);
    expect(isInsideSkipped(host)).toBe(false);
  });

  it('treats a document in design mode as editable everywhere', () => {
    document.body.innerHTML = '<p id="p">x</p>';
    document.designMode = 'on';
    expect(isInsideSkipped(document.getElementById('p') as Node)).toBe(true);
  });

  it('compares runs by text and nodes', () => {
    document.body.innerHTML = '<p>one <b>two</b></p>';
    const p = document.querySelector('p') as Element;
    const first = collectRuns(p);
    expect(sameRuns(first, collectRuns(p))).toBe(true);
    (p.querySelector('b')?.firstChild as Text).data = 'three';
    expect(sameRuns(first, collectRuns(p))).toBe(false);
  });

  it('orders nodes as a reader meets them, shadow trees where their host is', () => {
    document.body.innerHTML = '<p id="a">a</p><div id="host"></div><p id="c">c</p>';
    const root = (document.getElementById('host') as HTMLElement).attachShadow({ mode: 'open' });
    root.innerHTML = '<p>b</p>';
    const a = document.getElementById('a')?.firstChild as Node;
    const b = root.querySelector('p')?.firstChild as Node;
    const c = document.getElementById('c')?.firstChild as Node;
    const sorted = [c, b, a].sort(compareReadingOrder);
    expect(sorted).toEqual([a, b, c]);
    expect(compareReadingOrder(a, a)).toBe(0);
    expect(sortInReadingOrder([c, b, a], (node) => node)).toEqual([a, b, c]);
  });

  it('sorts nodes nested far deeper than the call stack could follow', () => {
    // A document of its own: taking so deep a tree down again would overflow happy-dom's stack.
    const own = document.implementation.createHTMLDocument('deep');
    let parent: Element = own.body;
    const texts: Node[] = [];
    for (let depth = 0; depth < 60_000; depth++) {
      const div = own.createElement('div');
      parent.appendChild(div);
      if (depth % 20_000 === 0) texts.push(div.appendChild(own.createTextNode(`${depth}`)));
      parent = div;
    }
    texts.push(parent.appendChild(own.createTextNode('deepest')));
    // Siblings under a parent with few children are compared by the DOM's own
    // compareDocumentPosition, iterative in browsers but recursive over the ancestors in
    // happy-dom: for siblings, a stand-in that steps along them (what browsers do inside).
    let owner = Object.getPrototypeOf(own.body) as Node;
    while (!Object.hasOwn(owner, 'compareDocumentPosition')) owner = Object.getPrototypeOf(owner);
    const native = vi.spyOn(owner, 'compareDocumentPosition');
    native.mockImplementation(function (this: Node, other: Node) {
      if (other.parentNode !== this.parentNode)
        throw new Error('only siblings are compared natively');
      for (let node = this.nextSibling; node; node = node.nextSibling) {
        if (node === other) return Node.DOCUMENT_POSITION_FOLLOWING;
      }
      return Node.DOCUMENT_POSITION_PRECEDING;
    });
    try {
      expect(sortInReadingOrder([...texts].reverse(), (node) => node)).toEqual(texts);
    } finally {
      native.mockRestore();
    }
  });

  it('sorts many nodes in the same order as comparing them one pair at a time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const next = seededRandom(seed);
        const texts: Node[] = [];
        const grow = (parent: Node, depth: number) => {
          const children = 1 + next(depth === 0 ? 12 : 4);
          for (let i = 0; i < children; i++) {
            const kind = next(10);
            if (kind < 4 || depth > 4) {
              const text = document.createTextNode(`t${texts.length}`);
              parent.appendChild(text);
              texts.push(text);
            } else {
              const element = document.createElement(kind === 9 ? 'x-host' : 'div');
              parent.appendChild(element);
              if (kind === 9) grow(element.attachShadow({ mode: 'open' }), depth + 1);
              grow(element, depth + 1);
            }
          }
        };
        document.body.replaceChildren();
        grow(document.body, 0);
        // Shuffled, with a removed node among them (it goes last).
        const removed = document.createTextNode('gone');
        const nodes = [...texts, removed].sort(() => next(3) - 1);
        const expected = [...texts].sort(compareReadingOrder);
        expect(sortInReadingOrder(nodes, (node) => node)).toEqual([...expected, removed]);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps what it learnt while parents only grow at their end, and stays right if misused', () => {
    const record = (added: Node[], nextSibling: Node | null = null, removed: Node[] = []) =>
      ({
        type: 'childList',
        addedNodes: added,
        removedNodes: removed,
        nextSibling,
      }) as unknown as MutationRecord;
    const wide = document.createElement('div');
    const narrow = document.createElement('div');
    document.body.replaceChildren(narrow, wide);
    const line = (parent: Element, text: string) =>
      parent.appendChild(document.createTextNode(text));
    const texts: Node[] = [line(narrow, 'n0')];
    for (let i = 0; i < INDEXED_CHILDREN + 10; i++) texts.push(line(wide, `w${i}`));
    const cache = createReadingOrderCache();
    const sorted = () => sortInReadingOrder([...texts].reverse(), (node) => node, cache);
    expect(sorted()).toEqual(texts);
    // Appended at the ends of both parents: the cache holds, and only the new children are
    // numbered (each stepped over once), not the whole column again.
    const appended = [line(wide, 'w-new'), line(narrow, 'n-new')];
    expect(keepsReadingOrder(record([appended[0] as Node]))).toBe(true);
    const steps = vi.spyOn(Node.prototype, 'nextSibling', 'get');
    try {
      texts.splice(1, 0, appended[1] as Node);
      texts.push(appended[0] as Node);
      expect(sorted()).toEqual(texts);
      expect(steps.mock.calls.length).toBeLessThan(10);
    } finally {
      steps.mockRestore();
    }
    // Anything else drops it: a removal, an insertion before a sibling.
    expect(keepsReadingOrder(record([], null, [texts[2] as Node]))).toBe(false);
    const early = document.createTextNode('w-early');
    expect(keepsReadingOrder(record([early], wide.firstChild))).toBe(false);
    // Kept anyway, an insertion is still ordered right: a child it cannot number is compared
    // natively.
    wide.insertBefore(early, wide.childNodes[5] as Node);
    texts.splice(texts.indexOf(wide.childNodes[4] as Node) + 1, 0, early);
    expect(sorted()).toEqual(texts);
    // A removal drops the cache (above). With a new one, a removed node goes last, is not
    // remembered as out of the page, and is placed afresh when it comes back at the end.
    const after = createReadingOrderCache();
    const gone = texts[4] as Text;
    gone.remove();
    expect(sortInReadingOrder([...texts].reverse(), (node) => node, after).at(-1)).toBe(gone);
    wide.append(gone);
    expect(keepsReadingOrder(record([gone]))).toBe(true);
    texts.splice(texts.indexOf(gone), 1);
    texts.push(gone);
    expect(sortInReadingOrder([...texts].reverse(), (node) => node, after)).toEqual(texts);
  });

  it('numbers the children of a parent with many, and compares the others natively, in one order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const next = seededRandom(seed);
        // A wide parent (numbered) between narrow ones (compared natively), shadow hosts in both.
        document.body.innerHTML =
          '<section><p>a</p><p>b</p></section><div></div><section></section>';
        const wide = document.querySelector('div') as HTMLElement;
        const texts: Node[] = [];
        const fill = (parent: Node, count: number) => {
          for (let i = 0; i < count; i++) {
            if (next(20) === 0) {
              const host = document.createElement('x-host');
              parent.appendChild(host);
              const root = host.attachShadow({ mode: 'open' });
              texts.push(root.appendChild(document.createTextNode(`s${texts.length}`)));
              texts.push(host.appendChild(document.createTextNode(`l${texts.length}`)));
            } else {
              texts.push(parent.appendChild(document.createTextNode(`t${texts.length}`)));
            }
          }
        };
        for (const p of document.querySelectorAll('section p')) fill(p, 1 + next(3));
        fill(wide, INDEXED_CHILDREN + next(4));
        fill(document.querySelectorAll('section')[1] as Element, 1 + next(5));
        // Each item sorted once: numbering and the native comparison must meet correctly.
        const picked = texts.filter(() => next(8) === 0);
        const shuffled = [...picked].sort(() => next(3) - 1);
        // Built in reading order already, apart from shadow text (read before its host's own).
        const expected = [...picked].sort(compareReadingOrder);
        expect(sortInReadingOrder(shuffled, (node) => node)).toEqual(expected);
      }),
      { numRuns: 20 },
    );
  });
});
