/**
 * A Web Worker that runs fake Cohere `/v2/rerank` servers on 127.0.0.1 for bench/remote_rerank.ts
 * (the tests' fake server and Cohere handler), so the fake's JSON work runs on its own thread and
 * event loop, not on the gateway's. Messages: `{cmd: "start", delaysMs}` -> `{urls}` (one server
 * per delay, the delay before each answer); `{cmd: "stats"}` -> `{stats}` (calls and the fake's own
 * handler ms per server since the last stats, then reset); `{cmd: "close"}` -> `{closed: true}`.
 * @module
 */
import { type FakeServer, startFakeServer } from "../tests/rerankers/fake_server.ts";
import { cohereHandler } from "../tests/rerankers/fakes.ts";

/** Calls and handler time of one fake server since the last `stats` message. */
export interface FakeStats {
  readonly calls: number;
  /** Time inside the fake's handler (JSON parse, scoring, JSON out), delay excluded. */
  readonly handlerMs: number;
  /** Time actually waited before answering (timers fire late: more than the delay). */
  readonly waitMs: number;
}

/** A message to the worker. */
export type FakeCommand =
  | { readonly cmd: "start"; readonly delaysMs: readonly number[] }
  | { readonly cmd: "stats" }
  | { readonly cmd: "close" };

interface WorkerScope {
  onmessage: ((e: MessageEvent<FakeCommand>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
const servers: FakeServer[] = [];
const counters: { calls: number; handlerMs: number; waitMs: number }[] = [];

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const id = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(id);
      resolve();
    }, { once: true });
  });
}

function start(delayMs: number): string {
  const counter = { calls: 0, handlerMs: 0, waitMs: 0 };
  counters.push(counter);
  const server: FakeServer = startFakeServer(async (req, n, signal) => {
    // The fake keeps no history: a bench sends thousands of requests.
    server.requests.length = 0;
    const waitStart = performance.now();
    if (delayMs > 0) await sleep(delayMs, signal);
    const t0 = performance.now();
    counter.waitMs += t0 - waitStart;
    const res = await cohereHandler(req, n, signal);
    counter.calls++;
    counter.handlerMs += performance.now() - t0;
    return res;
  });
  servers.push(server);
  return server.url;
}

scope.onmessage = async (e) => {
  const msg = e.data;
  if (msg.cmd === "start") {
    scope.postMessage({ urls: msg.delaysMs.map(start) });
  } else if (msg.cmd === "stats") {
    const stats: FakeStats[] = counters.map((c) => ({ ...c }));
    for (const c of counters) c.calls = c.handlerMs = c.waitMs = 0;
    scope.postMessage({ stats });
  } else {
    await Promise.all(servers.map((s) => s.close()));
    scope.postMessage({ closed: true });
  }
};
