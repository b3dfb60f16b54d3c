import { describe, expect, it } from 'vitest';
import { serialTask } from '../../utils/serial-task';

/** A job whose runs end when the test says: `finish(i)` resolves run i, `fail(i)` rejects it. */
function controlledJob() {
  const runs: { resolve: () => void; reject: (error: Error) => void; started: number }[] = [];
  let clock = 0;
  let active = 0;
  let mostAtOnce = 0;
  const job = () =>
    new Promise<void>((resolve, reject) => {
      active++;
      mostAtOnce = Math.max(mostAtOnce, active);
      const end = () => active--;
      runs.push({
        started: clock++,
        resolve: () => {
          end();
          resolve();
        },
        reject: (error) => {
          end();
          reject(error);
        },
      });
    });
  return {
    job,
    runs,
    tick: () => clock++,
    mostAtOnce: () => mostAtOnce,
  };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('serialTask', () => {
  it('runs the job at once when none is running, and settles when it ends', async () => {
    const { job, runs } = controlledJob();
    const request = serialTask(job);
    let done = false;
    void request().then(() => (done = true));
    await settle();
    expect(runs).toHaveLength(1);
    expect(done).toBe(false);
    runs[0]?.resolve();
    await settle();
    expect(done).toBe(true);
  });

  it('folds requests made during a run into one run after it', async () => {
    const { job, runs, mostAtOnce } = controlledJob();
    const request = serialTask(job);
    const first = request();
    await settle();
    const settled: string[] = [];
    const later = ['a', 'b', 'c'].map((name) => request().then(() => settled.push(name)));
    await settle();
    expect(runs).toHaveLength(1);
    runs[0]?.resolve();
    await first;
    await settle();
    // The requests made during the first run wait for the second, not for the first.
    expect(runs).toHaveLength(2);
    expect(settled).toEqual([]);
    runs[1]?.resolve();
    await Promise.all(later);
    expect(settled).toEqual(['a', 'b', 'c']);
    expect(mostAtOnce()).toBe(1);
  });

  it('rejects the requests a failed run served, and runs again on the next request', async () => {
    const { job, runs } = controlledJob();
    const request = serialTask(job);
    const failing = request();
    await settle();
    runs[0]?.reject(new Error('the database closed'));
    await expect(failing).rejects.toThrow('the database closed');
    const again = request();
    await settle();
    expect(runs).toHaveLength(2);
    runs[1]?.resolve();
    await expect(again).resolves.toBeUndefined();
  });

  it('still runs once more after a run that fails while requests wait', async () => {
    const { job, runs } = controlledJob();
    const request = serialTask(job);
    void request().catch(() => undefined);
    await settle();
    const waiting = request();
    runs[0]?.reject(new Error('gone'));
    await settle();
    expect(runs).toHaveLength(2);
    runs[1]?.resolve();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('over random schedules: one run at a time, and every request served by a run started after it', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let schedule = 0; schedule < 200; schedule++) {
      const { job, runs, tick, mostAtOnce } = controlledJob();
      const request = serialTask(job);
      const served: { at: number; by: Promise<number> }[] = [];
      let finished = 0;
      for (let step = 0; step < 30; step++) {
        if (random() < 0.5) {
          const at = tick();
          served.push({
            at,
            // The run that served it is the last one started when the request settles.
            by: request().then(() => runs[runs.length - 1]?.started ?? -1),
          });
        } else if (finished < runs.length) {
          runs[finished++]?.resolve();
        }
        await settle();
      }
      while (finished < runs.length) {
        runs[finished++]?.resolve();
        await settle();
      }
      expect(mostAtOnce()).toBe(1);
      for (const { at, by } of served) expect(await by).toBeGreaterThan(at);
      // Never more runs than requests.
      expect(runs.length).toBeLessThanOrEqual(served.length);
    }
  });
});
