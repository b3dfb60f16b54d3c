import { describe, expect, it } from 'vitest';
import { parseBackgroundMessage } from '../../utils/messaging';

describe('parseBackgroundMessage', () => {
  it('accepts an archive-changed notice', () => {
    expect(
      parseBackgroundMessage({ type: 'background:archive-changed', payload: { revision: 3 } }),
    ).toEqual({ type: 'background:archive-changed', payload: { revision: 3 } });
  });

  it.each([
    ['not an object', 'archive-changed'],
    ['unknown type', { type: 'background:wipe-page', payload: {} }],
    ['a request, not a notice', { type: 'content:get-matcher-source', payload: {} }],
    ['missing payload', { type: 'background:archive-changed' }],
    ['bad revision', { type: 'background:archive-changed', payload: { revision: -1 } }],
    ['extra fields', { type: 'background:archive-changed', payload: { revision: 1, run: 'x' } }],
    [
      'extra envelope fields',
      { type: 'background:archive-changed', payload: { revision: 1 }, x: 1 },
    ],
  ])('ignores %s', (_name, message) => {
    expect(parseBackgroundMessage(message)).toBeNull();
  });
});
