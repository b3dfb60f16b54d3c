import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  ARCHIVE_CHANGED_CHANNEL,
  archiveSignature,
  watchArchiveChanges,
} from '../../../utils/search/changes';
import { pack } from './fixtures';

describe('archiveSignature', () => {
  const packs = [pack('a'), pack('b')];
  const base = archiveSignature(packs, 2, 10);

  it('does not depend on the order packs are listed in', () => {
    expect(archiveSignature([...packs].reverse(), 2, 10)).toBe(base);
  });

  it.each([
    ['a pack switched off', [pack('a', { enabled: false }), pack('b')], 2, 10],
    ['a pack updated', [pack('a', { updatedAt: '2024-02-02' }), pack('b')], 2, 10],
    ['a new version', [pack('a', { version: '2.0.0' }), pack('b')], 2, 10],
    ['a pack removed', [pack('a')], 2, 10],
    ['a note deleted', packs, 2, 9],
    ['an organisation added', packs, 3, 10],
  ])('changes when %s', (_name, next, organisations, summaries) => {
    expect(archiveSignature(next, organisations, summaries)).not.toBe(base);
  });
});

describe('watchArchiveChanges', () => {
  /** A document as far as the watcher uses it, with a window to focus. */
  function fakeDocument() {
    const view = new EventTarget();
    const document = Object.assign(new EventTarget(), {
      visibilityState: 'visible' as DocumentVisibilityState,
      defaultView: view,
    });
    return { document, view, asDocument: document as unknown as Document };
  }
  /** Lets a posted message arrive. */
  const delivered = () => new Promise((resolve) => setTimeout(resolve, 20));

  const poster = new BroadcastChannel(ARCHIVE_CHANGED_CHANNEL);
  afterEach(() => vi.useRealTimers());
  afterAll(() => poster.close());

  it('calls back on a post to the archive channel, being shown again and focus; not once unwatched', async () => {
    const { document, view, asDocument } = fakeDocument();
    const onMaybeChanged = vi.fn();
    const unwatch = watchArchiveChanges(
      { document: asDocument, BroadcastChannel },
      onMaybeChanged,
      {
        focus: true,
      },
    );

    poster.postMessage({ revision: 1 });
    await delivered();
    expect(onMaybeChanged).toHaveBeenCalledTimes(1);
    document.dispatchEvent(new Event('visibilitychange'));
    view.dispatchEvent(new Event('focus'));
    expect(onMaybeChanged).toHaveBeenCalledTimes(3);
    // Hidden: nothing to show, so nothing to check.
    document.visibilityState = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(onMaybeChanged).toHaveBeenCalledTimes(3);

    document.visibilityState = 'visible';
    unwatch();
    poster.postMessage({ revision: 2 });
    await delivered();
    document.dispatchEvent(new Event('visibilitychange'));
    view.dispatchEvent(new Event('focus'));
    expect(onMaybeChanged).toHaveBeenCalledTimes(3);
  });

  it('checks every `recheckEvery` ms while visible, and only when asked to', () => {
    vi.useFakeTimers();
    const { document, asDocument } = fakeDocument();
    const polled = vi.fn();
    const quiet = vi.fn();
    const unwatchPolled = watchArchiveChanges({ document: asDocument }, polled, {
      recheckEvery: 5_000,
    });
    const unwatchQuiet = watchArchiveChanges({ document: asDocument }, quiet);
    vi.advanceTimersByTime(15_000);
    expect(polled).toHaveBeenCalledTimes(3);
    document.visibilityState = 'hidden';
    vi.advanceTimersByTime(10_000);
    expect(polled).toHaveBeenCalledTimes(3);
    expect(quiet).not.toHaveBeenCalled();
    unwatchPolled();
    unwatchQuiet();
    document.visibilityState = 'visible';
    vi.advanceTimersByTime(10_000);
    expect(polled).toHaveBeenCalledTimes(3);
  });

  it('works without a BroadcastChannel', () => {
    const { view, asDocument } = fakeDocument();
    const onMaybeChanged = vi.fn();
    const unwatch = watchArchiveChanges({ document: asDocument }, onMaybeChanged, { focus: true });
    view.dispatchEvent(new Event('focus'));
    expect(onMaybeChanged).toHaveBeenCalledTimes(1);
    unwatch();
  });

  it('leaves focus alone unless asked (a full re-read on every focus would be waste)', () => {
    const { document, view, asDocument } = fakeDocument();
    const onMaybeChanged = vi.fn();
    const unwatch = watchArchiveChanges({ document: asDocument }, onMaybeChanged);
    view.dispatchEvent(new Event('focus'));
    expect(onMaybeChanged).not.toHaveBeenCalled();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(onMaybeChanged).toHaveBeenCalledTimes(1);
    unwatch();
  });
});
