/**
 * An async job run one at a time, with requests folded together: a request while the job runs
 * starts one more run after it, however many requests came meanwhile. So the last run always
 * starts after the last request, and a reader that re-reads on every change notice never keeps
 * what it read before the newest notice.
 */

const ignore = (): void => undefined;

/**
 * Returns `request`: it starts `job` now when none is running, or once after the running one
 * ends. Its promise settles with the first run that starts after the request (a failed run
 * rejects the requests it served; the next request runs the job again).
 */
export function serialTask(job: () => Promise<void>): () => Promise<void> {
  let current: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const start = (): Promise<void> => {
    const run = (async () => job())();
    current = run;
    const clear = () => {
      if (current === run) current = undefined;
    };
    run.then(clear, clear);
    return run;
  };

  return function request() {
    // Until the queued run starts, it serves every new request too.
    if (queued) return queued;
    if (!current) return start();
    const next = current.then(ignore, ignore).then(() => {
      queued = undefined;
      return start();
    });
    queued = next;
    return next;
  };
}
