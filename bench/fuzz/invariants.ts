/**
 * What must hold for every fuzz response, whatever the input: no 5xx (a 503 with Retry-After from
 * a concurrency limiter excepted), no answer slower than the deadline (see {@link overDeadline}
 * for how a shared machine is told apart), a body that is valid JSON
 * of Weaviate's shape (`{data?, errors?}` for GraphQL, `{error:[{message}]}` / `{code,message}`
 * for HTTP errors, or empty where Weaviate sends no body), no operator key in any answer and the
 * operator key sent to no origin but the configured ones. RSS is checked by the runner.
 * @module
 */
import type { FuzzCase } from "./arbitraries.ts";
import type { EgressRecord } from "./fixture.ts";

/** The invariants, by name. */
export type InvariantName =
  | "no-5xx"
  | "deadline"
  | "json-shape"
  | "no-secret-in-answer"
  | "operator-key-stays-home"
  | "rss-bounded";

/** One broken invariant. */
export interface Violation {
  readonly invariant: InvariantName;
  readonly detail: string;
}

/** What the runner observed for one case. */
export interface Observation {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly ms: number;
  /** CPU time the process spent meanwhile (undefined: not measured). */
  readonly cpuMs?: number;
  /** Provider calls the gateway made while answering. */
  readonly egress: readonly EgressRecord[];
}

/** Limits the checks use. */
export interface InvariantOptions {
  readonly deadlineMs: number;
  readonly operatorKey: string;
  readonly configuredOrigins: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function graphqlErrorProblem(e: unknown): string | undefined {
  if (!isObject(e)) return "an error is not an object";
  if (typeof e.message !== "string") return "an error has no string message";
  const locations = e.locations;
  if (
    locations !== null && locations !== undefined &&
    !(Array.isArray(locations) &&
      locations.every((l) =>
        isObject(l) && typeof l.line === "number" && typeof l.column === "number"
      ))
  ) return "bad error locations";
  if (e.path !== null && e.path !== undefined && !Array.isArray(e.path)) return "bad error path";
  return undefined;
}

/** Why `body` is not a Weaviate `models.GraphQLResponse`, or undefined. */
export function graphqlBodyProblem(body: unknown): string | undefined {
  if (!isObject(body)) return "GraphQL body is not an object";
  const extra = Object.keys(body).filter((k) => k !== "data" && k !== "errors");
  if (extra.length) return `unexpected keys ${extra.join(",")}`;
  if (!("data" in body) && !("errors" in body)) return "neither data nor errors";
  if ("data" in body && body.data !== null && !isObject(body.data)) return "data is not an object";
  if (isObject(body.data)) {
    for (const v of Object.values(body.data)) {
      if (v !== null && typeof v !== "string" && !isObject(v)) {
        return "a data entry is not an object";
      }
    }
  }
  if ("errors" in body) {
    if (!Array.isArray(body.errors) || body.errors.length === 0) {
      return "errors is not a non-empty array";
    }
    for (const e of body.errors) {
      const p = graphqlErrorProblem(e);
      if (p) return p;
    }
  }
  return undefined;
}

/** Why `body` is not one of Weaviate's HTTP error bodies, or undefined. */
export function httpErrorBodyProblem(body: unknown): string | undefined {
  if (!isObject(body)) return "error body is not an object";
  if (Array.isArray(body.error)) {
    return body.error.length > 0 &&
        body.error.every((e) => isObject(e) && typeof e.message === "string")
      ? undefined
      : "error list without messages";
  }
  if (typeof body.code === "number" && typeof body.message === "string") return undefined;
  return "neither {error:[{message}]} nor {code,message}";
}

function shapeProblem(c: FuzzCase, o: Observation): string | undefined {
  if (o.text === "") {
    // Weaviate's empty answers: 404, redirects, HEAD, CORS preflight, 204, liveness/readiness.
    const empty = o.status === 404 || o.status === 204 || (o.status >= 300 && o.status < 400) ||
      c.method === "HEAD" || c.method === "OPTIONS" || c.path.startsWith("/v1/.well-known/");
    return empty ? undefined : `empty body with status ${o.status}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(o.text);
  } catch {
    return `status ${o.status}: body is not JSON: ${o.text.slice(0, 120)}`;
  }
  if (o.status >= 400) {
    const p = httpErrorBodyProblem(body);
    return p ? `status ${o.status}: ${p}` : undefined;
  }
  const isGraphql = c.method === "POST" && /^\/v1\/graphql(\/batch)?$/.test(c.path);
  if (!isGraphql) return isObject(body) || Array.isArray(body) ? undefined : "not a JSON document";
  if (c.path.endsWith("/batch")) {
    if (!Array.isArray(body)) return "batch answer is not an array";
    for (const item of body) {
      const p = graphqlBodyProblem(item);
      if (p) return `batch item: ${p}`;
    }
    return undefined;
  }
  return graphqlBodyProblem(body);
}

/**
 * Over the deadline: slower than `deadlineMs`, and either busy (at least half the deadline in
 * CPU time: our own work) or stalled (over 5x the deadline whatever the CPU). A slow answer with
 * little CPU and under 5x is another process holding the CPU on a shared machine, not ours.
 */
export function overDeadline(o: Pick<Observation, "ms" | "cpuMs">, deadlineMs: number): boolean {
  if (o.ms <= deadlineMs) return false;
  return o.cpuMs === undefined || o.cpuMs >= deadlineMs / 2 || o.ms > 5 * deadlineMs;
}

/** Every invariant broken by one observation. */
export function checkObservation(
  c: FuzzCase,
  o: Observation,
  opts: InvariantOptions,
): Violation[] {
  const out: Violation[] = [];
  const limiter = o.status === 503 && o.headers.has("retry-after");
  if (o.status >= 500 && !limiter) {
    out.push({ invariant: "no-5xx", detail: `status ${o.status}: ${o.text.trim().slice(0, 200)}` });
  }
  if (overDeadline(o, opts.deadlineMs)) {
    const cpu = o.cpuMs === undefined ? "" : ` (${o.cpuMs.toFixed(0)} ms CPU)`;
    out.push({
      invariant: "deadline",
      detail: `${o.ms.toFixed(0)} ms${cpu} > ${opts.deadlineMs} ms`,
    });
  }
  const shape = shapeProblem(c, o);
  if (shape) out.push({ invariant: "json-shape", detail: shape });
  const sentKey = Object.values(c.headers).some((v) => v.includes(opts.operatorKey));
  if (!sentKey && o.text.includes(opts.operatorKey)) {
    out.push({ invariant: "no-secret-in-answer", detail: "the operator key is in the answer" });
  }
  for (const e of o.egress) {
    const carries = Object.values(e.headers).some((v) => v.includes(opts.operatorKey));
    if (carries && !opts.configuredOrigins.includes(e.origin)) {
      out.push({
        invariant: "operator-key-stays-home",
        detail: `operator key sent to ${e.origin} (${e.url})`,
      });
    }
  }
  return out;
}
