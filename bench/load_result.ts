/**
 * The protocol between bench/load.ts and its load generator, bench/load_client.cjs (autocannon
 * under Node): the spec sent on stdin and the parsing of the JSON printed on stdout.
 * @module
 */
import { type LatencySummary, summarize } from "./stats.ts";

/** A response check the load generator applies to every body (failures count as mismatches). */
export interface BodyCheck {
  /** The body must start with this text. */
  readonly prefix: string;
  /** ... and must not contain this text (e.g. `"errors"`). */
  readonly forbidden: string;
}

/** One request shape to drive. */
export interface LoadRequestSpec {
  readonly id: string;
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** One body repeated, or several sent round-robin (one per request). */
  readonly bodies?: readonly string[];
  readonly check?: BodyCheck;
}

/** What bench/load.ts writes to the load generator's stdin. */
export interface LoadSpec {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Unrecorded run before each measured one. */
  readonly warmupSeconds: number;
  /** Per-request timeout of the load generator. */
  readonly timeoutSeconds: number;
  readonly cases: readonly LoadRequestSpec[];
}

/** One case's numbers. */
export interface LoadCaseResult {
  readonly id: string;
  /** Completed 2xx responses in the measured run. */
  readonly ok: number;
  /** Length of the measured run in seconds. */
  readonly seconds: number;
  /** 2xx responses per second. */
  readonly rps: number;
  /** Latency of the 2xx responses in ms; `max` is the slowest one. */
  readonly latency: LatencySummary & { readonly max: number };
  readonly non2xx: number;
  /** Connection errors. */
  readonly errors: number;
  readonly timeouts: number;
  /** Bodies that failed the {@link BodyCheck}. */
  readonly mismatches: number;
  /** non2xx + errors + timeouts + mismatches: must be 0 for the numbers to mean anything. */
  readonly failures: number;
}

/** The load generator's output. */
export interface LoadOutput {
  /** autocannon's version. */
  readonly autocannon: string;
  /** Node's version (`v20.x`). */
  readonly node: string;
  readonly cases: readonly LoadCaseResult[];
}

const maxOf = (a: number, b: number) => Math.max(a, b);
const count = (v: unknown): number => typeof v === "number" && Number.isFinite(v) ? v : 0;

function caseResult(raw: unknown): LoadCaseResult {
  const c = raw as { id?: unknown; result?: Record<string, unknown>; samples?: unknown };
  if (typeof c?.id !== "string" || !c.result || !Array.isArray(c.samples)) {
    throw new Error("load generator: malformed case in its output");
  }
  const r = c.result;
  const samples = c.samples.filter((x): x is number => typeof x === "number");
  const seconds = count(r.duration);
  const ok = count(r["2xx"]);
  const non2xx = count(r.non2xx), errors = count(r.errors);
  const timeouts = count(r.timeouts), mismatches = count(r.mismatches);
  return {
    id: c.id,
    ok,
    seconds,
    rps: seconds > 0 ? ok / seconds : 0,
    // No Math.max(...samples): a spread of 10^5 arguments can overflow the stack.
    latency: { ...summarize(samples), max: samples.length ? samples.reduce(maxOf) : NaN },
    non2xx,
    errors,
    timeouts,
    mismatches,
    failures: non2xx + errors + timeouts + mismatches,
  };
}

/** Parses the load generator's stdout; throws with its message when it reported an error. */
export function parseLoadOutput(text: string): LoadOutput {
  let json: { error?: unknown; autocannon?: unknown; node?: unknown; cases?: unknown };
  try {
    json = JSON.parse(text.trim().split("\n").at(-1) ?? "");
  } catch {
    throw new Error(`load generator: output is not JSON: ${text.slice(0, 200)}`);
  }
  if (typeof json.error === "string") throw new Error(`load generator: ${json.error}`);
  if (!Array.isArray(json.cases)) throw new Error("load generator: no cases in its output");
  return {
    autocannon: String(json.autocannon ?? "unknown"),
    node: String(json.node ?? "unknown"),
    cases: json.cases.map(caseResult),
  };
}
