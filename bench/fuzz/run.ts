/**
 * The fuzz loop: generates {@link FuzzCase}s with fast-check from a seed, sends each to the real
 * gateway (in process through `app.fetch`, or over loopback through `Deno.serve` on 127.0.0.1
 * port 0), checks the invariants, samples RSS, and groups violations into failure kinds. Each kind
 * is then replayed from its first case (fast-check `seed` + `path`) and shrunk to a minimal
 * counterexample within a time budget. Deterministic for a seed (timings aside).
 * @module
 */
import process from "node:process";
import fc from "npm:fast-check@4.11.0";
import { describeCase, type FuzzCase, fuzzCaseArb } from "./arbitraries.ts";
import {
  buildFuzzGateway,
  CONFIGURED_ORIGINS,
  type EgressLog,
  installEgressStub,
  OPERATOR_KEY,
  realFetch,
} from "./fixture.ts";
import { checkObservation, type InvariantName, type Violation } from "./invariants.ts";

/** How the cases reach the gateway. */
export type Transport = "in-process" | "loopback";

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  /** Slowest acceptable answer; default 2,000 ms. */
  readonly deadlineMs?: number;
  /** Largest acceptable RSS; default 1,536 MiB. */
  readonly rssLimitMiB?: number;
  readonly transport?: Transport;
  /** Time for shrinking each failure kind; default 10 s. */
  readonly shrinkBudgetMs?: number;
  /** At most this many kinds are shrunk (the rest are counted); default 12. */
  readonly maxShrunkKinds?: number;
  /** Called every `progressEvery` cases (default 5,000). */
  readonly progress?: (line: string) => void;
  readonly progressEvery?: number;
}

/** One kind of failure: an invariant broken by one generator family. */
export interface FailureKind {
  readonly key: string;
  readonly invariant: InvariantName;
  /** The generator family / attack shape the cases share. */
  readonly family: string;
  readonly count: number;
  /** Index of the first failing case in the run (fast-check path). */
  readonly firstIndex: number;
  readonly firstDetail: string;
  /** The shrunk counterexample (the first case when shrinking was skipped). */
  readonly minimal: FuzzCase;
  readonly minimalDetail: string;
  readonly shrinks: number;
  /** The shrink stopped at its time budget. */
  readonly shrinkInterrupted: boolean;
}

/** What one run measured. */
export interface FuzzReport {
  readonly transport: Transport;
  readonly cases: number;
  readonly seed: number;
  readonly deadlineMs: number;
  readonly rssLimitMiB: number;
  /** Generating and sending the cases (shrinking excluded). */
  readonly runMs: number;
  readonly shrinkMs: number;
  readonly statuses: ReadonlyMap<number, number>;
  /** Cases and their summed answer time per generator family. */
  readonly families: ReadonlyMap<string, { readonly cases: number; readonly ms: number }>;
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly rss: { readonly startMiB: number; readonly peakMiB: number; readonly endMiB: number };
  readonly violations: number;
  /** Cases `Request` refused to build (never sent). */
  readonly unsendable: number;
  readonly failures: readonly FailureKind[];
}

/** Shapes that make answers slow, in the order a slow case is filed under them. */
const SLOW = [
  "like-id",
  "fragment-chain",
  "alias-flood",
  "batch-flood",
  "deep-where",
  "deep-braces",
  "body:oversize",
  "body:deep-json",
];

/** Per invariant, the tags that explain a failure, most telling first. */
const FAMILIES: Readonly<Record<InvariantName, readonly string[]>> = {
  "no-5xx": ["1e999", ...SLOW, "header:baseurl"],
  deadline: SLOW,
  "json-shape": ["body:oversize", "body:deep-json", "1e999", ...SLOW],
  "no-secret-in-answer": ["header:baseurl", "header:api-key"],
  "operator-key-stays-home": ["header:baseurl", "header:api-key"],
  "rss-bounded": [],
};

/** The generator family a case is filed under for a broken `invariant`. */
export function familyOf(c: FuzzCase, invariant: InvariantName): string {
  return FAMILIES[invariant].find((f) => c.tags.includes(f)) ??
    SLOW.find((f) => c.tags.includes(f)) ?? c.tags[0] ?? "other";
}

/** The family a case is counted under in the run's table (its first attack shape). */
function tableFamily(c: FuzzCase): string {
  return [...SLOW, "1e999", "header:baseurl", "rerank"].find((f) => c.tags.includes(f)) ??
    c.tags[0] ?? "other";
}

function kindKey(invariant: InvariantName, family: string, v: Violation): string {
  const detail = invariant === "no-5xx" ? v.detail.slice(0, 60) : "";
  return `${invariant}|${family}|${detail}`;
}

const mib = () => Deno.memoryUsage().rss / 2 ** 20;

type Send = (c: FuzzCase) => Promise<
  { status: number; headers: Headers; text: string; ms: number; cpuMs: number } | undefined
>;

/** Answers slower than this are abandoned (a hung promise must not hang the run). */
const ABANDON_MS = 60_000;

function makeRequest(base: string, c: FuzzCase): Request | undefined {
  try {
    return new Request(base + c.path, {
      method: c.method,
      headers: c.headers,
      ...(c.body !== undefined ? { body: c.body } : {}),
    });
  } catch {
    return undefined;
  }
}

/** The process's CPU time in ms (all threads: ours, GC, the loopback client). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function timed(
  answer: () => Promise<Response>,
): Promise<{ status: number; headers: Headers; text: string; ms: number; cpuMs: number }> {
  const t0 = performance.now();
  const c0 = cpuMs();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const abandon = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ABANDON_MS} ms`)), ABANDON_MS);
  });
  try {
    const res = await Promise.race([answer(), abandon]);
    const text = await Promise.race([res.text(), abandon]);
    return {
      status: res.status,
      headers: res.headers,
      text,
      ms: performance.now() - t0,
      cpuMs: cpuMs() - c0,
    };
  } catch (err) {
    return {
      status: 599,
      headers: new Headers(),
      text: String(err),
      ms: performance.now() - t0,
      cpuMs: cpuMs() - c0,
    };
  } finally {
    clearTimeout(timer);
  }
}

async function transport(kind: Transport): Promise<{ send: Send; close: () => Promise<void> }> {
  const { app } = await buildFuzzGateway();
  if (kind === "in-process") {
    return {
      send: (c) => {
        const req = makeRequest("http://gateway.fuzz", c);
        return req ? timed(() => Promise.resolve(app.fetch(req))) : Promise.resolve(undefined);
      },
      close: () => Promise.resolve(),
    };
  }
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    send: (c) => {
      const req = makeRequest(base, c);
      return req ? timed(() => realFetch(req)) : Promise.resolve(undefined);
    },
    close: () => server.shutdown(),
  };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Runs the fuzzer and returns its report (never throws on a broken invariant). */
export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const deadlineMs = opts.deadlineMs ?? 2000;
  const rssLimitMiB = opts.rssLimitMiB ?? 1536;
  const kind = opts.transport ?? "in-process";
  const progressEvery = opts.progressEvery ?? 5000;
  const egress: EgressLog = installEgressStub();
  const { send, close } = await transport(kind);
  const invariantOpts = {
    deadlineMs,
    operatorKey: OPERATOR_KEY,
    configuredOrigins: CONFIGURED_ORIGINS,
  };

  /** Sends one case and returns the invariants it breaks (undefined: not sendable). */
  const probe = async (c: FuzzCase): Promise<Violation[] | undefined> => {
    egress.clear();
    const o = await send(c);
    if (!o) return undefined;
    return checkObservation(c, { ...o, egress: [...egress.records] }, invariantOpts);
  };

  const statuses = new Map<number, number>();
  const families = new Map<string, { cases: number; ms: number }>();
  const latencies = new Float64Array(opts.cases);
  const kinds = new Map<
    string,
    { invariant: InvariantName; family: string; count: number; first: number; detail: string }
  >();
  let index = 0, violations = 0, unsendable = 0;
  const rssStart = mib();
  let rssPeak = rssStart, rssReported = false;
  const t0 = performance.now();
  try {
    await fc.check(
      fc.asyncProperty(fuzzCaseArb, async (c) => {
        const i = index++;
        const family = tableFamily(c);
        egress.clear();
        const o = await send(c);
        if (!o) {
          unsendable++;
          return true;
        }
        const f = families.get(family) ?? { cases: 0, ms: 0 };
        families.set(family, { cases: f.cases + 1, ms: f.ms + o.ms });
        latencies[i] = o.ms;
        statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
        const found = checkObservation(c, { ...o, egress: [...egress.records] }, invariantOpts);
        if (i % 200 === 0) {
          // What the process holds, not garbage V8 has not collected yet (`--expose-gc`).
          (globalThis as { gc?: () => void }).gc?.();
          const rss = mib();
          rssPeak = Math.max(rssPeak, rss);
          if (rss > rssLimitMiB && !rssReported) {
            rssReported = true;
            found.push({
              invariant: "rss-bounded",
              detail: `RSS ${rss.toFixed(0)} MiB after case ${i}`,
            });
          }
        }
        for (const v of found) {
          violations++;
          // Filed as the shrink phase files it: by the tag that explains this invariant.
          const vf = familyOf(c, v.invariant);
          const key = kindKey(v.invariant, vf, v);
          const k = kinds.get(key);
          if (k) k.count++;
          else {kinds.set(key, {
              invariant: v.invariant,
              family: vf,
              count: 1,
              first: i,
              detail: v.detail,
            });}
        }
        if ((i + 1) % progressEvery === 0) {
          const s = ((performance.now() - t0) / 1000).toFixed(0);
          opts.progress?.(
            `fuzz ${kind}: ${i + 1}/${opts.cases} cases, ${s} s, ${violations} violations in ` +
              `${kinds.size} kinds, RSS ${mib().toFixed(0)} MiB`,
          );
        }
        return true;
      }),
      { numRuns: opts.cases, seed: opts.seed },
    );
    const runMs = performance.now() - t0;
    const rssEnd = mib();
    const failures = await shrinkAll(kinds, probe, opts, kind);
    const sorted = latencies.slice(0, index).sort();
    return {
      transport: kind,
      cases: index,
      seed: opts.seed,
      deadlineMs,
      rssLimitMiB,
      runMs,
      shrinkMs: performance.now() - t0 - runMs,
      statuses,
      families,
      latency: {
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        max: sorted.at(-1) ?? 0,
      },
      rss: { startMiB: rssStart, peakMiB: Math.max(rssPeak, rssEnd), endMiB: rssEnd },
      violations,
      unsendable,
      failures,
    };
  } finally {
    await close();
    egress.restore();
  }
}

async function shrinkAll(
  kinds: Map<
    string,
    { invariant: InvariantName; family: string; count: number; first: number; detail: string }
  >,
  probe: (c: FuzzCase) => Promise<Violation[] | undefined>,
  opts: FuzzOptions,
  kind: Transport,
): Promise<FailureKind[]> {
  const out: FailureKind[] = [];
  const budget = opts.shrinkBudgetMs ?? 10_000;
  const maxShrunk = opts.maxShrunkKinds ?? 12;
  const ordered = [...kinds.entries()].sort((a, b) => a[1].first - b[1].first);
  for (const [key, k] of ordered) {
    const shrink = out.length < maxShrunk && k.invariant !== "rss-bounded" && budget > 0;
    let minimal: FuzzCase | undefined, minimalDetail = k.detail, shrinks = 0, interrupted = false;
    let original: FuzzCase | undefined;
    const result = await fc.check(
      fc.asyncProperty(fuzzCaseArb, async (c) => {
        original ??= c;
        const found = await probe(c);
        const hit = found?.find((v) =>
          v.invariant === k.invariant && familyOf(c, v.invariant) === k.family
        );
        if (hit) minimalDetail = hit.detail;
        return !hit;
      }),
      {
        seed: opts.seed,
        path: String(k.first),
        numRuns: opts.cases,
        ...(shrink ? { interruptAfterTimeLimit: budget } : { endOnFailure: true }),
      },
    );
    if (result.failed && result.counterexample) {
      minimal = result.counterexample[0];
      shrinks = result.numShrinks;
      interrupted = result.interrupted;
    }
    opts.progress?.(`fuzz ${kind}: ${key}: ${k.count} cases, shrunk in ${shrinks} steps`);
    out.push({
      key,
      invariant: k.invariant,
      family: k.family,
      count: k.count,
      firstIndex: k.first,
      firstDetail: k.detail,
      minimal: minimal ?? original!,
      minimalDetail,
      shrinks,
      shrinkInterrupted: interrupted,
    });
  }
  return out;
}

/** The report's failures as plain text (the test's failure message, the CLI's output). */
export function describeFailures(r: FuzzReport, bodyChars = 1500): string {
  return r.failures.map((f, n) =>
    [
      `#${
        n + 1
      } invariant ${f.invariant}, family ${f.family}: ${f.count} cases (first: case ${f.firstIndex}, ${f.firstDetail})`,
      `minimal counterexample (${f.shrinks} shrinks${
        f.shrinkInterrupted ? ", budget reached" : ""
      }): ${f.minimalDetail}`,
      describeCase(f.minimal, bodyChars),
    ].join("\n")
  ).join("\n\n");
}
