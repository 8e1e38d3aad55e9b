/**
 * The run queue of one model session: inference runs one at a time per session (a session's
 * threads are already busy with one run; a worker-hosted session gets the next run queued
 * behind it), requests take turns run by run (round robin, so a
 * 10-pair rerank is not stuck behind a 100-pair one), at most `maxRequests` requests wait per
 * model (the next one fails fast with {@link QueueFullError}), and a request whose AbortSignal
 * fires (its deadline, or the client leaving) drops its remaining runs at once.
 * @module
 */

/** Thrown by {@link RunQueue.submit} when the model already has `maxRequests` requests queued. */
export class QueueFullError extends Error {
  constructor(max: number) {
    super(`local model busy: ${max} requests already queued`);
    this.name = "QueueFullError";
  }
}

/** Options of {@link createRunQueue}. */
export interface RunQueueOptions {
  /** Requests queued or running at once; default {@link DEFAULT_MAX_QUEUED_REQUESTS}. */
  readonly maxRequests?: number;
  /**
   * In-thread sessions only: longest stretch of back-to-back runs before the queue yields a timer
   * turn to the event loop (default 50 ms; 0: after every run). `Infinity` disables it (a
   * worker-hosted session's runs are awaited messages, so the loop is free while they compute).
   */
  readonly yieldAfterMs?: number;
  /**
   * Runs handed to the session before the previous one has returned; default 1. A worker-hosted
   * session takes 2: the worker starts the next run while the main thread is still picking up the
   * last result, so a busy machine's thread hand-offs do not idle the worker.
   */
  readonly inFlight?: number;
}

/** Default bound of a model's queue. */
export const DEFAULT_MAX_QUEUED_REQUESTS = 64;

/** One request's runs, in order. */
export type RunTask<T> = () => Promise<T>;

/** A model's queue. */
export interface RunQueue {
  /**
   * Runs `tasks` (interleaved with other requests' tasks); results in task order. `yieldAfterMs`
   * overrides the queue's for this request's runs.
   */
  submit<T>(
    tasks: readonly RunTask<T>[],
    signal: AbortSignal,
    opts?: { readonly yieldAfterMs?: number },
  ): Promise<T[]>;
  /** Requests queued or running now. */
  readonly depth: number;
}

interface Job {
  readonly tasks: readonly RunTask<unknown>[];
  readonly results: unknown[];
  next: number;
  pending: number;
  readonly signal: AbortSignal;
  readonly yieldAfterMs: number;
  readonly resolve: (v: unknown[]) => void;
  readonly reject: (e: unknown) => void;
  readonly onAbort: () => void;
}

/** Creates an empty queue. */
export function createRunQueue(opts: RunQueueOptions = {}): RunQueue {
  const max = opts.maxRequests ?? DEFAULT_MAX_QUEUED_REQUESTS;
  const yieldAfter = opts.yieldAfterMs ?? 50;
  const concurrency = Math.max(1, opts.inFlight ?? 1);
  const jobs: Job[] = [];
  let turn = 0;
  let inflight = 0;
  let since = performance.now();
  let yielding = false;

  const finish = (job: Job, error?: unknown) => {
    const i = jobs.indexOf(job);
    if (i < 0) return;
    jobs.splice(i, 1);
    if (i < turn) turn--;
    job.signal.removeEventListener("abort", job.onAbort);
    if (error !== undefined) job.reject(error);
    else job.resolve(job.results);
  };

  // The next job with a run left, round robin.
  const pick = (): Job | undefined => {
    for (let n = 0; n < jobs.length; n++) {
      if (turn >= jobs.length) turn = 0;
      const job = jobs[turn++];
      if (job.next < job.tasks.length) return job;
    }
    return undefined;
  };

  const pump = () => {
    while (inflight < concurrency) {
      const job = pick();
      if (!job) return;
      const k = job.next++;
      inflight++;
      job.pending++;
      job.tasks[k]().then((value) => {
        job.results[k] = value;
        job.pending--;
        if (job.next >= job.tasks.length && job.pending === 0) finish(job);
      }, (err) => {
        job.pending--;
        finish(job, err);
      }).finally(() => {
        inflight--;
        next();
      });
    }
  };

  // In-thread sessions: back-to-back runs until `yieldAfterMs` of work, then one timer turn.
  const next = () => {
    const limit = Math.min(...jobs.map((j) => j.yieldAfterMs));
    if (limit === Infinity || performance.now() - since < limit) return pump();
    if (yielding) return;
    yielding = true;
    setTimeout(() => {
      yielding = false;
      since = performance.now();
      pump();
    }, 0);
  };

  return {
    get depth() {
      return jobs.length;
    },
    submit<T>(
      tasks: readonly RunTask<T>[],
      signal: AbortSignal,
      o: { readonly yieldAfterMs?: number } = {},
    ): Promise<T[]> {
      if (signal.aborted) return Promise.reject(signal.reason);
      if (tasks.length === 0) return Promise.resolve([]);
      if (jobs.length >= max) return Promise.reject(new QueueFullError(max));
      return new Promise<T[]>((resolve, reject) => {
        const job: Job = {
          tasks,
          results: new Array(tasks.length),
          next: 0,
          pending: 0,
          signal,
          yieldAfterMs: o.yieldAfterMs ?? yieldAfter,
          resolve: resolve as (v: unknown[]) => void,
          reject,
          onAbort: () => finish(job, signal.reason),
        };
        signal.addEventListener("abort", job.onAbort, { once: true });
        jobs.push(job);
        if (inflight === 0 && !yielding) since = performance.now();
        pump();
      });
    },
  };
}

const queues = new WeakMap<object, RunQueue>();

/** The queue shared by everything that runs `session` (created on first use). */
export function queueFor(session: object, opts?: RunQueueOptions): RunQueue {
  let q = queues.get(session);
  if (!q) {
    q = createRunQueue(opts);
    queues.set(session, q);
  }
  return q;
}
