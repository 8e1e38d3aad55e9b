/**
 * The Qdrant store (REST API v1.19): `POST /collections/{c}/points/query` for list (no query:
 * points in id order) and nearest-vector search; nearObject reads the point's vector first
 * (`POST /collections/{c}/points`) so the object itself is a hit, as in Weaviate; nearText is
 * vectorized in the gateway by the class's vectorizer. Plain `fetch`: the same code runs on Deno
 * and Workers (`@qdrant/js-client-rest` would add undici and a Node engine pin for no gain).
 * Refused: bm25 and hybrid (Qdrant has no BM25 over payloads), sort, the `after` cursor, and the
 * where operators in {@link QDRANT_REFUSED_OPERATORS}.
 * @module
 */
import { storeConfigOf } from "../../config/store_settings.ts";
import type { QdrantStoreConfig } from "./config.ts";
import type { Candidate } from "../../core/candidate.ts";
import type { CollectionConfig } from "../../config/types.ts";
import {
  COMPARE_OPERATORS,
  type CompareOperator,
  type QueryPlan,
  type SearchKind,
} from "../../core/plan.ts";
import { autocut } from "../../search/autocut.ts";
import {
  nearTextVector,
  objectVector,
  type QueryVectorContext,
} from "../../search/query_vector.ts";
import { type Vectorizer, withHeaders } from "../../core/vectorizer.ts";
import type { RetrieveOptions, Retriever, RetrieverCapabilities } from "../../core/retriever.ts";
import { excerpt, postJson } from "../../remote/json_http.ts";
import { QDRANT_REFUSED_OPERATORS, type QdrantCondition, toQdrantFilter } from "./filters.ts";
import { distanceFromScore, scoreThreshold } from "./scores.ts";

export { QDRANT_REFUSED_OPERATORS };

/** The leaf operators a Qdrant filter can express (all but {@link QDRANT_REFUSED_OPERATORS}). */
const QDRANT_OPERATORS: ReadonlySet<CompareOperator> = new Set(
  COMPARE_OPERATORS.filter((op) => !(QDRANT_REFUSED_OPERATORS as readonly string[]).includes(op)),
);

/** Options of {@link createQdrantStore}. */
export interface QdrantStoreOptions {
  /** The collection; `store.kind` must be `qdrant`. */
  readonly collection: CollectionConfig;
  /** Embeds nearText concepts (the class's vectorizer). */
  readonly vectorizer?: Vectorizer;
  readonly env?: (name: string) => string | undefined;
  readonly fetch?: typeof fetch;
  /** `modules.maxResponseBytes`: largest upstream answer read. */
  readonly maxResponseBytes?: number;
  /** Default budget of one call (the store's `timeoutMs` wins). */
  readonly timeoutMs: number;
}

/** Vector search, filters and gateway-side grouping; no keyword search, sort or cursor. */
export const QDRANT_CAPABILITIES: RetrieverCapabilities = {
  modes: new Set<SearchKind>(["list", "nearVector", "nearObject", "nearText"]),
  filters: true,
  filterOperators: QDRANT_OPERATORS,
  sort: false,
  groupBy: true,
  cursor: false,
};

interface Point {
  readonly id: unknown;
  readonly score?: number;
  readonly payload?: Record<string, unknown> | null;
  readonly vector?: unknown;
}

/** Creates the store (no I/O until the first query). */
export function createQdrantStore(opts: QdrantStoreOptions): Retriever {
  const { collection } = opts;
  const store: QdrantStoreConfig = storeConfigOf(collection, "qdrant");
  const metric = collection.vectorIndexConfig.distance;
  if (metric === "hamming") throw new Error("qdrant store: hamming distance is not supported");
  const base = `${store.url}/collections/${encodeURIComponent(store.collection)}`;

  async function call(path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    const key = store.apiKeyEnv ? opts.env?.(store.apiKeyEnv) : undefined;
    const answer = await postJson({
      url: `${base}${path}`,
      body,
      headers: key ? { "api-key": key } : {},
      secrets: [key],
      signal,
      timeoutMs: store.timeoutMs ?? opts.timeoutMs,
      label: "qdrant upstream",
      errorText: qdrantErrorText,
      maxBytes: opts.maxResponseBytes,
      fetch: opts.fetch,
    }) as { result?: unknown };
    if (typeof answer !== "object" || answer === null || !("result" in answer)) {
      throw new Error("qdrant upstream: malformed response body: no result");
    }
    return answer.result;
  }

  /** The point's stored vector: `undefined` = no such point, `null` = no vector. */
  async function lookup(id: string, signal: AbortSignal): Promise<number[] | null | undefined> {
    const using = store.vectorName ? [store.vectorName] : true;
    const result = await call(
      "/points",
      { ids: [id], with_payload: false, with_vector: using },
      signal,
    );
    if (!Array.isArray(result) || result.length === 0) return undefined;
    return vectorOf((result[0] as Point).vector, store.vectorName) ?? null;
  }

  function queryVector(plan: QueryPlan, ropts: RetrieveOptions): Promise<number[]> {
    const s = plan.search;
    const ctx: QueryVectorContext = {
      className: collection.class,
      vectorizer: opts.vectorizer && withHeaders(opts.vectorizer, ropts.headers ?? {}),
      lookup: (id) => lookup(id, ropts.signal),
      signal: ropts.signal,
    };
    if (s.kind === "nearVector") return Promise.resolve([...s.vector]);
    if (s.kind === "nearText") return nearTextVector(s, ctx);
    if (s.kind === "nearObject") return objectVector(s.id, ctx);
    throw new Error(`qdrant store: no query vector for ${s.kind}`);
  }

  return {
    capabilities: QDRANT_CAPABILITIES,
    async retrieve(plan: QueryPlan, ropts: RetrieveOptions): Promise<Candidate[]> {
      ropts.signal.throwIfAborted();
      // Search kind and operators were checked by the pipeline against QDRANT_CAPABILITIES.
      const kind = plan.search.kind;
      const filter: QdrantCondition | undefined = plan.filter
        ? toQdrantFilter(plan.filter, collection.properties)
        : undefined;
      if (plan.additional.has("certainty") && kind !== "list" && metric !== "cosine") {
        throw new Error(
          `can't compute and return certainty when vector index is configured with ${metric} distance`,
        );
      }
      const near = kind !== "list";
      // Autocut needs the whole window (Weaviate cuts before dropping the offset).
      const window = plan.autocut > 0 && near;
      const body: Record<string, unknown> = {
        limit: window ? plan.offset + plan.limit : plan.limit,
        ...(!window && plan.offset > 0 ? { offset: plan.offset } : {}),
        with_payload: plan.properties.length ? [...plan.properties] : false,
        with_vector: plan.additional.has("vector")
          ? (store.vectorName ? [store.vectorName] : true)
          : false,
        ...(filter ? { filter } : {}),
      };
      if (near) {
        body.query = await queryVector(plan, ropts);
        if (store.vectorName) body.using = store.vectorName;
        const threshold = scoreThreshold(plan.search as { distance?: number }, metric);
        if (threshold !== undefined) body.score_threshold = threshold;
      }
      const result = await call("/points/query", body, ropts.signal) as { points?: unknown };
      if (!Array.isArray(result?.points)) {
        throw new Error("qdrant upstream: malformed response body: result.points is not a list");
      }
      let cands = (result.points as Point[]).map((p) => toCandidate(p, plan, near));
      if (window) {
        const cut = autocut(cands.map((c) => c.distance ?? 0), plan.autocut);
        cands = cands.slice(0, cut).slice(plan.offset);
      }
      return cands;
    },
  };

  function toCandidate(p: Point, plan: QueryPlan, near: boolean): Candidate {
    if (typeof p?.id !== "string") {
      throw new Error(
        `qdrant upstream: point id ${JSON.stringify(p?.id)} is not a UUID (Weaviate ids are UUIDs)`,
      );
    }
    const payload = p.payload ?? {};
    const properties: Record<string, unknown> = {};
    for (const name of plan.properties) {
      if (payload[name] !== undefined && payload[name] !== null) properties[name] = payload[name];
    }
    const vector = plan.additional.has("vector") ? vectorOf(p.vector, store.vectorName) : undefined;
    const distance = near && typeof p.score === "number"
      ? distanceFromScore(p.score, metric)
      : undefined;
    return {
      id: p.id,
      properties,
      ...(vector ? { vector } : {}),
      ...(distance !== undefined ? { distance } : {}),
      ...(distance !== undefined && metric === "cosine" ? { certainty: 1 - distance / 2 } : {}),
    };
  }
}

function vectorOf(v: unknown, name: string | undefined): number[] | undefined {
  if (Array.isArray(v)) return v.map(Number);
  if (v && typeof v === "object") {
    const named = (v as Record<string, unknown>)[name ?? ""];
    if (Array.isArray(named)) return named.map(Number);
  }
  return undefined;
}

/** Qdrant's error body `{"status":{"error":"..."}}` as `status 400: <error>`. */
export function qdrantErrorText(status: number, body: string): string {
  try {
    const e = JSON.parse(body) as { status?: { error?: unknown } };
    if (typeof e?.status?.error === "string") return `status ${status}: ${e.status.error}`;
  } catch {
    // not JSON
  }
  return body.trim() ? `status ${status}: ${excerpt(body)}` : `status ${status}`;
}
