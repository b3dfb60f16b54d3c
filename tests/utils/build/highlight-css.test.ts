import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { anchorHighlightRulesOnRoot } from '../../../utils/build/highlight-css';

describe('anchorHighlightRulesOnRoot', () => {
  it('anchors universal highlight rules, in and out of media blocks', () => {
    const css =
      '::highlight(a) { color: red; }\n@media (prefers-color-scheme: dark) {\n  ::highlight(a) {}\n}\n' +
      '::highlight(b),::highlight(c){}';
    expect(anchorHighlightRulesOnRoot(css)).toBe(
      ':root::highlight(a) { color: red; }\n@media (prefers-color-scheme: dark) {\n  :root::highlight(a) {}\n}\n' +
        ':root::highlight(b),:root::highlight(c){}',
    );
  });

  it('leaves anchored selectors and other rules alone', () => {
    const css = ':root::highlight(a) {}\np::highlight(b) {}\n.x { content: "y" }';
    expect(anchorHighlightRulesOnRoot(css)).toBe(css);
  });

  it('anchors every rule of style.css and nothing else', async () => {
    const css = await readFile(
      new URL('../../../entrypoints/content/style.css', import.meta.url),
      'utf8',
    );
    const anchored = anchorHighlightRulesOnRoot(css);
    const count = (text: string, part: string) => text.split(part).length - 1;
    expect(count(css, '::highlight(')).toBeGreaterThan(40);
    expect(count(anchored, ':root::highlight(')).toBe(count(css, '::highlight('));
    expect(anchored.replaceAll(':root::highlight(', '::highlight(')).toBe(css);
  });
});
