/**
 * Asking the browser to keep the archive. Without persistence a browser may evict an origin's
 * IndexedDB under storage pressure, and the user's notes with it.
 */

/** The outcome of asking for persistent storage. */
export type PersistenceState = 'granted' | 'denied' | 'unsupported';

/** The part of `StorageManager` used here, so tests can hand in a small fake. */
export type StorageManagerLike = Partial<
  Pick<StorageManager, 'persisted' | 'persist' | 'estimate'>
>;

/**
 * Makes the archive's storage persistent if it is not already. Asks only when needed, because in
 * some browsers `persist()` may show the user a prompt. Pass `navigator.storage`; workers do not
 * have `persist()` and get 'unsupported'.
 */
export async function requestPersistence(
  manager: StorageManagerLike | undefined = globalThis.navigator?.storage,
): Promise<PersistenceState> {
  if (!manager?.persisted || !manager.persist) return 'unsupported';
  try {
    if (await manager.persisted()) return 'granted';
    return (await manager.persist()) ? 'granted' : 'denied';
  } catch {
    // Refused outright (e.g. in a private window): the same as a "no" for the caller.
    return 'denied';
  }
}

/** How much the origin stores and may store, in bytes; `undefined` where the browser cannot say. */
export async function estimateStorage(
  manager: StorageManagerLike | undefined = globalThis.navigator?.storage,
): Promise<{ usage: number; quota: number } | undefined> {
  if (!manager?.estimate) return undefined;
  try {
    const { usage, quota } = await manager.estimate();
    return usage === undefined || quota === undefined ? undefined : { usage, quota };
  } catch {
    return undefined;
  }
}
