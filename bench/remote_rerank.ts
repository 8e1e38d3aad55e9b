/**
 * Remote-reranker overhead (not a test): the seed-style query reranked by `reranker-cohere`
 * against a local fake Cohere (answering at once, and after a fixed delay) vs the same query with
 * `reranker-dummy`, in-process (`app.request`), same data, page sizes up to 1,500 documents
 * (two parallel Cohere calls). Isolates the gateway's own cost of the remote path: SDK, JSON,
 * batching, loopback HTTP. Run on its own with
 * `deno run --lock=deno.full.lock --allow-env=NODE_ENV --allow-net=127.0.0.1 --allow-read=bench,tests/rerankers bench/remote_rerank.ts [--quick]`.
 * @module
 */
import type { Hono } from "hono";
import { createApp } from "../src/http/app.ts";
import type { Reranker } from "../src/core/reranker.ts";
import type { Collection, Services } from "../src/pipeline/services.ts";
import { fakeScore } from "../tests/rerankers/fake_server.ts";
import { type BenchSection, printSection } from "./report.ts";
import {
  buildRemoteServices,
  type FakeCohere,
  REMOTE_CLASSES,
  startFakeCohere,
} from "./remote_rerank_fixture.ts";
import {
  remoteDetailTable,
  remoteHeadlineTable,
  type RemoteRow,
  remoteTargets,
} from "./remote_rerank_tables.ts";
import { summarize } from "./stats.ts";

/** The command that runs this module alone. */
export const REMOTE_RERANK_COMMAND =
  "deno run --lock=deno.full.lock --allow-env=NODE_ENV --allow-net=127.0.0.1 --allow-read=bench,tests/rerankers bench/remote_rerank.ts [--quick]";

/** Options of {@link runRemoteRerankBench}. */
export interface RemoteRerankOptions {
  readonly quick?: boolean;
  /** Results per page; default 10, 100, 1000, 1500. */
  readonly pageSizes?: readonly number[];
  /** Delay of the slow fake in ms; default 50. */
  readonly delayMs?: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** The README's seed query, with a page size. */
export function seedQuery(className: string, limit: number): string {
  return `{ Get { ${className}(nearText: {concepts: "flying"} limit: ${limit}) { answer question ` +
    '_additional { distance rerank(property: "answer" query: "floating") { score } } } } }';
}

interface Clock {
  ms: number;
}

/** Wraps every reranker so its wall time (the whole remote call for Cohere) adds to `clock`. */
function timedReranks(services: Services, clock: Clock): Services {
  const timed = (r: Reranker): Reranker => ({
    name: r.name,
    maxDocuments: r.maxDocuments,
    async rerank(query, documents, opts) {
      const t0 = performance.now();
      try {
        return await r.rerank(query, documents, opts);
      } finally {
        clock.ms += performance.now() - t0;
      }
    },
  });
  const collections = new Map<string, Collection>();
  for (const [name, c] of services.collections) {
    collections.set(name, { ...c, reranker: c.reranker && timed(c.reranker) });
  }
  return { ...services, collections };
}

interface Row {
  readonly answer: string;
  readonly _additional: { readonly rerank: readonly { readonly score: number }[] };
}

/** Sends one query; checks status, errors, result count and (Cohere) the fake's scores. */
async function checked(app: Hono, className: string, size: number, cohere: boolean) {
  const res = await app.request("/v1/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ query: seedQuery(className, size) }),
  });
  const text = await res.text();
  const fail = (why: string) =>
    new Error(`remote rerank, ${className} ${size}: ${why}: ${text.slice(0, 300)}`);
  if (res.status !== 200) throw fail(`status ${res.status}`);
  const json = JSON.parse(text);
  if (json.errors) throw fail("errors in the response");
  const rows = json.data?.Get?.[className] as Row[] | undefined;
  if (!Array.isArray(rows) || rows.length !== size) throw fail(`expected ${size} results`);
  const score = rows[0]._additional.rerank[0].score;
  if (cohere && score !== fakeScore(rows[0].answer)) throw fail("not the fake Cohere's score");
}

interface Samples {
  readonly total: number[];
  readonly rerank: number[];
}

async function timedRequest(app: Hono, clock: Clock, body: string, into: Samples, keep: boolean) {
  clock.ms = 0;
  const t0 = performance.now();
  const res = await app.request("/v1/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
  });
  await res.arrayBuffer();
  const dt = performance.now() - t0;
  if (keep) {
    into.total.push(dt);
    into.rerank.push(clock.ms);
  }
}

/** Counts of one page size: interleaved dummy/instant requests, then delayed requests. */
interface Counts {
  readonly iterations: number;
  readonly warmup: number;
  readonly delayedIterations: number;
  readonly delayedWarmup: number;
}

function countsFor(size: number, quick: boolean): Counts {
  const big = size >= 1000;
  const div = quick ? 5 : 1;
  return {
    iterations: (big ? 100 : 300) / div,
    warmup: (big ? 10 : 30) / div,
    delayedIterations: 50 / div,
    delayedWarmup: 5,
  };
}

async function measureSize(
  ctx: { app: Hono; clock: Clock; fake: FakeCohere },
  size: number,
  counts: Counts,
): Promise<RemoteRow> {
  const { app, clock, fake } = ctx;
  await checked(app, REMOTE_CLASSES.dummy, size, false);
  await checked(app, REMOTE_CLASSES.cohere, size, true);
  await checked(app, REMOTE_CLASSES.delayed, size, true);
  await fake.stats();
  const body = (c: string) => JSON.stringify({ query: seedQuery(c, size) });
  const dummy: Samples = { total: [], rerank: [] };
  const cohere: Samples = { total: [], rerank: [] };
  const delayed: Samples = { total: [], rerank: [] };
  gc?.();
  // Interleaved, so drift and GC pauses spread over both rerankers alike.
  for (let i = 0; i < counts.warmup + counts.iterations; i++) {
    await timedRequest(app, clock, body(REMOTE_CLASSES.dummy), dummy, i >= counts.warmup);
    await timedRequest(app, clock, body(REMOTE_CLASSES.cohere), cohere, i >= counts.warmup);
  }
  gc?.();
  for (let i = 0; i < counts.delayedWarmup + counts.delayedIterations; i++) {
    await timedRequest(
      app,
      clock,
      body(REMOTE_CLASSES.delayed),
      delayed,
      i >= counts.delayedWarmup,
    );
  }
  const [instant, slow] = await fake.stats();
  const summary = (s: Samples) => ({ total: summarize(s.total), rerank: summarize(s.rerank) });
  return {
    size,
    iterations: counts.iterations,
    delayedIterations: counts.delayedIterations,
    dummy: summary(dummy),
    cohere: summary(cohere),
    delayed: summary(delayed),
    callsPerRequest: instant.calls / (counts.warmup + counts.iterations),
    fakeMsPerCall: instant.calls ? instant.handlerMs / instant.calls : NaN,
    delayedFakeMsPerCall: slow.calls ? slow.handlerMs / slow.calls : NaN,
    delayedWaitMs: slow.calls ? slow.waitMs / slow.calls : NaN,
  };
}

/** Runs the remote-reranker benchmark and returns its section for BENCHMARKS.md. */
export async function runRemoteRerankBench(opts: RemoteRerankOptions = {}): Promise<BenchSection> {
  const sizes = opts.pageSizes ?? [10, 100, 1000, 1500];
  const delayMs = opts.delayMs ?? 50;
  const objects = Math.max(2000, ...sizes);
  const fake = await startFakeCohere([0, delayMs]);
  const rows: RemoteRow[] = [];
  let coldMs = NaN;
  try {
    const services = await buildRemoteServices({
      objects,
      cohereUrl: fake.urls[0],
      delayedUrl: fake.urls[1],
    });
    const clock: Clock = { ms: 0 };
    const app = createApp(timedReranks(services, clock));
    // The first Cohere request loads the SDK (`import("cohere-ai")` on first use).
    const t0 = performance.now();
    await checked(app, REMOTE_CLASSES.cohere, 10, true);
    coldMs = performance.now() - t0;
    for (const size of sizes) {
      rows.push(
        await measureSize({ app, clock, fake }, size, countsFor(size, opts.quick ?? false)),
      );
    }
  } finally {
    await fake.close();
  }
  return {
    title: "Remote reranker overhead: reranker-cohere against a local fake",
    standaloneCommand: REMOTE_RERANK_COMMAND,
    intro: [
      `Data: three embedded-store classes over the same ${objects} synthetic Jeopardy-shaped ` +
      "objects (`question` 12 words, `answer` 1-4 words, Zipf-like over 5,000 tokens, " +
      "`text2vec-hash` 384-d), built through `buildServices`; they differ only in the reranker: " +
      "`reranker-dummy`, `reranker-cohere` with `baseURL` = a fake answering at once, and " +
      `\`reranker-cohere\` with \`baseURL\` = a fake answering after ${delayMs} ms ` +
      "(`modules.allowPrivateBaseUrls: true`, key from the environment). The fakes are the " +
      "tests' Cohere fake (`tests/rerankers/fake_server.ts` + `fakes.ts`: parse the request, " +
      "score by length, sort, answer like `/v2/rerank`) on 127.0.0.1, run in a Web Worker so " +
      "their JSON work does not share the gateway's event loop.",
      'Query: the README\'s seed query, `nearText: {concepts: "flying"}` with `limit` = page ' +
      'size and `_additional { distance rerank(property: "answer" query: "floating") ' +
      "{ score } }`, in-process through `createApp` (`app.request`, up to the read body). Each " +
      "page size first sends one checked request per class (200, no `errors`, page size results, " +
      "the first score is the fake's). Then dummy and Cohere requests alternate (warm-up " +
      "unrecorded), then the delayed class alone. *rerank()* is the reranker's wall time inside " +
      "the request: for Cohere the whole remote call (SDK client, request JSON, loopback HTTP, " +
      "the fake's work, SDK response parsing, batching).",
    ],
    tables: [remoteHeadlineTable(rows, delayMs), remoteDetailTable(rows)],
    notes: [
      `The first Cohere request of the process took ${coldMs.toFixed(1)} ms (10 documents): ` +
      "it loads the `cohere-ai` SDK, which `reranker-cohere` imports on first use.",
      "*added* = Cohere's rerank() minus the dummy's for the same page (p50 minus p50, p99 " +
      "minus p99): the remote path's cost over a reranker that costs almost nothing. The store " +
      "and GraphQL work around rerank() is the same for both classes, so leaving it out only " +
      "removes noise; *added p50, whole request* is the same difference over the whole request, " +
      "as a cross-check. The fake's handler time per call (second table) runs on the worker " +
      "thread but is still waited for, so it is inside *added*; the rest is the gateway's share.",
      "With the delayed fake, its measured wait (the timer fires late) is subtracted, yet the " +
      "added time tends to stay above the instant fake's: those requests run in their own loop " +
      "and resume after an idle wait of 50 ms (colder caches are the likely cause; not " +
      "investigated further). A real provider makes every request wait like this.",
      "G13 bounds the added latency of a real provider call (network and the provider's " +
      "inference included). Here there is neither: these numbers are only the gateway's share " +
      "of that budget, which a real deployment adds to the provider's own latency.",
    ],
    targets: remoteTargets(rows),
  };
}

if (import.meta.main) {
  printSection(await runRemoteRerankBench({ quick: Deno.args.includes("--quick") }));
}
