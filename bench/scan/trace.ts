/**
 * Reading a Chromium trace (categories `toplevel`, `devtools.timeline` and the V8 sampling
 * profiler) for one page: its renderer main thread's tasks, and which of them ran an engine's
 * JavaScript. A content script's callbacks carry its `chrome-extension://` URL on their
 * `FunctionCall` events, but its promise continuations (e.g. the scan after the matcher arrives)
 * do not, so the profiler's samples, whose stacks carry script URLs, decide too.
 */

/** One trace event, as much of it as is read here. */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: Record<string, unknown>;
}

/** The categories of a full trace: tasks, what runs in them, script URLs, profiler samples. */
export const TRACE_CATEGORIES = [
  'toplevel',
  'blink.user_timing',
  'devtools.timeline',
  'disabled-by-default-v8.cpu_profiler',
].join(',');

/**
 * The categories of a light trace, cheap enough for every timed run: the main thread's tasks
 * and the page's `performance.mark`s, which say when an engine started.
 */
export const TASK_TRACE_CATEGORIES = ['toplevel', 'blink.user_timing'].join(',');

const LONG_TASK_MS = 50;

/** Main-thread time by kind of work, in ms (self time of the trace events, so nothing twice). */
export interface Breakdown {
  script: number;
  style: number;
  layout: number;
  paint: number;
  gc: number;
  other: number;
}

/** What one traced page load says about an engine's tasks. */
export interface TaskAttribution {
  /** Duration of the longest main-thread task with any of the engine's work in it (ms), or null. */
  longestEngineTaskMs: number | null;
  /** The engine's own part of that task (ms): its scripts, with what they forced. */
  longestEngineTaskOwnMs: number | null;
  /**
   * Tasks over 50 ms that the engine caused: over 50 ms, and not over 50 ms without the engine's
   * own part (a page frame the page itself made long is the page's, even if the engine ran in it).
   */
  engineTasksOver50: number;
  /** The longest of those (ms), and the engine's own part of it, or null when there is none. */
  longestPushedMs: number | null;
  longestPushedOwnMs: number | null;
  /**
   * What ran in that task: the functions the profiler sampled most in it (self time, any
   * script's) and its events by kind, so a long task can be read without opening the trace.
   */
  longestPushedProfile: { functions: { name: string; ms: number }[]; breakdown: Breakdown } | null;
  /** Main-thread tasks that were the engine's. */
  engineTasks: number;
  /** The engine's JavaScript time as sampled by the profiler (ms). */
  engineScriptMs: number;
  /** Where the engine's tasks spent their time. */
  breakdown: Breakdown;
  /** The longest main-thread task of any origin (ms). */
  longestTaskMs: number;
}

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json | undefined =>
  value && typeof value === 'object' ? (value as Json) : undefined;

function dataUrl(event: TraceEvent): string | undefined {
  const data = asRecord(event.args?.data);
  const url = data?.url ?? data?.scriptName;
  return typeof url === 'string' ? url : undefined;
}

/** The renderer main thread that parsed `pageUrl` (the last one, if the page was loaded twice). */
export function findPageThread(
  events: readonly TraceEvent[],
  pageUrl: string,
): { pid: number; tid: number } | undefined {
  let found: TraceEvent | undefined;
  for (const event of events) {
    if (event.name !== 'ParseHTML') continue;
    const url = asRecord(event.args?.beginData)?.url;
    if (typeof url === 'string' && url.split('#')[0] === pageUrl) found = event;
  }
  return found && { pid: found.pid, tid: found.tid };
}

/**
 * Attributes the page's main-thread tasks to an engine: a task is the engine's when a script
 * event in it names an engine URL, or when profiler samples taken during it have an engine URL
 * on the stack. The whole task counts (forced style and layout in it included). With
 * `everythingAfterMark` (a `performance.mark` made when an engine started on a settled, idle
 * page), every task from that mark on is the engine's (the frames that paint its highlights too).
 */
export function attributeTasks(
  events: readonly TraceEvent[],
  pageUrl: string,
  isEngineUrl: (url: string) => boolean,
  options: { everythingAfterMark?: string } = {},
): TaskAttribution | undefined {
  const thread = findPageThread(events, pageUrl);
  if (!thread) return undefined;
  const onThread = events
    .filter((e) => e.pid === thread.pid && e.tid === thread.tid)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));

  // A task is a top-level complete event on the thread: the scheduler's RunTask, but also work
  // the run loop does outside it, e.g. a microtask checkpoint after an IPC message, where a
  // content script's promise continuations run.
  // `ownUs`: the engine's own part, by its script events' durations or by profiler samples,
  // whichever says more (a continuation without a URL shows only in the samples).
  type Task = {
    ts: number;
    end: number;
    engine: boolean;
    event: TraceEvent;
    urlUs: number;
    urlEnd: number;
    sampledUs: number;
    /** Sampled self time by function, any script's (µs). */
    functions?: Map<string, number>;
  };
  const complete = onThread.filter((e) => e.ph === 'X' && e.dur !== undefined);
  const tasks: Task[] = [];
  for (const event of complete) {
    const last = tasks[tasks.length - 1];
    if (last && event.ts < last.end) continue;
    tasks.push({
      ts: event.ts,
      end: event.ts + (event.dur ?? 0),
      engine: false,
      event,
      urlUs: 0,
      urlEnd: 0,
      sampledUs: 0,
    });
  }
  const taskAt = (ts: number) => {
    let lo = 0;
    let hi = tasks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const task = tasks[mid];
      if (!task) break;
      if (ts < task.ts) hi = mid - 1;
      else if (ts > task.end) lo = mid + 1;
      else return task;
    }
    return undefined;
  };

  for (const event of onThread) {
    const url = dataUrl(event);
    if (url && isEngineUrl(url)) {
      const task = taskAt(event.ts);
      if (task) {
        task.engine = true;
        // Outermost events only: a nested one is inside a counted one.
        if (event.ph === 'X' && event.ts >= task.urlEnd) {
          task.urlUs += event.dur ?? 0;
          task.urlEnd = event.ts + (event.dur ?? 0);
        }
      }
    }
  }

  // The sampling profiler: nodes arrive in chunks, each with its parent; samples are node ids
  // with time deltas from the profile's start.
  let engineScriptUs = 0;
  const profiles = new Map<string, { time: number; engineNode: Map<number, boolean> }>();
  const parents = new Map<string, Map<number, { parent?: number; url: string; label: string }>>();
  for (const event of events) {
    if (event.name === 'Profile' && event.pid === thread.pid && event.tid === thread.tid) {
      const startTime = asRecord(event.args?.data)?.startTime;
      profiles.set(event.id ?? '', {
        time: typeof startTime === 'number' ? startTime : event.ts,
        engineNode: new Map(),
      });
      parents.set(event.id ?? '', new Map());
      continue;
    }
    if (event.name !== 'ProfileChunk' || event.pid !== thread.pid) continue;
    const profile = profiles.get(event.id ?? '');
    const nodes = parents.get(event.id ?? '');
    if (!profile || !nodes) continue;
    const data = asRecord(event.args?.data);
    const cpuProfile = asRecord(data?.cpuProfile);
    for (const node of (cpuProfile?.nodes as Json[] | undefined) ?? []) {
      const callFrame = asRecord(node.callFrame);
      const url = typeof callFrame?.url === 'string' ? callFrame.url : '';
      const name = typeof callFrame?.functionName === 'string' ? callFrame.functionName : '';
      const line = typeof callFrame?.lineNumber === 'number' ? callFrame.lineNumber + 1 : 0;
      const file = url.slice(url.lastIndexOf('/') + 1);
      nodes.set(node.id as number, {
        parent: node.parent as number | undefined,
        url,
        label: file ? `${name || '(anonymous)'} ${file}:${line}` : name || '(native)',
      });
    }
    const isEngineNode = (id: number): boolean => {
      const known = profile.engineNode.get(id);
      if (known !== undefined) return known;
      const node = nodes.get(id);
      const result = node
        ? isEngineUrl(node.url) || (node.parent !== undefined && isEngineNode(node.parent))
        : false;
      profile.engineNode.set(id, result);
      return result;
    };
    const samples = (cpuProfile?.samples as number[] | undefined) ?? [];
    const deltas = (data?.timeDeltas as number[] | undefined) ?? [];
    samples.forEach((id, index) => {
      const delta = deltas[index] ?? 0;
      profile.time += delta;
      const sampled = Math.max(0, Math.min(delta, 10_000));
      const sampledTask = taskAt(profile.time);
      const label = nodes.get(id)?.label;
      if (sampledTask && label) {
        sampledTask.functions ??= new Map();
        sampledTask.functions.set(label, (sampledTask.functions.get(label) ?? 0) + sampled);
      }
      if (!isEngineNode(id)) return;
      engineScriptUs += sampled;
      const task = sampledTask;
      if (task) {
        task.engine = true;
        task.sampledUs += sampled;
      }
    });
  }

  const startMark = options.everythingAfterMark
    ? events.findLast((e) => e.name === options.everythingAfterMark)
    : undefined;
  const everything = startMark !== undefined;
  if (startMark) {
    for (const task of tasks) task.engine = task.end > startMark.ts;
  }
  const engineTasks = tasks.filter((task) => task.engine);
  const ms = (task: Task) => (task.end - task.ts) / 1000;
  const ownMs = (task: Task) =>
    everything ? ms(task) : Math.min(ms(task), Math.max(task.urlUs, task.sampledUs) / 1000);
  const longest = engineTasks.reduce<Task | undefined>(
    (best, task) => (!best || ms(task) > ms(best) ? task : best),
    undefined,
  );
  const pushed = engineTasks.filter(
    (task) => ms(task) > LONG_TASK_MS && ms(task) - ownMs(task) <= LONG_TASK_MS,
  );
  const longestPushed = pushed.reduce<Task | undefined>(
    (best, task) => (!best || ms(task) > ms(best) ? task : best),
    undefined,
  );
  return {
    longestEngineTaskMs: longest ? ms(longest) : null,
    longestEngineTaskOwnMs: longest ? ownMs(longest) : null,
    engineTasksOver50: pushed.length,
    longestPushedMs: longestPushed ? ms(longestPushed) : null,
    longestPushedOwnMs: longestPushed ? ownMs(longestPushed) : null,
    longestPushedProfile: longestPushed
      ? {
          functions: [...(longestPushed.functions ?? new Map<string, number>())]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8)
            .map(([name, us]) => ({ name, ms: us / 1000 })),
          breakdown: breakdownOf(complete, [longestPushed]),
        }
      : null,
    engineTasks: engineTasks.length,
    engineScriptMs: engineScriptUs / 1000,
    breakdown: breakdownOf(complete, engineTasks),
    longestTaskMs: tasks.length > 0 ? Math.max(...tasks.map(ms)) : 0,
  };
}

const KIND_BY_NAME: Record<string, keyof Breakdown> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  'v8.compile': 'script',
  'v8.compileModule': 'script',
  'v8.evaluateModule': 'script',
  TimerFire: 'script',
  FireIdleCallback: 'script',
  FireAnimationFrame: 'script',
  EventDispatch: 'script',
  BlinkScheduler_PerformMicrotaskCheckpoint: 'script',
  RunMicrotasks: 'script',
  'IntersectionObserverController::computeIntersections': 'layout',
  UpdateLayoutTree: 'style',
  RecalcStyle: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  CompositeLayers: 'paint',
  Commit: 'paint',
  'Document::updateStyleAndLayout': 'style',
};

function kindOf(name: string): keyof Breakdown {
  const known = KIND_BY_NAME[name];
  if (known) return known;
  if (name.includes('GC') || name.startsWith('V8.GC')) return 'gc';
  return 'other';
}

/** Self time of the events inside `tasks`, by kind. `events` must be sorted by start. */
function breakdownOf(
  events: readonly TraceEvent[],
  tasks: readonly { ts: number; end: number }[],
): Breakdown {
  const result: Breakdown = { script: 0, style: 0, layout: 0, paint: 0, gc: 0, other: 0 };
  let taskIndex = 0;
  const stack: { end: number; self: number; name: string }[] = [];
  const flush = (until: number) => {
    while (stack.length > 0 && (stack[stack.length - 1]?.end ?? 0) <= until) {
      const done = stack.pop();
      // Events that overlap without nesting (rare) must not make time negative.
      if (done) result[kindOf(done.name)] += Math.max(0, done.self) / 1000;
    }
  };
  for (const event of events) {
    while (taskIndex < tasks.length && (tasks[taskIndex]?.end ?? 0) < event.ts) taskIndex++;
    const task = tasks[taskIndex];
    if (!task || event.ts < task.ts || event.ts >= task.end) continue;
    flush(event.ts);
    const dur = event.dur ?? 0;
    const parent = stack[stack.length - 1];
    if (parent) parent.self -= dur;
    stack.push({ end: event.ts + dur, self: dur, name: event.name });
  }
  flush(Number.POSITIVE_INFINITY);
  return result;
}

/** The main thread's tasks between two `performance.mark`s (the second may be absent). */
export interface TaskWindow {
  tasks: number;
  longestMs: number;
  over50: number;
}

/**
 * The page's main-thread tasks from the `performance.mark` named `from` until the mark named
 * `until` (or the end of the trace). A task is a top-level complete event on the thread that
 * recorded the mark: rendering-only tasks count too (the Long Tasks API leaves those out).
 */
export function tasksAfterMark(
  events: readonly TraceEvent[],
  from: string,
  until?: string,
): TaskWindow | undefined {
  // The last one: a mark made by an init script is also made in the tab's first, blank document.
  const mark = (name: string) =>
    events.findLast((e) => e.name === name && (e.cat ?? '').includes('blink.user_timing'));
  const start = mark(from);
  if (!start) return undefined;
  const end = until ? (mark(until)?.ts ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
  const complete = events
    .filter(
      (e) => e.pid === start.pid && e.tid === start.tid && e.ph === 'X' && e.dur !== undefined,
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const durations: number[] = [];
  let last = 0;
  for (const event of complete) {
    if (event.ts < last) continue;
    last = event.ts + (event.dur ?? 0);
    // The task in which the mark itself was made counts from the mark on.
    if (last <= start.ts || event.ts >= end) continue;
    durations.push((last - Math.max(event.ts, start.ts)) / 1000);
  }
  return {
    tasks: durations.length,
    longestMs: Math.max(0, ...durations),
    over50: durations.filter((d) => d > LONG_TASK_MS).length,
  };
}
