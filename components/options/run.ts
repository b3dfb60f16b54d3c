/**
 * Event handlers start asynchronous work (a request to the background) that nothing awaits. A
 * failed request has already been announced to the user by the page (see `ReportedError`), so it
 * ends here; anything else is a bug and goes to the console, where tests see it.
 */

/** A failure the page has already shown the user; thrown on so the caller stops what it was doing. */
export class ReportedError extends Error {
  override name = 'ReportedError';
}

/** Runs `work` from an event handler, at once, ending its failure here (see the module comment). */
export function run(work: () => unknown): void {
  const report = (error: unknown) => {
    if (!(error instanceof ReportedError)) console.error(error);
  };
  try {
    void Promise.resolve(work()).catch(report);
  } catch (error) {
    report(error);
  }
}
