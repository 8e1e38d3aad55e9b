/**
 * Gateway overhead benchmark (not a test): per-request time of the gateway's own `/v1/graphql`
 * handler vs a naive `@hono/graphql-server` handler vs a bare Hono floor, in-process
 * (`app.request`, no sockets), side by side in one run over the same data. Also graphql-js
 * parse vs validate, encoder cost and router/middleware cost. Run on its own with
 * `deno run --lock=deno.full.lock --allow-env=NODE_ENV --v8-flags=--expose-gc bench/gateway_overhead.ts`.
 * @module
 */
import { createGraphQLExecutor } from "../src/graphql/executor.ts";
import type { Services } from "../src/pipeline/services.ts";
import { cacheRetentionTable } from "./cache_retention.ts";
import { type BenchHandler, type BenchHandlers, createBenchHandlers } from "./gateway_handlers.ts";
import { type GatewayCase, gatewayCases } from "./gateway_cases.ts";
import type { CaseResult } from "./gateway_results.ts";
import { buildBenchServices } from "./gateway_fixture.ts";
import { encodeTable, parseValidateTable } from "./graphql_phases.ts";
import {
  bodyTable,
  g11Target,
  g11Verdict,
  graphqlLayerTable,
  latencyTable,
  ownRatio,
  ownRatioMissed,
  ownRatioTarget,
  ownRatioVerdict,
  slowerThanNaive,
  verdictTable,
} from "./gateway_tables.ts";
import { type BenchSection, printSection } from "./report.ts";
import { routerOverhead } from "./router_overhead.ts";
import { blockOrder } from "./block_order.ts";
import { ms, summarize } from "./stats.ts";

/** The command that runs this module alone. */
export const GATEWAY_OVERHEAD_COMMAND =
  "deno run --lock=deno.full.lock --allow-env=NODE_ENV --v8-flags=--expose-gc bench/gateway_overhead.ts";

/** Options of {@link runGatewayOverheadBench}. */
export interface GatewayOverheadOptions {
  /** Measured requests per handler and case; default 1000. */
  readonly iterations?: number;
  /** Unrecorded requests per handler and case first; default 50. */
  readonly warmup?: number;
  /**
   * Rounds the measured requests are split into, each a block per handler ({@link blockOrder});
   * default 20.
   */
  readonly rounds?: number;
  /** Objects per collection; default 1000. */
  readonly objects?: number;
  /**
   * Unrecorded requests per handler and case in a first pass over every case, so the first
   * case measured does not pay for JIT compilation the later ones find done; default 200.
   */
  readonly jitWarmup?: number;
}

const gc = (globalThis as { gc?: (opts?: { type: "minor" }) => void }).gc;

/** A scavenge of the young generation (V8's `gc({ type: "minor" })`, with `--expose-gc`). */
function minorGc(): void {
  gc?.({ type: "minor" });
}

async function checkedText(h: BenchHandler, c: GatewayCase, body: string): Promise<string> {
  const res = await h.post(body);
  const text = await res.text();
  const fail = (why: string) => new Error(`${h.name}, ${c.label}: ${why}: ${text.slice(0, 300)}`);
  if (res.status !== 200) throw fail(`status ${res.status}`);
  const json = JSON.parse(text);
  if (json.errors) throw fail("errors in the response");
  const items = json.data?.Get?.[c.className];
  if (!Array.isArray(items) || items.length !== c.expectedResults) {
    throw fail(`expected ${c.expectedResults} results`);
  }
  return text;
}

function firstDifference(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 30);
  return `byte ${i}: (a) …${a.slice(from, i + 40)}… vs (b) …${b.slice(from, i + 40)}…`;
}

function handlerList(handlers: BenchHandlers): BenchHandler[] {
  return [
    handlers.gateway,
    handlers.honoGraphqlServer,
    handlers.floor,
    handlers.routes,
    handlers.routesExecute,
  ];
}

/** Sends `count` unrecorded requests of every case to every handler (throwaway handlers). */
async function warmUpAll(
  cases: readonly GatewayCase[],
  services: Services,
  count: number,
): Promise<void> {
  for (const c of cases) {
    const handlers = createBenchHandlers(services);
    handlers.setFloorBody(await checkedText(handlers.gateway, c, c.body(0)));
    for (const h of handlerList(handlers)) {
      for (let i = 0; i < count; i++) await (await h.post(c.body(i))).arrayBuffer();
    }
  }
}

async function runCase(
  c: GatewayCase,
  handlers: BenchHandlers,
  iterations: number,
  warmup: number,
  rounds: number,
): Promise<CaseResult> {
  const list = handlerList(handlers);
  // One checked request per handler, with a body the measured loop never sends.
  const checkBody = c.body(warmup + iterations);
  const gatewayText = await checkedText(handlers.gateway, c, checkBody);
  handlers.setFloorBody(gatewayText);
  const naiveText = await checkedText(handlers.honoGraphqlServer, c, checkBody);
  await checkedText(handlers.floor, c, checkBody);
  for (const h of [handlers.routes, handlers.routesExecute]) {
    const text = await checkedText(h, c, checkBody);
    if (text !== gatewayText) throw new Error(`${h.name}, ${c.label}: not (a)'s bytes`);
  }

  const total = list.map(() => [] as number[]);
  const own = list.map(() => [] as number[]);
  const sample = async (h: number, i: number, record: boolean) => {
    handlers.clock.ms = 0;
    const t0 = performance.now();
    const res = await list[h].post(c.body(i));
    await res.arrayBuffer();
    const dt = performance.now() - t0;
    if (record) {
      total[h].push(dt);
      own[h].push(dt - handlers.clock.ms);
    }
  };
  gc?.();
  for (const h of list.keys()) for (let i = 0; i < warmup; i++) await sample(h, i, false);
  // Rounds of short blocks in a varying order. One long block per handler let the machine's
  // drift between blocks decide the ratio, and the handler after (b) paid for (b)'s garbage
  // (both seen in probes of 2026-12-03 that were not kept). Now every
  // handler meets the same machine, follows each other one about equally often, and starts its
  // block with an empty young generation (a minor gc): it pays for its own garbage only.
  const perBlock = Math.ceil(iterations / rounds);
  for (let r = 0; r < rounds; r++) {
    for (const h of blockOrder(list.length, r)) {
      minorGc();
      const from = warmup + r * perBlock;
      const to = Math.min(warmup + iterations, from + perBlock);
      for (let i = from; i < to; i++) await sample(h, i, true);
    }
  }
  const enc = new TextEncoder();
  return {
    case: c,
    handlers: list.map((h, k) => ({
      handler: h.name,
      total: summarize(total[k]),
      own: summarize(own[k]),
    })),
    gatewayBytes: enc.encode(gatewayText).length,
    naiveBytes: enc.encode(naiveText).length,
    naiveFirstDifference: firstDifference(gatewayText, naiveText),
  };
}

/**
 * For each case that misses issue 14's own-time ratio: how (a)'s own time splits into the GraphQL
 * routes alone (d) and the front door (a) − (d), and what (d) alone would give.
 */
function ownRatioNotes(
  results: readonly CaseResult[],
  frontDoorMicros: number | undefined,
): string[] {
  return results.filter(ownRatioMissed).map((r) => {
    const [a, b, , d] = r.handlers;
    const door = Math.max(0, a.own.p50 - d.own.p50);
    return `What limits issue 14's own-time ratio in "${r.case.label}" ` +
      `(${ownRatio(r).toFixed(2)}× > ${ownRatioTarget(r)}×): of (a)'s ${ms(a.own.p50)} ms own ` +
      `p50, the GraphQL routes alone (d) take ${ms(d.own.p50)} ms ` +
      `(${(d.own.p50 / b.own.p50).toFixed(2)}× (b)) and the front door (outer app, CORS, auth, ` +
      `request id, deadline, admission, metrics) the other ${ms(door)} ms` +
      (frontDoorMicros !== undefined
        ? `, ${(door * 1000 / Math.max(frontDoorMicros, 0.1)).toFixed(1)}× what it costs ` +
          `around a trivial route (${frontDoorMicros.toFixed(1)} µs, last table); where the ` +
          "difference goes in a real request was not profiled further."
        : ".");
  });
}

/** Runs the whole gateway benchmark and returns its section for BENCHMARKS.md. */
export async function runGatewayOverheadBench(
  opts: GatewayOverheadOptions = {},
): Promise<BenchSection> {
  const iterations = opts.iterations ?? 1000;
  const warmup = opts.warmup ?? 50;
  const rounds = opts.rounds ?? 20;
  const t0 = performance.now();
  const fixture = await buildBenchServices({ objects: opts.objects });
  const buildMs = performance.now() - t0;
  const cases = gatewayCases({ classes: fixture.classes, uniqueCount: warmup + iterations + 1 });

  // JIT first: without this pass the first case's (a) paid ~0.1 ms more own time than the same
  // document with a reranker in the second case (BENCHMARKS.md of 2026-12-02).
  await warmUpAll(cases, fixture.services, opts.jitWarmup ?? 200);
  const results: CaseResult[] = [];
  // Fresh handlers per case: a document cache filled by an earlier unique-vector case would
  // otherwise make the gateway's GCs (and only its) slower in every later case.
  for (const c of cases) {
    results.push(
      await runCase(c, createBenchHandlers(fixture.services), iterations, warmup, rounds),
    );
  }

  // graphql-js's path, so the encoding table times the generic encoder on graphql-js's result.
  const executor = createGraphQLExecutor(fixture.services, { compiled: false });
  const queryOf = (id: string) => JSON.parse(cases.find((c) => c.id === id)!.body(0)).query;
  const phases = parseValidateTable({
    schema: executor.schema,
    documents: [
      { label: "nearVector 384-d literal, rerank", query: queryOf("nearVector-384-l10-rerank") },
      { label: "nearVector 1536-d literal, rerank", query: queryOf("nearVector-1536-l10-rerank") },
    ],
    iterations: 200,
    warmup: 20,
  });
  const ctx = { signal: new AbortController().signal, headers: {} };
  const resultOf = async (id: string) => await executor.run({ query: queryOf(id) }, ctx) as unknown;
  const encoding = encodeTable({
    results: [
      { label: "10 results, rerank", value: await resultOf("nearVector-384-l10-rerank") },
      { label: "100 results, rerank", value: await resultOf("nearVector-384-l100-rerank") },
    ],
    iterations: 300,
    warmup: 30,
  });
  const retention = await cacheRetentionTable({
    services: fixture.services,
    classes: fixture.classes,
    queries: 512,
  });
  const router = await routerOverhead({
    gatewayApp: createBenchHandlers(fixture.services).gatewayApp,
    services: fixture.services,
    batches: 20,
    batchSize: 500,
  });
  const difference = results.find((r) => r.naiveFirstDifference)?.naiveFirstDifference;
  const slowerNote = slowerThanNaive(results);
  const g12 = router.differenceMicros <= 10 ? "met" : "MISSED";

  return {
    title: "Gateway overhead: own /v1/graphql handler vs @hono/graphql-server",
    standaloneCommand: GATEWAY_OVERHEAD_COMMAND,
    intro: [
      `Data: two embedded-store collections over the same ${fixture.objects} synthetic objects ` +
      "(`title` 8 words, `content` ~100 words, Zipf-like over 5,000 tokens), one with 384-d and " +
      "one with 1536-d random vectors (cosine), `text2vec-hash` for hybrid, `reranker-dummy`; " +
      `built through \`buildServices\` in ${(buildMs / 1000).toFixed(1)} s.`,
      "Handlers, all over the same services and called in-process with `app.request()` (no " +
      "sockets): **(a)** the gateway app, `createApp(services)` (CORS + auth middleware, LRU-cached " +
      "parse + validate, the compiled query path (graphql-js `execute` for documents it does not " +
      "cover), Weaviate JSON encoder); **(b)** a bare Hono app with " +
      "`graphqlServer({ schema: executor.schema })` from `@hono/graphql-server` 0.7.0 at " +
      "`/v1/graphql` (parse + validate every request, `c.json()`); **(c)** the floor: a bare Hono " +
      "handler that reads the JSON body and returns the gateway's precomputed response bytes; " +
      "**(d)** and **(e)**: the gateway's GraphQL routes alone (`graphqlRoutes`, no front door, " +
      "CORS or auth) with the compiled query path, and with graphql-js `execute` for every " +
      "document (`{ compiled: false }`); both must answer (a)'s exact bytes.",
      `Method: first ${opts.jitWarmup ?? 200} unrecorded requests of every case to every ` +
      "handler (so JIT compilation is done before the first case is measured). Then each case " +
      "first sends one request per handler and checks status 200, no `errors` " +
      "and the expected number of results (so a broken handler cannot look fast). Then, after " +
      `a full gc, ${warmup} unrecorded requests per handler, and the measured requests in ` +
      `${rounds} rounds, each a block of ${Math.ceil(iterations / rounds)} per handler, the ` +
      "handler order changed from round to round so that every handler meets the same machine " +
      "state and follows each other one about equally often, and a minor gc before each block " +
      "so that a handler pays for its own garbage only (the same bodies for every handler; " +
      "fresh handlers, hence an empty document cache, per case). Before 2026-12-03 each " +
      "handler ran one block of 500 after a full gc, which let the machine's drift between " +
      "blocks and the garbage of the handler before move the own-time ratio from run to run. " +
      "A sample is " +
      "`app.request()` up to the fully read response body. *excl. store+rerank* subtracts the " +
      "time spent inside the store's `retrieve` (query vectorisation and exact search over " +
      `${fixture.objects} vectors) and the reranker, measured per request by wrapping both: it ` +
      "is the gateway's own CPU, the quantity target G11 bounds. Vector literals are written " +
      "with `JSON.stringify` (full float64 digits), as weaviate-ts-client does. *unique vectors*: " +
      "every request carries a different vector, so the gateway's document cache never hits; " +
      "all other cases repeat one query string.",
    ],
    tables: [
      verdictTable(results),
      latencyTable(results, iterations, warmup),
      graphqlLayerTable(results),
      phases,
      encoding,
      retention,
      bodyTable(results),
      router.table,
      ...(router.frontDoor ? [router.frontDoor.table] : []),
    ],
    notes: [
      "(b) cannot produce Weaviate's response: `c.json()` is `JSON.stringify`, so keys keep " +
      "resolver order instead of Weaviate's sorted order, and the float32 `distance` boxes are " +
      "serialised as objects. First difference in the first case: " +
      `\`${difference ?? "none"}\`.`,
      slowerNote,
      `G12 (router + middleware ≤ 10 µs per request): ${g12}; the gateway app adds ` +
      `${router.differenceMicros.toFixed(1)} µs per request over a bare one-route Hono app ` +
      "(median of batch means, router table)." +
      (router.frontDoor
        ? ` The front door's share of a GraphQL POST: ${
          router.frontDoor.differenceMicros.toFixed(1)
        } µs per request over the same trivial routes app alone (last table).`
        : ""),
      ...ownRatioNotes(results, router.frontDoor?.differenceMicros),
      `p99 over ${iterations} samples is dominated by GC pauses and moves by several ms between runs ` +
      "(compare p99 with mean); read the p99 verdicts as indicative, the p50 ones as stable.",
      "Ratios are of p50 values (of totals unless labelled own). The floor (c) is the cost of building the `Request`, Hono " +
      "routing, `c.req.json()` and the `Response`; nothing below it is attributable to GraphQL.",
    ],
    targets: [
      ...results.filter((r) => g11Target(r)).map((r) => {
        const own = r.handlers[0].own, t = g11Target(r)!;
        return `G11 gateway overhead, ${r.case.label}: own p50 ${ms(own.p50)} ms = ` +
          `${(own.p50 / t.p50).toFixed(2)}× the ${t.p50} ms bound` +
          (t.p99 !== undefined
            ? `, p99 ${ms(own.p99)} ms = ${(own.p99 / t.p99).toFixed(2)}× the ${t.p99} ms bound`
            : "") +
          ` (${g11Verdict(r)})`;
      }),
      ...results.filter((r) => ownRatioTarget(r) !== undefined).map((r) =>
        `Issue 14 gateway own time, ${r.case.label}: (a) own p50 ${ms(r.handlers[0].own.p50)} ms ` +
        `÷ (b) ${ms(r.handlers[1].own.p50)} ms = ${ownRatio(r).toFixed(2)}× (bound ` +
        `${ownRatioTarget(r)}×: ${ownRatioVerdict(r)})`
      ),
      `G12 router + middleware: ${router.differenceMicros.toFixed(1)} µs per request = ` +
      `${(router.differenceMicros / 10).toFixed(2)}× the 10 µs bound (${g12})`,
    ],
  };
}

if (import.meta.main) printSection(await runGatewayOverheadBench());
