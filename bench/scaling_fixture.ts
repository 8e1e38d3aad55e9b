/**
 * Data and services of the scaling benchmarks: one embedded-store collection `Scale` of synthetic
 * objects (`title` 8 words, `content` n words, Zipf-like over the 5,000-token vocabulary, fixed
 * seed), `text2vec-hash` 384-d (vectors computed at load), `reranker-dummy`. Built through the
 * real `buildServices`, from memory. Also the timed request loop the scaling cases share.
 * @module
 */
import { DEFAULT_LIMITS } from "../src/config/default_limits.ts";
import { createApp } from "../src/http/app.ts";
import { buildServices } from "../src/pipeline/build_services.ts";
import type { CollectionConfig, GatewayConfig, PropertyConfig } from "../src/config/types.ts";
import type { Services } from "../src/pipeline/services.ts";
import { timedServices } from "./gateway_handlers.ts";
import { rng, VOCAB } from "./gateway_fixture.ts";
import { type LatencySummary, summarize } from "./stats.ts";
import { testRuntime } from "../tools/testing/runtime.ts";

/** The class name of the scaling collection. */
export const SCALE_CLASS = "Scale";
/** Vector dimensions of the scaling collection (the G11 reference size). */
export const SCALE_DIMENSIONS = 384;

/** Options of {@link buildScalingServices}. */
export interface ScalingFixtureOptions {
  readonly objects: number;
  /** Words of `content`; default 60. */
  readonly contentWords?: number;
  readonly seed?: number;
  /** Aborts the build (checked between the store's load phases). */
  readonly signal?: AbortSignal;
}

function text(name: string): PropertyConfig {
  return {
    name,
    dataType: ["text"],
    tokenization: "word",
    indexFilterable: true,
    indexSearchable: true,
  };
}

/** Synthetic JSONL records (generated lazily, once, when the store reads its file). */
export function scalingRecords(opts: ScalingFixtureOptions): string {
  const rand = rng(opts.seed ?? 11);
  const word = () => VOCAB[Math.floor(VOCAB.length * rand() ** 3)];
  const words = (k: number) => Array.from({ length: k }, word).join(" ");
  const lines: string[] = [];
  for (let i = 0; i < opts.objects; i++) {
    lines.push(JSON.stringify({ title: words(8), content: words(opts.contentWords ?? 60) }));
  }
  return lines.join("\n");
}

/** Builds the services (the records exist only while the store loads them). */
export function buildScalingServices(opts: ScalingFixtureOptions): Promise<Services> {
  const collection: CollectionConfig = {
    class: SCALE_CLASS,
    properties: [text("title"), text("content")],
    vectorizer: "text2vec-hash",
    moduleConfig: { "text2vec-hash": { dimensions: SCALE_DIMENSIONS }, "reranker-dummy": {} },
    vectorIndexConfig: { distance: "cosine" },
    store: { kind: "embedded", files: ["mem:scale.jsonl"], idField: "id", vectorField: "vector" },
  };
  const config: GatewayConfig = {
    collections: [collection],
    authentication: { anonymousAccessEnabled: true },
    limits: DEFAULT_LIMITS,
  };
  return buildServices(config, {
    runtime: testRuntime({ readText: () => Promise.resolve(scalingRecords(opts)) }),
    signal: opts.signal,
  });
}

/** Latencies of one request body: totals, the gateway's own share, and the response size. */
export interface RequestCost {
  readonly total: LatencySummary;
  /** Total minus the time inside the store's retrieve and the reranker. */
  readonly own: LatencySummary;
  /** Time inside the store's retrieve plus the reranker. */
  readonly inside: LatencySummary;
  readonly bytes: number;
  readonly results: number;
}

/** Options of {@link measureRequests}. */
export interface MeasureOptions {
  readonly services: Services;
  /** The `Get` document (sent as JSON `{query}`). */
  readonly query: string;
  readonly iterations: number;
  readonly warmup: number;
}

/** Sends the same request `warmup + iterations` times in-process and summarises the samples. */
export async function measureRequests(o: MeasureOptions): Promise<RequestCost> {
  const clock = { ms: 0 };
  const app = createApp(timedServices(o.services, clock));
  const body = JSON.stringify({ query: o.query });
  const post = () =>
    app.request("/v1/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
    });
  const checked = await (await post()).text();
  const json = JSON.parse(checked);
  const items = json.data?.Get?.[SCALE_CLASS];
  if (json.errors || !Array.isArray(items)) {
    throw new Error(`scaling: ${checked.slice(0, 300)}`);
  }
  const total: number[] = [], own: number[] = [], inside: number[] = [];
  (globalThis as { gc?: () => void }).gc?.();
  for (let i = 0; i < o.warmup + o.iterations; i++) {
    clock.ms = 0;
    const t0 = performance.now();
    await (await post()).arrayBuffer();
    const dt = performance.now() - t0;
    if (i < o.warmup) continue;
    total.push(dt);
    own.push(dt - clock.ms);
    inside.push(clock.ms);
  }
  return {
    total: summarize(total),
    own: summarize(own),
    inside: summarize(inside),
    bytes: new TextEncoder().encode(checked).length,
    results: items.length,
  };
}
