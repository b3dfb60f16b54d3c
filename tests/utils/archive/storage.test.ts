import { describe, expect, it, vi } from 'vitest';
import {
  estimateStorage,
  requestPersistence,
  type StorageManagerLike,
} from '../../../utils/archive/storage';

describe('requestPersistence', () => {
  it('does not ask again when storage is already persistent', async () => {
    const persist = vi.fn(async () => true);
    const manager: StorageManagerLike = { persisted: async () => true, persist };
    expect(await requestPersistence(manager)).toBe('granted');
    expect(persist).not.toHaveBeenCalled();
  });

  it.each([
    [true, 'granted'],
    [false, 'denied'],
  ])('asks when it is not: persist() → %s means %s', async (answer, state) => {
    const manager: StorageManagerLike = {
      persisted: async () => false,
      persist: async () => answer,
    };
    expect(await requestPersistence(manager)).toBe(state);
  });

  it('treats a refusal that throws as denied', async () => {
    const manager: StorageManagerLike = {
      persisted: async () => false,
      persist: () => Promise.reject(new DOMException('no', 'InvalidStateError')),
    };
    expect(await requestPersistence(manager)).toBe('denied');
  });

  it('is unsupported without a storage manager, or without persist() (workers)', async () => {
    expect(await requestPersistence(undefined)).toBe('unsupported');
    expect(await requestPersistence({ persisted: async () => false })).toBe('unsupported');
  });
});

describe('estimateStorage', () => {
  it('reports usage and quota', async () => {
    const manager: StorageManagerLike = { estimate: async () => ({ usage: 10, quota: 100 }) };
    expect(await estimateStorage(manager)).toEqual({ usage: 10, quota: 100 });
  });

  it('is undefined where the browser cannot say', async () => {
    expect(await estimateStorage(undefined)).toBeUndefined();
    expect(await estimateStorage({ estimate: async () => ({}) })).toBeUndefined();
    expect(
      await estimateStorage({ estimate: () => Promise.reject(new Error('x')) }),
    ).toBeUndefined();
  });
});
