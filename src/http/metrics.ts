/**
 * The gateway's metrics: a small Prometheus registry (counters and histograms with labels, text
 * exposition format 0.0.4) and what the gateway records in it. One registry lives as long as the
 * app (it survives reloads); the per-reranker counters (tokens, score-cache hits, model load
 * time) are read from the current services' rerankers at each scrape, so they restart at zero
 * after a reload, which Prometheus treats as a counter reset.
 *
 * Labels are bounded by the config or by code, never by the request: `route` is a route
 * template (unknown paths are `other`), `collection` a class name, `reranker` a module name,
 * `store` a store kind, `provider` either. No key, header or query text ever becomes a label.
 * @module
 */
import type { RerankerStats } from "../core/reranker.ts";
import type { RequestTelemetry, Stage } from "../core/telemetry.ts";
import type { Services } from "../pipeline/services.ts";

/** Latency buckets in seconds (5 ms to one minute). */
export const LATENCY_BUCKETS: readonly number[] = [
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
  60,
];

type Labels = Readonly<Record<string, string>>;

/** `\`, `"` and newlines escaped, as the text format wants label values. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labelText(names: readonly string[], values: readonly string[], extra = ""): string {
  const parts = names.map((n, i) => `${n}="${escapeLabel(values[i])}"`);
  if (extra) parts.push(extra);
  return parts.length ? `{${parts.join(",")}}` : "";
}

/** A number as the text format writes it. */
function num(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

interface Family {
  render(out: string[]): void;
}

/** One series of a counter: its label values and its value. */
export interface CounterSeries {
  readonly labels: readonly string[];
  value: number;
}

/** A counter family with fixed label names. */
export class Counter implements Family {
  readonly #values = new Map<string, CounterSeries>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
  ) {}
  /** Adds `by` (default 1) to the series of `labels`. */
  inc(labels: Labels = {}, by = 1): void {
    this.series(this.labelNames.map((n) => labels[n] ?? ""), by);
  }
  /**
   * The series of the label `values` (in {@link labelNames} order), created with `initial` when
   * new; `initial` is not added to an existing series. Callers keep it and add to `value`.
   */
  series(values: readonly string[], initial = 0): CounterSeries {
    const key = JSON.stringify(values);
    const entry = this.#values.get(key);
    if (entry) {
      entry.value += initial;
      return entry;
    }
    const created = { labels: values, value: initial };
    this.#values.set(key, created);
    return created;
  }
  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`);
    for (const { labels, value } of this.#values.values()) {
      out.push(`${this.name}${labelText(this.labelNames, labels)} ${num(value)}`);
    }
  }
}

/** One series of a histogram: per-bucket counts (the last is `+Inf`) and the sum. */
export interface HistogramSeries {
  readonly labels: readonly string[];
  readonly counts: number[];
  sum: number;
}

/** A histogram family with fixed label names and buckets. */
export class Histogram implements Family {
  readonly #series = new Map<string, HistogramSeries>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
    readonly buckets: readonly number[] = LATENCY_BUCKETS,
  ) {}
  /** Records one observation. */
  observe(labels: Labels, value: number): void {
    this.record(this.series(this.labelNames.map((n) => labels[n] ?? "")), value);
  }
  /** The series of the label `values` (in {@link labelNames} order), created empty when new. */
  series(values: readonly string[]): HistogramSeries {
    const key = JSON.stringify(values);
    let s = this.#series.get(key);
    if (!s) {
      s = { labels: values, counts: new Array(this.buckets.length + 1).fill(0), sum: 0 };
      this.#series.set(key, s);
    }
    return s;
  }
  /** Records one observation in `series` (one of this histogram's). */
  record(series: HistogramSeries, value: number): void {
    const buckets = this.buckets;
    let i = 0;
    while (i < buckets.length && !(value <= buckets[i])) i++;
    series.counts[i]++;
    series.sum += value;
  }
  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (const { labels, counts, sum } of this.#series.values()) {
      let cumulative = 0;
      this.buckets.forEach((b, i) => {
        cumulative += counts[i];
        const le = `le="${num(b)}"`;
        out.push(`${this.name}_bucket${labelText(this.labelNames, labels, le)} ${cumulative}`);
      });
      cumulative += counts[this.buckets.length];
      out.push(
        `${this.name}_bucket${labelText(this.labelNames, labels, 'le="+Inf"')} ${cumulative}`,
      );
      out.push(`${this.name}_sum${labelText(this.labelNames, labels)} ${num(sum)}`);
      out.push(`${this.name}_count${labelText(this.labelNames, labels)} ${cumulative}`);
    }
  }
}

/** Values read at scrape time: one sample per label set. */
class Collected implements Family {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: "counter" | "gauge",
    readonly labelNames: readonly string[],
    readonly collect: () => readonly { labels: Labels; value: number }[],
  ) {}
  render(out: string[]): void {
    const samples = this.collect();
    if (samples.length === 0) return;
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`);
    for (const { labels, value } of samples) {
      const values = this.labelNames.map((n) => labels[n] ?? "");
      out.push(`${this.name}${labelText(this.labelNames, values)} ${num(value)}`);
    }
  }
}

/** The Prometheus text format's content type. */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Route templates of the gateway; any other path is `other` (bounded label values). */
export function routeOf(path: string): string {
  if (path.startsWith("/v1/schema/")) return "/v1/schema/{className}";
  switch (path) {
    case "/":
    case "/v1":
    case "/v1/meta":
    case "/v1/schema":
    case "/v1/graphql":
    case "/v1/graphql/batch":
    case "/v1/.well-known/live":
    case "/v1/.well-known/ready":
    case "/v1/.well-known/openid-configuration":
    case "/v1/admin/reload":
    case "/v2/rerank":
    case "/rerank":
    case "/metrics":
      return path;
    default:
      return "other";
  }
}

/** What one request records, and its `Server-Timing` value. */
export interface RequestRecorder {
  readonly telemetry: RequestTelemetry;
  /** `parse;dur=…, retrieve;dur=…, rerank;dur=…, encode;dur=…` (ms, summed per stage). */
  serverTiming(): string;
  /** Records the finished request. */
  done(method: string, route: string, status: number, seconds: number): void;
}

/** The gateway's metrics registry. */
export interface GatewayMetrics {
  /** A recorder for one request. */
  request(): RequestRecorder;
  /** The whole registry in the text format; per-reranker counters from `services`. */
  render(services: Services): string;
}

/** HTTP methods kept as label values; anything else is `other` (index 7). */
const METHODS: readonly string[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function methodIndex(method: string): number {
  const i = METHODS.indexOf(method);
  return i < 0 ? METHODS.length : i;
}

/** The series one route template writes to, bound once so a request builds no label keys. */
interface RouteSeries {
  readonly latency: HistogramSeries;
  /** Request counters by `status * 8 + method index`. */
  readonly counts: Map<number, CounterSeries>;
}

/** A request's stage timings; also its {@link RequestTelemetry} (one object per request). */
class Recorder implements RequestRecorder, RequestTelemetry {
  parse = 0;
  retrieve = 0;
  rerank = 0;
  encode = 0;
  constructor(readonly registry: Registry) {}
  get telemetry(): RequestTelemetry {
    return this;
  }
  stage(stage: Stage, ms: number): void {
    this[stage] += ms;
  }
  retrieved(collection: string, store: string, ms: number): void {
    this.registry.retrieve.observe({ collection, store }, ms / 1000);
  }
  reranked(reranker: string, documents: number, ms: number): void {
    this.registry.rerank.observe({ reranker }, ms / 1000);
    this.registry.documents.inc({ reranker }, documents);
  }
  upstreamError(provider: string): void {
    this.registry.upstreamErrors.inc({ provider });
  }
  serverTiming(): string {
    return `parse;dur=${round3(this.parse)}, retrieve;dur=${round3(this.retrieve)}, ` +
      `rerank;dur=${round3(this.rerank)}, encode;dur=${round3(this.encode)}`;
  }
  done(method: string, route: string, status: number, seconds: number): void {
    this.registry.requestDone(method, route, status, seconds);
  }
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The metric families a request records into. */
class Registry {
  readonly requests = new Counter(
    "gateway_http_requests_total",
    "HTTP requests by route template, method and status.",
    ["route", "method", "status"],
  );
  readonly latency = new Histogram(
    "gateway_http_request_duration_seconds",
    "Time to the response headers, by route template.",
    ["route"],
  );
  readonly retrieve = new Histogram(
    "gateway_retrieve_duration_seconds",
    "Time of one retrieval from a collection's store.",
    ["collection", "store"],
  );
  readonly rerank = new Histogram(
    "gateway_rerank_duration_seconds",
    "Time of one rerank call (a GraphQL page or a /v2/rerank or /rerank request).",
    ["reranker"],
  );
  readonly documents = new Counter(
    "gateway_rerank_documents_total",
    "Documents sent to rerankers.",
    ["reranker"],
  );
  readonly upstreamErrors = new Counter(
    "gateway_upstream_errors_total",
    "Failed calls to a reranker or a store, by module name or store kind.",
    ["provider"],
  );
  /** Keyed by route template: a bounded set ({@link routeOf}). */
  readonly #routes = new Map<string, RouteSeries>();

  requestDone(method: string, route: string, status: number, seconds: number): void {
    let series = this.#routes.get(route);
    if (!series) {
      series = { latency: this.latency.series([route]), counts: new Map() };
      this.#routes.set(route, series);
    }
    const m = methodIndex(method);
    const key = status * 8 + m;
    const count = series.counts.get(key);
    if (count) count.value++;
    else {
      series.counts.set(
        key,
        this.requests.series([route, METHODS[m] ?? "other", String(status)], 1),
      );
    }
    this.latency.record(series.latency, seconds);
  }
}

/** Creates an empty registry with the gateway's metric families. */
export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  const { requests, latency, retrieve, rerank, documents, upstreamErrors } = registry;
  let services: Services | undefined;
  const rerankerStats = () =>
    [...(services?.collections.values() ?? [])].flatMap((c) => {
      const stats = c.reranker?.stats?.();
      return stats
        ? [{ labels: { collection: c.config.class, reranker: c.reranker!.name }, stats }]
        : [];
    });
  const collected = (
    name: string,
    help: string,
    type: "counter" | "gauge",
    pick: (s: RerankerStats) => number | undefined,
  ) =>
    new Collected(
      name,
      help,
      type,
      ["collection", "reranker"],
      () =>
        rerankerStats().flatMap(({ labels, stats }) => {
          const value = pick(stats);
          return value === undefined ? [] : [{ labels, value }];
        }),
    );
  const families: Family[] = [
    requests,
    latency,
    retrieve,
    rerank,
    documents,
    collected(
      "gateway_rerank_tokens_total",
      "Tokens of query/document pairs run through a local model (score-cache hits excluded).",
      "counter",
      (s) => s.tokens,
    ),
    collected(
      "gateway_rerank_cache_hits_total",
      "Score-cache hits of a local cross-encoder.",
      "counter",
      (s) => s.cacheHits,
    ),
    collected(
      "gateway_rerank_cache_misses_total",
      "Score-cache misses of a local cross-encoder.",
      "counter",
      (s) => s.cacheMisses,
    ),
    collected(
      "gateway_model_load_seconds",
      "Time a collection's local model took to load (read and compile), once loaded.",
      "gauge",
      (s) => s.modelLoadSeconds,
    ),
    upstreamErrors,
  ];

  return {
    request() {
      return new Recorder(registry);
    },
    render(current) {
      services = current;
      const out: string[] = [];
      for (const f of families) f.render(out);
      services = undefined;
      return out.join("\n") + "\n";
    },
  };
}
