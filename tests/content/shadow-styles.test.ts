// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createShadowStyles } from '../../entrypoints/content/shadow-styles';

const CSS_TEXT = '::highlight(backstory-bg-1) { background-color: rgb(64 140 255 / 0.28); }';

describe('createShadowStyles', () => {
  it('adopts the highlight rules once per shadow root, after the page’s own sheets', () => {
    const host = document.body.appendChild(document.createElement('div'));
    const root = host.attachShadow({ mode: 'open' });
    const own = new CSSStyleSheet();
    root.adoptedStyleSheets = [own];
    const styles = createShadowStyles(CSS_TEXT, new AbortController().signal);
    styles.adopt(root);
    styles.adopt(root);
    expect(root.adoptedStyleSheets).toHaveLength(2);
    expect(root.adoptedStyleSheets[0]).toBe(own);
  });

  it('takes its sheet out again when the content script goes away', () => {
    const host = document.body.appendChild(document.createElement('div'));
    const root = host.attachShadow({ mode: 'open' });
    const own = new CSSStyleSheet();
    root.adoptedStyleSheets = [own];
    const controller = new AbortController();
    createShadowStyles(CSS_TEXT, controller.signal).adopt(root);
    controller.abort();
    expect(root.adoptedStyleSheets).toEqual([own]);
  });
});
