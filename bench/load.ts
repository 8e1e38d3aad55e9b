/**
 * Throughput and latency under load over loopback (not a test): the real gateway app
 * (`createApp` over the gateway-overhead fixture) served by `Deno.serve` on 127.0.0.1 in this
 * process, driven by autocannon in a separate Node process (bench/load_client.cjs), so the load
 * generator never shares the gateway's event loop. Bounded: fixed connections and duration per
 * case. Run on its own with
 * `deno run --lock=deno.full.lock --allow-env=NODE_ENV --allow-net=127.0.0.1 --allow-run=node bench/load.ts [--quick]`.
 * @module
 */
import { createApp } from "../src/http/app.ts";
import { buildBenchServices, randomVector, rng } from "./gateway_fixture.ts";
import { gatewayCases, getQuery, nearVectorArg } from "./gateway_cases.ts";
import {
  type LoadCaseResult,
  type LoadOutput,
  type LoadRequestSpec,
  parseLoadOutput,
} from "./load_result.ts";
import { loadTable, loadTargets } from "./load_table.ts";
import { type BenchSection, printSection } from "./report.ts";

/** The command that runs this module alone. */
export const LOAD_COMMAND =
  "deno run --lock=deno.full.lock --allow-env=NODE_ENV --allow-net=127.0.0.1 --allow-run=node bench/load.ts [--quick]";

/** Options of {@link runLoadBench}. */
export interface LoadBenchOptions {
  /** Measured seconds per case; default 10 (3 with `quick`). */
  readonly durationSeconds?: number;
  /** Unrecorded seconds per case before the measured run; default 2 (1 with `quick`). */
  readonly warmupSeconds?: number;
  /** Concurrent keep-alive connections; default 10. */
  readonly connections?: number;
  readonly quick?: boolean;
}

/** Distinct bodies of the unique-vector case: twice the gateway's 512-entry document cache. */
const UNIQUE_BODIES = 1024;
const GRAPHQL_CHECK = { prefix: '{"data":{"Get":{', forbidden: '"errors"' };
const JSON_HEADERS = { "content-type": "application/json" };

/** A case: what the load generator sends, and how its first response is checked here. */
interface LoadCase {
  readonly spec: LoadRequestSpec;
  readonly label: string;
  /** Results per response (GraphQL cases). */
  readonly expect?: { readonly className: string; readonly results: number };
}

function loadCases(classes: { 384: string; 1536: string }): LoadCase[] {
  const byId = new Map(gatewayCases({ classes, uniqueCount: 1 }).map((c) => [c.id, c]));
  const graphql = (id: string, label: string, bodies: readonly string[]): LoadCase => ({
    spec: {
      id,
      method: "POST",
      path: "/v1/graphql",
      headers: JSON_HEADERS,
      bodies,
      check: GRAPHQL_CHECK,
    },
    label,
    expect: { className: byId.get(id)?.className ?? classes[384], results: 10 },
  });
  const rand = rng(4321);
  const unique = Array.from({ length: UNIQUE_BODIES }, () =>
    JSON.stringify({
      query: getQuery({
        className: classes[384],
        search: nearVectorArg(randomVector(rand, 384)),
        limit: 10,
        rerank: true,
        metric: "distance",
      }),
    }));
  const one = (id: string) => [byId.get(id)!.body(0)];
  return [
    graphql(
      "nearVector-384-l10-rerank",
      "nearVector 384-d, limit 10, rerank",
      one("nearVector-384-l10-rerank"),
    ),
    graphql(
      "nearVector-384-l10-rerank-unique",
      "nearVector 384-d, limit 10, rerank, unique vectors",
      unique,
    ),
    graphql("bm25-l10-rerank", "bm25 (384-d class), limit 10, rerank", one("bm25-l10-rerank")),
    {
      spec: {
        id: "meta",
        method: "GET",
        path: "/v1/meta",
        check: { prefix: "{", forbidden: '"error' },
      },
      label: "GET /v1/meta (floor)",
    },
  ];
}

/** One request per case from here, so a broken case fails before any load is generated. */
async function checkCase(url: string, c: LoadCase): Promise<void> {
  const res = await fetch(`${url}${c.spec.path}`, {
    method: c.spec.method,
    headers: c.spec.headers,
    body: c.spec.bodies?.[0],
  });
  const text = await res.text();
  const fail = (why: string) => new Error(`load bench, ${c.label}: ${why}: ${text.slice(0, 300)}`);
  if (res.status !== 200) throw fail(`status ${res.status}`);
  if (!c.expect) return;
  const json = JSON.parse(text);
  if (json.errors) throw fail("errors in the response");
  const items = json.data?.Get?.[c.expect.className];
  if (!Array.isArray(items) || items.length !== c.expect.results) {
    throw fail(`expected ${c.expect.results} results`);
  }
}

/** Runs the load generator; `undefined` when autocannon is not installed (exit code 3). */
async function drive(spec: object, budgetMs: number): Promise<LoadOutput | undefined> {
  const script = decodeURIComponent(new URL("./load_client.cjs", import.meta.url).pathname);
  const child = new Deno.Command("node", {
    args: [script],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(budgetMs),
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(spec)));
  await writer.close();
  const out = await child.output();
  const stdout = new TextDecoder().decode(out.stdout);
  if (out.code === 3) return undefined;
  if (!out.success) {
    const stderr = new TextDecoder().decode(out.stderr);
    throw new Error(
      `load generator exited with ${out.code}: ${stdout.slice(0, 500)} ${stderr.slice(0, 500)}`,
    );
  }
  return parseLoadOutput(stdout);
}

/** Runs the load benchmark and returns its section for BENCHMARKS.md. */
export async function runLoadBench(opts: LoadBenchOptions = {}): Promise<BenchSection> {
  const durationSeconds = opts.durationSeconds ?? (opts.quick ? 3 : 10);
  const warmupSeconds = opts.warmupSeconds ?? (opts.quick ? 1 : 2);
  const connections = opts.connections ?? 10;
  const fixture = await buildBenchServices();
  const cases = loadCases(fixture.classes);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    createApp(fixture.services).fetch,
  );
  let output: LoadOutput | undefined;
  try {
    const url = `http://127.0.0.1:${server.addr.port}`;
    for (const c of cases) await checkCase(url, c);
    const spec = {
      url,
      connections,
      durationSeconds,
      warmupSeconds,
      timeoutSeconds: 10,
      cases: cases.map((c) => c.spec),
    };
    // Node start-up and autocannon's own slack on top of the runs; the child is killed after it.
    const budgetMs = cases.length * (durationSeconds + warmupSeconds + 5) * 1000 + 30_000;
    output = await drive(spec, budgetMs);
  } finally {
    await server.shutdown();
  }
  const labels = new Map(cases.map((c) => [c.spec.id, c.label]));
  return loadSection({ output, labels, connections, durationSeconds, warmupSeconds });
}

/** Options of {@link loadSection}. */
interface LoadSectionOptions {
  readonly output?: LoadOutput;
  readonly labels: ReadonlyMap<string, string>;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
}

function loadSection(o: LoadSectionOptions): BenchSection {
  const title = "Load over loopback: throughput and latency (autocannon)";
  if (!o.output) {
    return {
      title,
      standaloneCommand: LOAD_COMMAND,
      intro: [
        "**Not run: autocannon is not installed.** Run `npm ci` (it is a devDependency in " +
        "package.json), then re-run this section.",
      ],
      tables: [],
      notes: [],
      targets: ["Load over loopback: not run (autocannon missing; `npm ci`)"],
    };
  }
  const results: readonly LoadCaseResult[] = o.output.cases;
  const failed = results.filter((r) => r.failures > 0);
  if (failed.length) {
    console.error(
      `bench: load: FAILED: ${failed.map((r) => `${r.id} ${r.failures} failures`).join(", ")}`,
    );
  }
  const pair =
    `${o.connections} connections, ${o.warmupSeconds} s warm-up + ${o.durationSeconds} s`;
  return {
    title,
    standaloneCommand: LOAD_COMMAND,
    intro: [
      ...(failed.length
        ? [
          `**FAILED: ${
            failed.map((r) =>
              `${o.labels.get(r.id)}: ${r.non2xx} non-2xx, ` +
              `${r.errors} errors, ${r.timeouts} timeouts, ${r.mismatches} bad bodies`
            ).join("; ")
          }. ` +
          "The numbers below do not measure the gateway.**",
        ]
        : []),
      "Server: the gateway app (`createApp` over the gateway-overhead fixture: 1000 objects, " +
      "384-d vectors, `reranker-dummy`) served by `Deno.serve` on 127.0.0.1 in the bench " +
      "process. Load: autocannon " + `${o.output.autocannon} (npm devDependency) under Node ` +
      `${o.output.node} in a separate process (bench/load_client.cjs), ${pair} per case, ` +
      "HTTP/1.1 keep-alive, no pipelining, closed loop (each connection sends its next request " +
      "when the previous answer is in).",
      "Method: one checked request per case first (status 200, no `errors`, 10 results). Then " +
      "an unrecorded warm-up run and the measured run. Every response of the measured run is " +
      'checked by autocannon (GraphQL: body starts with `{"data":{"Get":{` and has no ' +
      '`"errors"`); latency is per request from write to the last byte, in float ms from ' +
      "autocannon's `response` event (its own histogram keeps whole ms). *unique vectors*: " +
      `${UNIQUE_BODIES} distinct bodies round-robin (autocannon \`setupRequest\`), twice the ` +
      "gateway's 512-entry document cache, so parse + validate runs on every request.",
    ],
    tables: [loadTable(results, o.labels)],
    notes: [
      "Both processes share the machine's logical CPUs (the gateway's event loop is one " +
      "thread; autocannon one more). With 10 connections in a closed loop, latency ≈ " +
      "connections ÷ throughput: p50 here is queueing behind the other 9 requests, not the " +
      "single-request time of section 1; *ms per request* (1000 ÷ req/s) is the gateway's time " +
      "per request while saturated. For the floor, the load generator, not the gateway, may " +
      "be the limit.",
    ],
    targets: loadTargets(results, o.labels, pair),
  };
}

if (import.meta.main) {
  const section = await runLoadBench({ quick: Deno.args.includes("--quick") });
  printSection(section);
  if (section.intro[0]?.startsWith("**FAILED")) Deno.exit(1);
}
