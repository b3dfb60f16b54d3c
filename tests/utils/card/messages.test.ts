import { describe, expect, it } from 'vitest';
import { PROTOCOL, parseBackgroundMessage } from '../../../utils/messaging';

describe('the hover card’s messages', () => {
  it('accepts the "next mention" notice only exactly as declared', () => {
    expect(parseBackgroundMessage({ type: 'background:next-mention', payload: {} })).toEqual({
      type: 'background:next-mention',
      payload: {},
    });
    for (const bad of [
      { type: 'background:next-mention', payload: { index: 3 } },
      { type: 'background:next-mention' },
      { type: 'background:next-mention', payload: {}, extra: true },
      'background:next-mention',
    ]) {
      expect(parseBackgroundMessage(bad)).toBeNull();
    }
  });

  it('lets a content script ask to open the archive (it writes nothing)', () => {
    expect(PROTOCOL['content:open-archive'].from).toBe('any');
  });
});
