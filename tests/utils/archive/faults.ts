/**
 * Making a write fail half-way through a transaction, the ways browsers do it, without touching
 * the code under test: `withWriteFault(db, …)` returns the same database seen through a proxy
 * whose object stores misbehave on the (N+1)th write (put, add, delete or clear).
 */
import { unwrap, type IDBPTransaction } from 'idb';

/**
 * - `quota-on-request`: that write's request fails with `QuotaExceededError` and the transaction
 *   aborts with it (what Firefox does when a write does not fit).
 * - `quota-on-transaction`: that write succeeds, then the transaction aborts with
 *   `QuotaExceededError` as its `error`, every other request failing with `AbortError` (what
 *   Chromium does when the quota check fails at commit).
 * - `invalid-write`: that write throws synchronously, as IndexedDB does for a value it cannot
 *   clone (`put` of a value holding a function: `DataCloneError`) or a key that is not a key
 *   (`delete` of an object: `DataError`); the transaction is not aborted by itself.
 */
export type WriteFault = 'quota-on-request' | 'quota-on-transaction' | 'invalid-write';

/** What a faulty database reports back to the test. */
export interface FaultProbe {
  /** Writes issued through the proxy so far. */
  writes: number;
  /** True once the fault has been injected. */
  fired: boolean;
  /** Writes that had succeeded (and so had to be rolled back) when the transaction was aborted. */
  succeededBeforeFault: number;
}

type AnyFunction = (...args: unknown[]) => unknown;

/** `db` (an idb database) seen through a proxy whose transactions fail at write `afterWrites + 1`. */
export function withWriteFault<D extends object>(
  db: D,
  fault: WriteFault,
  afterWrites: number,
): { db: D; probe: FaultProbe } {
  const probe: FaultProbe = { writes: 0, fired: false, succeededBeforeFault: 0 };
  let succeeded = 0;
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return (...args: unknown[]) =>
          faultyTransaction(
            (Reflect.get(target, 'transaction') as AnyFunction).apply(target, args) as object,
          );
      }
      return bound(target, prop);
    },
  });

  function faultyTransaction(tx: object): object {
    let injected: DOMException | undefined;
    // Each write waits on the one before, so the fault fires after the earlier writes have run.
    let lastWrite: Promise<unknown> = Promise.resolve();
    const rawTx = unwrap(tx as IDBPTransaction<unknown, string[], IDBTransactionMode>);
    const abortWith = (error: DOMException) => {
      injected = error;
      probe.fired = true;
      probe.succeededBeforeFault = succeeded;
      rawTx.abort();
    };
    const done = (Reflect.get(tx, 'done') as Promise<void>).catch((error: unknown) => {
      throw injected ?? error;
    });

    const faultyStore = (store: object): object =>
      new Proxy(store, {
        get(target, prop) {
          if (prop !== 'put' && prop !== 'add' && prop !== 'delete' && prop !== 'clear') {
            return bound(target, prop);
          }
          const write = Reflect.get(target, prop) as AnyFunction;
          return (...args: unknown[]) => {
            probe.writes++;
            if (probe.writes !== afterWrites + 1) {
              const request = write.apply(target, args) as Promise<unknown>;
              lastWrite = request.then(
                () => succeeded++,
                () => undefined,
              );
              return request;
            }
            if (fault === 'invalid-write') {
              probe.fired = true;
              const [value, ...rest] = args;
              return write.apply(target, [
                { ...(value as object), notCloneable: () => 0 },
                ...rest,
              ]);
            }
            const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            const request = write.apply(target, args) as Promise<unknown>;
            void lastWrite.then(() => abortWith(quota));
            return fault === 'quota-on-request'
              ? request.catch(() => Promise.reject(quota))
              : request;
          };
        },
      });

    return new Proxy(tx, {
      get(target, prop) {
        if (prop === 'objectStore') {
          return (name: unknown) =>
            faultyStore(
              (Reflect.get(target, 'objectStore') as AnyFunction).call(target, name) as object,
            );
        }
        if (prop === 'error') return injected ?? Reflect.get(target, 'error');
        if (prop === 'done') return done;
        return bound(target, prop);
      },
    });
  }

  return { db: proxy, probe };
}

/** A property of an idb object, with methods bound to it (idb unwraps `this` to find the IDB object). */
function bound(target: object, prop: string | symbol): unknown {
  const value: unknown = Reflect.get(target, prop);
  return typeof value === 'function' ? (value as AnyFunction).bind(target) : value;
}
