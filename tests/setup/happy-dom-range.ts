/**
 * Vitest setup: under happy-dom, gives `Range.prototype.toString` the linear walk browsers do.
 *
 * happy-dom's own checks every node from the range's start container on for containment, which
 * takes seconds for a range over a thousand elements (and loses the text after a `<template>`). The content script reads large trees' text as ranges of a few
 * thousand elements (block-filter.ts), so its tests on large pages need the browsers' behaviour:
 * the data of every text and CDATA node from the range's start to its end, in tree order, the
 * boundary nodes cut at their offsets. The e2e tests run the real thing.
 */
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

const isText = (node: Node): node is CharacterData =>
  node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE;

/** The first node after `node`'s subtree, in tree order. */
function after(node: Node | null): Node | null {
  for (let current = node; current; current = current.parentNode) {
    if (current.nextSibling) return current.nextSibling;
  }
  return null;
}

/** A node's first child in the tree: a `<template>`'s are in its content (happy-dom says otherwise). */
const firstChild = (node: Node): Node | null =>
  (node as Element).localName === 'template' ? null : node.firstChild;

function rangeText(this: Range): string {
  const { startContainer, startOffset, endContainer, endOffset } = this;
  if (startContainer === endContainer && isText(startContainer)) {
    return startContainer.data.slice(startOffset, endOffset);
  }
  const first = isText(startContainer)
    ? startContainer
    : (startContainer.childNodes[startOffset] ?? after(startContainer));
  const stop = isText(endContainer)
    ? endContainer
    : (endContainer.childNodes[endOffset] ?? after(endContainer));
  let text = '';
  for (let node = first; node && node !== stop; node = firstChild(node) ?? after(node)) {
    if (isText(node)) text += node === startContainer ? node.data.slice(startOffset) : node.data;
  }
  if (isText(endContainer)) text += endContainer.data.slice(0, endOffset);
  return text;
}

if (typeof window !== 'undefined' && 'happyDOM' in window && typeof Range === 'function') {
  Object.defineProperty(Range.prototype, 'toString', {
    value: rangeText,
    configurable: true,
    writable: true,
  });
}
