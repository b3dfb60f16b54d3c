// @vitest-environment happy-dom
/**
 * The hover card's hit test with the browser's calls faked: highlight hits are exact, caret hits
 * count only over the mention's boxes, and open shadow roots are looked into.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type HitTestEnvironment,
  type MentionLookup,
  mentionFromPoint,
} from '../../entrypoints/content/card/hit-test';
import type { PageMention } from '../../entrypoints/content/scanner';

let text: Text;
let mention: PageMention;
/** The lookup over one mention: characters 4–8 of `text`. */
let lookup: MentionLookup;

beforeEach(() => {
  document.body.innerHTML = '';
  const p = document.createElement('p');
  text = document.createTextNode('The PMOI said.');
  p.append(text);
  document.body.append(p);
  mention = {
    orgKey: 'pack/mko',
    name: 'Mujahedin Khalq Organization',
    alias: 'PMOI',
    reason: { kind: 'alias' },
    range: { startContainer: text, startOffset: 4, endContainer: text, endOffset: 8 },
    block: p,
  };
  lookup = {
    mentionsAt: (node, offset) => (node === text && offset >= 4 && offset <= 8 ? [mention] : []),
  };
});

/** The mention's one box: x 40–80, y 10–30. */
const BOX = new DOMRect(40, 10, 40, 20);

function environment(overrides: Partial<HitTestEnvironment> = {}): HitTestEnvironment {
  return {
    elementFromPoint: () => document.querySelector('p'),
    rectsOf: () => [BOX],
    ...overrides,
  };
}

describe('mentionFromPoint', () => {
  it('takes the mention a highlight hit names, matching its exact range', () => {
    const range = { ...mention.range, collapsed: false } as AbstractRange;
    const highlightsFromPoint = vi.fn(() => [{ ranges: [range] }]);
    const caret = vi.fn();
    const env = environment({ highlightsFromPoint, caretPositionFromPoint: caret });
    expect(mentionFromPoint(50, 20, lookup, env, document)).toBe(mention);
    expect(caret).not.toHaveBeenCalled();
  });

  it('ignores highlight ranges that are not a mention’s (the page’s own highlights)', () => {
    const other = { ...mention.range, endOffset: 6, collapsed: false } as AbstractRange;
    const env = environment({ highlightsFromPoint: () => [{ ranges: [other] }] });
    expect(mentionFromPoint(50, 20, lookup, env, document)).toBeNull();
  });

  it('without highlight hits, takes the caret position, only over the mention’s boxes', () => {
    const caretPositionFromPoint = vi.fn(() => ({ offsetNode: text as Node, offset: 6 }));
    const env = environment({ caretPositionFromPoint });
    expect(mentionFromPoint(50, 20, lookup, env, document)).toBe(mention);
    // The caret snaps to the mention from blank space below the line: not a hit.
    expect(mentionFromPoint(50, 90, lookup, env, document)).toBeNull();
  });

  it('falls back to the caret when the highlight hit test throws', () => {
    const env = environment({
      highlightsFromPoint: () => {
        throw new TypeError('not supported');
      },
      caretPositionFromPoint: () => ({ offsetNode: text, offset: 5 }),
    });
    expect(mentionFromPoint(50, 20, lookup, env, document)).toBe(mention);
  });

  it('moves a caret between elements onto the text beside it', () => {
    const p = document.querySelector('p') as HTMLParagraphElement;
    const env = environment({ caretPositionFromPoint: () => ({ offsetNode: p, offset: 0 }) });
    // (p, 0) is just before `text`, whose offset 0 is not in the mention.
    expect(mentionFromPoint(50, 20, lookup, env, document)).toBeNull();
    const at = vi.spyOn(lookup, 'mentionsAt');
    mentionFromPoint(50, 20, lookup, env, document);
    expect(at).toHaveBeenCalledWith(text, 0);
  });

  it('looks into open shadow roots under the point', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('span');
    root.append(inner);
    const highlightsFromPoint = vi.fn(
      (_x: number, _y: number, options?: { shadowRoots: ShadowRoot[] }) =>
        options?.shadowRoots.includes(root)
          ? [{ ranges: [{ ...mention.range, collapsed: false } as AbstractRange] }]
          : [],
    );
    const env = environment({
      highlightsFromPoint,
      elementFromPoint: (scope) => (scope === document ? host : inner),
    });
    expect(mentionFromPoint(50, 20, lookup, env, document)).toBe(mention);
    expect(highlightsFromPoint).toHaveBeenCalledWith(50, 20, { shadowRoots: [root] });
  });

  it('finds nothing without either browser call', () => {
    expect(mentionFromPoint(50, 20, lookup, environment(), document)).toBeNull();
  });
});
