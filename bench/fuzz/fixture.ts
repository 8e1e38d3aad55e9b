/**
 * The gateway the fuzzer and the soak drive: the weightless sample class `JeopardyQuestion`
 * (`gateway.offline.json`'s data, `text2vec-hash`, `reranker-dummy`) plus two small classes whose
 * rerankers are remote providers (`Article`: Cohere, `Review`: Jina AI) with an operator key in
 * the environment, so that `X-*-Baseurl` / `X-*-Api-Key` headers reach real provider code. Every
 * outbound provider call is answered in process by {@link installEgressStub} and recorded, so the
 * key-exfiltration invariant can see where the operator's key went. Built through the real
 * `buildServices` and `createApp`.
 * @module
 */
import type { Hono } from "hono";
import { createApp } from "../../src/http/app.ts";
import { offlineRawConfig, sampleDataPath } from "../../src/config/default.ts";
import { parseConfig } from "../../src/pipeline/catalog.ts";
import type { GatewayConfig } from "../../src/config/types.ts";
import { buildServices } from "../../src/pipeline/build_services.ts";
import { testRuntime } from "../../tools/testing/runtime.ts";
import { ARTICLE, type ClassModel, REVIEW } from "./schema_model.ts";

/** The operator's provider key in the fuzz gateway's environment (a canary: it must not leak). */
export const OPERATOR_KEY = "sk-operator-canary-5b1f0c9e";

/** The provider base URLs the operator configured: the only origins the operator key may reach. */
export const CONFIGURED_ORIGINS: readonly string[] = [
  "https://cohere.operator.test",
  "https://api.jina.ai",
];

/** One outbound request the gateway made. */
export interface EgressRecord {
  readonly url: string;
  readonly origin: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
}

/** The outbound calls seen since the last {@link EgressLog.clear}. */
export interface EgressLog {
  readonly records: EgressRecord[];
  clear(): void;
  /** Puts the real `fetch` back. */
  restore(): void;
}

/** `fetch` as it was before any stub (the loopback client uses it). */
export const realFetch: typeof fetch = globalThis.fetch.bind(globalThis);

function fakeRerankAnswer(body: unknown): Response {
  const b = body as Record<string, unknown> | null;
  const docs = b?.documents ?? b?.input ?? b?.texts;
  const n = Array.isArray(docs) ? docs.length : 0;
  const results = Array.from({ length: n }, (_, index) => ({
    index,
    relevance_score: 1 / (index + 1),
    score: 1 / (index + 1),
  }));
  // Every provider shape at once: Cohere/Jina `results`, Voyage/Mixedbread `data`.
  return Response.json({ id: "fuzz", results, data: results, meta: {} });
}

/**
 * Replaces `globalThis.fetch` (what the provider clients call) with an in-process fake provider
 * that records every request. Loopback traffic of the fuzzer itself goes through {@link realFetch}.
 */
export function installEgressStub(): EgressLog {
  const records: EgressRecord[] = [];
  const stub = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
    const url = new URL(req.url);
    records.push({ url: req.url, origin: url.origin, headers });
    let body: unknown;
    try {
      body = JSON.parse(await req.text());
    } catch {
      body = undefined;
    }
    return fakeRerankAnswer(body);
  };
  globalThis.fetch = stub as typeof fetch;
  return {
    records,
    clear: () => void (records.length = 0),
    restore: () => void (globalThis.fetch = realFetch),
  };
}

/** The fuzz corpus's `count` records of a class with `dims`-dimensional vectors (deterministic). */
export function fuzzRecords(dims: number, count: number): Record<string, unknown>[] {
  const words = ["balloon", "airship", "river", "ocean", "mountain", "desert", "forest", "city"];
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    title: `${words[i % 8]} ${words[(i * 3) % 8]} number ${i}`,
    body: `${words[(i * 5) % 8]} and ${words[(i * 7) % 8]} `.repeat(1 + (i % 5)),
    words: i * 13,
    rating: (i % 10) / 2,
    published: i % 2 === 0,
    tags: [words[i % 8], words[(i + 1) % 8]],
    vector: Array.from({ length: dims }, (_, d) => Math.sin(i + d)),
  }));
}

/** The fuzz gateway's config (validated), with `extra` raw collections appended. */
export function fuzzConfig(extra: readonly Record<string, unknown>[] = []): GatewayConfig {
  const raw = offlineRawConfig(sampleDataPath()) as { collections: Record<string, unknown>[] };
  const remote = (model: ClassModel, module: string, settings: Record<string, unknown>) => ({
    class: model.name,
    properties: model.properties.map((p) => ({ name: p.name, dataType: [p.type] })),
    vectorizer: "none",
    moduleConfig: { [module]: settings },
    vectorIndexConfig: { distance: "cosine" },
    store: { kind: "embedded", files: [`mem:${model.name}.json`] },
  });
  raw.collections.push(
    remote(ARTICLE, "reranker-cohere", { baseURL: CONFIGURED_ORIGINS[0] }),
    remote(REVIEW, "reranker-jinaai", {}),
    ...extra,
  );
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(`fuzz config: ${result.problems.join("; ")}`);
  return result.config;
}

/** Options of {@link buildFuzzGateway}. */
export interface FuzzGatewayOptions {
  /** Raw collections appended to the config (the soak adds a cross-encoder class). */
  readonly extraCollections?: readonly Record<string, unknown>[];
}

/** The app and its services. */
export interface FuzzGateway {
  readonly app: Hono;
  readonly config: GatewayConfig;
}

/** Builds the fuzz gateway (reads the sample data file from disk). */
export async function buildFuzzGateway(opts: FuzzGatewayOptions = {}): Promise<FuzzGateway> {
  const config = fuzzConfig(opts.extraCollections);
  const mem = new Map([
    [`mem:${ARTICLE.name}.json`, JSON.stringify(fuzzRecords(ARTICLE.dims, 40))],
    [`mem:${REVIEW.name}.json`, JSON.stringify(fuzzRecords(REVIEW.dims, 25))],
  ]);
  const env: Record<string, string> = {
    COHERE_APIKEY: OPERATOR_KEY,
    JINAAI_APIKEY: OPERATOR_KEY,
    VOYAGEAI_APIKEY: OPERATOR_KEY,
    MIXEDBREAD_APIKEY: OPERATOR_KEY,
  };
  const services = await buildServices(config, {
    runtime: testRuntime({
      readText: (path, signal) => {
        const text = mem.get(path);
        return text === undefined ? Deno.readTextFile(path, { signal }) : Promise.resolve(text);
      },
      env: (name) => env[name],
    }),
  });
  return { app: createApp(services), config };
}
