// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { BULK_DELETE_COUNT, createHighlighter } from '../../entrypoints/content/highlights';
import { fakeHighlights, fakeNearness } from './fakes';

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

describe('createHighlighter near the viewport', () => {
  /** Three paragraphs, a highlighter over the fake registry and a fake nearness observer. */
  function setUp() {
    document.body.innerHTML = '<p>The MKO</p><p>The PMOI</p><p>The NCRI</p>';
    const paragraphs = [...document.querySelectorAll('p')];
    const texts = paragraphs.map((p) => p.firstChild as Text);
    const highlights = fakeHighlights();
    const nearness = fakeNearness();
    const highlighter = createHighlighter({
      ...highlights.environment,
      createNearnessObserver: nearness.createNearnessObserver,
    });
    const draw = (owner: object, text: Text, start: number, end: number) =>
      highlighter.draw(owner, [{ name: 'backstory-bg-1', init: rangeOver(text, start, end) }]);
    return { paragraphs, texts, highlights, nearness, highlighter, draw };
  }

  it('registers a range only once its element is reported near, and unregisters it when it leaves', () => {
    const { paragraphs, texts, highlights, nearness, highlighter, draw } = setUp();
    const [p1, p2, p3] = paragraphs as unknown as [Element, Element, Element];
    draw({}, texts[0] as Text, 4, 7);
    draw({}, texts[1] as Text, 4, 8);
    draw({}, texts[2] as Text, 4, 8);
    // Drawn, watched, but nothing registered before the first report.
    expect(highlighter.size).toBe(3);
    expect(highlighter.registeredSize).toBe(0);
    expect(highlights.texts()).toEqual([]);
    expect([...nearness.observed]).toEqual([p1, p2, p3]);

    nearness.report([p1, true], [p2, true], [p3, false]);
    expect(highlights.texts()).toEqual(['MKO', 'PMOI']);
    expect(highlighter.registeredSize).toBe(2);

    // The reader scrolls: the first leaves, the third comes near; the change is flushed at once.
    nearness.report([p1, false], [p3, true]);
    expect(highlights.texts()).toEqual(['PMOI', 'NCRI']);
    expect(highlighter.registeredSize).toBe(2);
    expect(highlighter.size).toBe(3);
  });

  it('registers at once a range drawn again on an element already near', () => {
    const { paragraphs, texts, highlights, highlighter, draw, nearness } = setUp();
    const owner = {};
    draw(owner, texts[0] as Text, 4, 7);
    nearness.report([paragraphs[0] as Element, true]);
    // The run's text changed: its new range needs no new report.
    draw(owner, texts[0] as Text, 0, 3);
    highlighter.flush();
    expect(highlights.texts()).toEqual(['The']);
    expect(highlighter.registeredSize).toBe(1);
  });

  it('erases one owner’s ranges from an element that holds another’s too, however many', () => {
    const { paragraphs, texts, highlights, nearness, highlighter } = setUp();
    const p1 = paragraphs[0] as Element;
    const text = texts[0] as Text;
    const many = {};
    const one = {};
    // 2,000 ranges of one owner and one of another, all in the first paragraph.
    highlighter.draw(
      many,
      Array.from({ length: 2_000 }, () => ({
        name: 'backstory-bg-1',
        init: rangeOver(text, 4, 7),
      })),
    );
    highlighter.draw(one, [{ name: 'backstory-bg-2', init: rangeOver(text, 0, 3) }]);
    nearness.report([p1, true]);
    expect(highlighter.registeredSize).toBe(2_001);

    highlighter.erase(many);
    highlighter.flush();
    expect(highlighter.size).toBe(1);
    expect(highlighter.registeredSize).toBe(1);
    expect(highlights.texts()).toEqual(['The']);
    // The element still holds a range, so it stays watched and its range follows it.
    expect([...nearness.observed]).toContain(p1);
    nearness.report([p1, false]);
    expect(highlighter.registeredSize).toBe(0);
    nearness.report([p1, true]);
    expect(highlights.texts()).toEqual(['The']);
  });

  it('stops watching an element left without ranges once it is far, and ignores a late report', () => {
    const { paragraphs, texts, highlights, highlighter, draw, nearness } = setUp();
    const [p1, p2] = paragraphs as unknown as [Element, Element];
    const one = {};
    const two = {};
    draw(one, texts[0] as Text, 4, 7);
    draw(two, texts[0] as Text, 0, 3);
    nearness.report([p1, true]);
    highlighter.erase(one);
    highlighter.flush();
    expect(highlights.texts()).toEqual(['The']);
    // Its last range goes while it is near: it stays watched, so text that names someone again
    // a frame later (a ticker) is drawn at once, without waiting for a fresh report.
    highlighter.erase(two);
    highlighter.flush();
    expect(highlights.registry.size).toBe(0);
    expect(nearness.observed.has(p1)).toBe(true);
    draw(one, texts[0] as Text, 4, 7);
    expect(highlights.texts()).toEqual(['MKO']);
    highlighter.erase(one);
    // Reported far while empty: no longer watched, and a late report changes nothing.
    nearness.report([p1, false]);
    expect(nearness.observed.has(p1)).toBe(false);
    nearness.report([p1, true]);
    expect(highlighter.registeredSize).toBe(0);
    // Drawn again, it waits for a fresh first report.
    draw(one, texts[0] as Text, 4, 7);
    expect(nearness.observed.has(p1)).toBe(true);
    expect(highlights.texts()).toEqual([]);
    nearness.report([p1, true]);
    expect(highlights.texts()).toEqual(['MKO']);

    // An element already known to be far is let go as soon as its last range goes.
    draw(two, texts[1] as Text, 4, 8);
    nearness.report([p2, false]);
    highlighter.erase(two);
    expect(nearness.observed.has(p2)).toBe(false);
    // One never reported on is kept until its first report (then let go, if far).
    const three = {};
    draw(three, texts[2] as Text, 4, 8);
    highlighter.erase(three);
    expect(nearness.observed.has(paragraphs[2] as Element)).toBe(true);
    nearness.report([paragraphs[2] as Element, false]);
    expect(nearness.observed.has(paragraphs[2] as Element)).toBe(false);
  });

  it('keeps a range registered when its element leaves and comes back in one batch', () => {
    const { paragraphs, texts, highlights, highlighter, draw, nearness } = setUp();
    const p1 = paragraphs[0] as Element;
    draw({}, texts[0] as Text, 4, 7);
    nearness.report([p1, true]);
    nearness.report([p1, false], [p1, true]);
    expect(highlights.texts()).toEqual(['MKO']);
    expect(highlighter.registeredSize).toBe(1);
  });

  it('erases a range that waits unregistered without touching the registry', () => {
    const { texts, highlights, highlighter, draw } = setUp();
    const owner = {};
    draw(owner, texts[0] as Text, 4, 7);
    highlighter.erase(owner);
    highlighter.flush();
    expect(highlighter.size).toBe(0);
    expect(highlights.registry.size).toBe(0);
  });

  it('watches the shadow host for text placed directly in a shadow root', () => {
    document.body.innerHTML = '<div id="host"></div>';
    const host = document.getElementById('host') as HTMLElement;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.append('The MKO');
    const text = shadow.firstChild as Text;
    const highlights = fakeHighlights();
    const nearness = fakeNearness();
    const highlighter = createHighlighter({
      ...highlights.environment,
      createNearnessObserver: nearness.createNearnessObserver,
    });
    highlighter.draw({}, [{ name: 'backstory-bg-1', init: rangeOver(text, 4, 7) }]);
    expect([...nearness.observed]).toEqual([host]);
    nearness.report([host, true]);
    expect(highlighter.registeredSize).toBe(1);
  });

  it('watches the anchor given with a range (its block) rather than the start’s parent', () => {
    document.body.innerHTML = '<p>The <a href="#">MKO</a> and the <a href="#">PMOI</a></p>';
    const paragraph = document.querySelector('p') as Element;
    const [mko, pmoi] = [...document.querySelectorAll('a')].map((a) => a.firstChild as Text);
    const highlights = fakeHighlights();
    const nearness = fakeNearness();
    const highlighter = createHighlighter({
      ...highlights.environment,
      createNearnessObserver: nearness.createNearnessObserver,
    });
    highlighter.draw({}, [
      { name: 'backstory-bg-1', init: rangeOver(mko as Text, 0, 3), anchor: paragraph },
      { name: 'backstory-bg-1', init: rangeOver(pmoi as Text, 0, 4), anchor: paragraph },
    ]);
    expect([...nearness.observed]).toEqual([paragraph]);
    nearness.report([paragraph, true]);
    expect(highlights.texts()).toEqual(['MKO', 'PMOI']);
  });

  it('disconnects on clear and watches with a new observer afterwards', () => {
    const { paragraphs, texts, highlights, highlighter, draw, nearness } = setUp();
    draw({}, texts[0] as Text, 4, 7);
    nearness.report([paragraphs[0] as Element, true]);
    highlighter.clear();
    expect(nearness.state).toEqual({ created: 1, disconnected: 1 });
    expect(highlights.registry.size).toBe(0);
    expect(highlighter.registeredSize).toBe(0);
    // After a clear (settings changed, a new scan) the element is watched anew.
    draw({}, texts[1] as Text, 4, 8);
    expect(nearness.state.created).toBe(2);
    expect([...nearness.observed]).toEqual([paragraphs[1]]);
    expect(highlights.texts()).toEqual([]);
    nearness.report([paragraphs[1] as Element, true]);
    expect(highlights.texts()).toEqual(['PMOI']);
  });
});

describe('createHighlighter after a clear', () => {
  it('registers at once what was near before, until the new observer reports', () => {
    document.body.innerHTML = '<p>The MKO</p><p>The PMOI</p>';
    const [p1, p2] = [...document.querySelectorAll('p')] as unknown as [Element, Element];
    const [t1, t2] = [p1.firstChild, p2.firstChild] as [Text, Text];
    const highlights = fakeHighlights();
    const nearness = fakeNearness();
    const highlighter = createHighlighter({
      ...highlights.environment,
      createNearnessObserver: nearness.createNearnessObserver,
    });
    const draw = (text: Text, start: number, end: number) =>
      highlighter.draw({}, [{ name: 'backstory-bg-1', init: rangeOver(text, start, end) }]);
    draw(t1, 4, 7);
    draw(t2, 4, 8);
    nearness.report([p1, true], [p2, false]);
    highlighter.clear();
    // New settings redraw the page: what was on screen shows at once, the rest waits as before.
    draw(t1, 4, 7);
    draw(t2, 4, 8);
    expect(highlights.texts()).toEqual(['MKO']);
    // The reader scrolled meanwhile: the new observer's first report decides.
    nearness.report([p1, false], [p2, true]);
    expect(highlights.texts()).toEqual(['PMOI']);
    // Once reported on, an element is no longer taken as near from before the clear.
    nearness.report([p2, false]);
    highlighter.clear();
    draw(t1, 4, 7);
    draw(t2, 4, 8);
    expect(highlights.texts()).toEqual([]);
  });
});
