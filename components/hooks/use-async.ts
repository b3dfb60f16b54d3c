import { useEffect, useState } from 'preact/hooks';

/** The state of one asynchronous load. */
export type AsyncState<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: Error };

/**
 * Runs `load` whenever `deps` change and tracks its outcome; results of superseded runs are ignored
 * so a slow earlier load cannot overwrite a newer one.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    load().then(
      (value) => current && setState({ status: 'ready', value }),
      (error: unknown) =>
        current &&
        setState({
          status: 'error',
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
    return () => {
      current = false;
    };
    // The caller lists the dependencies of `load`, as with useEffect.
  }, deps);
  return state;
}
