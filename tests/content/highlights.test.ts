// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createHighlighter } from '../../entrypoints/content/highlights';
import { fakeHighlights } from './fakes';

function rangeOver(text: Text, start: number, end: number) {
  return { startContainer: text, startOffset: start, endContainer: text, endOffset: end };
}

describe('createHighlighter', () => {
  it('registers a highlight per name and redraws one owner’s ranges only', () => {
    document.body.innerHTML = '<p>The MKO and the PMOI</p><p>The NCRI</p>';
    const [first, second] = [...document.querySelectorAll('p')].map((p) => p.firstChild as Text);
    if (!first || !second) throw new Error('fixture');
    const { environment, registry, texts } = fakeHighlights();
    const highlighter = createHighlighter(environment);
    const one = {};
    const two = {};
    highlighter.draw(one, [
      { name: 'backstory-bg-1', init: rangeOver(first, 4, 7) },
      { name: 'backstory-bg-1', init: rangeOver(first, 16, 20) },
    ]);
    highlighter.draw(two, [{ name: 'backstory-bg-2', init: rangeOver(second, 4, 8) }]);
    expect(texts()).toEqual(['MKO', 'PMOI', 'NCRI']);
    expect([...registry.keys()]).toEqual(['backstory-bg-1', 'backstory-bg-2']);
    expect(highlighter.size).toBe(3);

    highlighter.draw(one, [{ name: 'backstory-bg-1', init: rangeOver(first, 16, 20) }]);
    expect(texts()).toEqual(['PMOI', 'NCRI']);
    expect(highlighter.size).toBe(2);
  });

  it('unregisters a highlight that becomes empty, and everything on clear', () => {
    document.body.innerHTML = '<p>The MKO</p>';
    const text = document.querySelector('p')?.firstChild as Text;
    const { environment, registry } = fakeHighlights();
    const highlighter = createHighlighter(environment);
    const owner = {};
    highlighter.draw(owner, [{ name: 'backstory-bg-1', init: rangeOver(text, 4, 7) }]);
    highlighter.erase(owner);
    expect(registry.size).toBe(0);
    highlighter.draw(owner, [{ name: 'backstory-ul-3', init: rangeOver(text, 4, 7) }]);
    highlighter.draw({}, [{ name: 'backstory-ul-4', init: rangeOver(text, 0, 3) }]);
    highlighter.clear();
    expect(registry.size).toBe(0);
    expect(highlighter.size).toBe(0);
  });
});
