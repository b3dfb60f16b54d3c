// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { BULK_DELETE_COUNT, createHighlighter } from '../../entrypoints/content/highlights';
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
    expect(highlighter.size).toBe(2);
    // Erased ranges leave the registry on the flush (the scanner's, once per slice).
    expect(texts()).toEqual(['MKO', 'PMOI', 'PMOI', 'NCRI']);
    highlighter.flush();
    expect(texts()).toEqual(['PMOI', 'NCRI']);
  });

  it('unregisters a highlight that becomes empty, and everything on clear', () => {
    document.body.innerHTML = '<p>The MKO</p>';
    const text = document.querySelector('p')?.firstChild as Text;
    const { environment, registry } = fakeHighlights();
    const highlighter = createHighlighter(environment);
    const owner = {};
    highlighter.draw(owner, [{ name: 'backstory-bg-1', init: rangeOver(text, 4, 7) }]);
    highlighter.erase(owner);
    highlighter.flush();
    expect(registry.size).toBe(0);
    highlighter.draw(owner, [{ name: 'backstory-ul-3', init: rangeOver(text, 4, 7) }]);
    highlighter.draw({}, [{ name: 'backstory-ul-4', init: rangeOver(text, 0, 3) }]);
    highlighter.clear();
    expect(registry.size).toBe(0);
    expect(highlighter.size).toBe(0);
  });

  it('deletes a few ranges in place, and many by taking their highlight out of the registry', () => {
    const paragraph = document.createElement('p');
    paragraph.textContent = 'MKO '.repeat(1_000);
    document.body.replaceChildren(paragraph);
    const text = paragraph.firstChild as Text;
    const { environment, registry, texts } = fakeHighlights();
    const calls: string[] = [];
    const highlighter = createHighlighter({
      ...environment,
      registry: {
        set: (name, highlight) => (
          calls.push(`set ${name}`),
          environment.registry.set(name, highlight)
        ),
        delete: (name) => (calls.push(`delete ${name}`), environment.registry.delete(name)),
      },
    });
    // One owner per mention, as the scanner has one per text run.
    const owners = Array.from({ length: 1_000 }, () => ({}));
    owners.forEach((owner, i) =>
      highlighter.draw(owner, [
        { name: 'backstory-bg-1', init: rangeOver(text, 4 * i, 4 * i + 3) },
      ]),
    );
    expect(calls).toEqual(['set backstory-bg-1']);

    for (const owner of owners.slice(0, BULK_DELETE_COUNT - 1)) highlighter.erase(owner);
    highlighter.flush();
    expect(calls).toEqual(['set backstory-bg-1']);
    expect(texts()).toHaveLength(1_000 - (BULK_DELETE_COUNT - 1));

    calls.length = 0;
    for (const owner of owners.slice(BULK_DELETE_COUNT - 1, 2 * BULK_DELETE_COUNT - 1)) {
      highlighter.erase(owner);
    }
    highlighter.flush();
    expect(calls).toEqual(['delete backstory-bg-1', 'set backstory-bg-1']);
    expect(texts()).toHaveLength(1_000 - (2 * BULK_DELETE_COUNT - 1));
    expect(highlighter.size).toBe(1_000 - (2 * BULK_DELETE_COUNT - 1));

    // Erasing everything left unregisters the highlight without deleting range by range.
    calls.length = 0;
    for (const owner of owners) highlighter.erase(owner);
    highlighter.flush();
    expect(calls).toEqual(['delete backstory-bg-1']);
    expect(registry.size).toBe(0);
    expect(highlighter.size).toBe(0);
  });

  it('keeps a highlight that is emptied and drawn into again before the flush', () => {
    document.body.innerHTML = '<p>The MKO and the PMOI</p>';
    const text = document.querySelector('p')?.firstChild as Text;
    const { environment, texts } = fakeHighlights();
    const highlighter = createHighlighter(environment);
    const owner = {};
    highlighter.draw(owner, [{ name: 'backstory-bg-1', init: rangeOver(text, 4, 7) }]);
    highlighter.flush();
    // The run is redrawn: its old range goes, a new one comes, in the same highlight.
    highlighter.draw(owner, [{ name: 'backstory-bg-1', init: rangeOver(text, 16, 20) }]);
    highlighter.flush();
    expect(texts()).toEqual(['PMOI']);
    expect(highlighter.size).toBe(1);
  });
});
