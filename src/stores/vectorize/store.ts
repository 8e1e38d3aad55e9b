/**
 * The Cloudflare Vectorize store: nearVector / nearObject (and nearText with a vectorizer) through
 * the Worker binding. Within Vectorize's limits: the query asks for ids and scores only
 * (`topK = offset + limit <= 100`, larger windows are refused), then the page is hydrated with
 * `getByIds` in chunks of 20. Scores become Weaviate distances per metric: cosine `1 - score`,
 * euclidean `score²` (l2-squared), dot-product `-score`. No list, bm25, hybrid, sort or cursor.
 * @module
 */
import { storeConfigOf } from "../../config/store_settings.ts";
import type { VectorizeStoreConfig } from "./config.ts";
import type { Candidate } from "../../core/candidate.ts";
import type { CollectionConfig } from "../../config/types.ts";
import { redactSecrets } from "../../remote/redact.ts";
import {
  COMPARE_OPERATORS,
  type CompareOperator,
  type QueryPlan,
  type SearchKind,
} from "../../core/plan.ts";
import { certaintyFromDistance, distanceFunction } from "../../search/distance.ts";
import {
  nearTextVector,
  objectVector,
  type QueryVectorContext,
} from "../../search/query_vector.ts";
import { type Vectorizer, withHeaders } from "../../core/vectorizer.ts";
import { abortable } from "../../core/abortable.ts";
import { paginate } from "../../search/paginate.ts";
import { maxDistance } from "../../search/thresholds.ts";
import type { Retriever, RetrieverCapabilities } from "../../core/retriever.ts";
import { VECTORIZE_LIMITS, type VectorizeBinding, type VectorizeVector } from "./binding.ts";
import { matchesFilter } from "./filter_eval.ts";
import { vectorizeFilter } from "./filter.ts";

/** Options of {@link createVectorizeStore}. */
export interface VectorizeStoreOptions {
  /** The collection; `store.kind` must be `vectorize`. */
  readonly collection: CollectionConfig;
  readonly binding: VectorizeBinding;
  readonly vectorizer?: Vectorizer;
  /** Budget of one binding call in ms. */
  readonly timeoutMs: number;
}

interface Hit {
  readonly id: string;
  readonly distance: number;
  readonly vector?: VectorizeVector;
}

/** Leaf operators with a Vectorize metadata counterpart (`filter.ts`). */
const VECTORIZE_OPERATORS: ReadonlySet<CompareOperator> = new Set(
  COMPARE_OPERATORS.filter((op) =>
    !["Like", "ContainsAll", "IsNull", "WithinGeoRange"].includes(op)
  ),
);

/** Creates the store over an already resolved binding. */
export function createVectorizeStore(opts: VectorizeStoreOptions): Retriever {
  const { collection, binding } = opts;
  const store: VectorizeStoreConfig = storeConfigOf(collection, "vectorize");
  const metric = collection.vectorIndexConfig.distance;
  const modes = new Set<SearchKind>(["nearVector", "nearObject"]);
  if (opts.vectorizer) modes.add("nearText");
  const capabilities: RetrieverCapabilities = {
    modes,
    filters: true,
    // Leaf operators with a Vectorize counterpart; nesting is checked when translating.
    filterOperators: VECTORIZE_OPERATORS,
    sort: false,
    groupBy: true,
    cursor: false,
  };
  const timeoutMs = store.timeoutMs ?? opts.timeoutMs;
  const prefix = `vectorize store of class ${collection.class}`;
  const schema = { className: collection.class, properties: collection.properties };
  const toDistance = (score: number) =>
    Math.fround(metric === "cosine" ? 1 - score : metric === "dot" ? -score : score * score);

  async function call<T>(what: string, run: () => Promise<T>, signal: AbortSignal): Promise<T> {
    signal.throwIfAborted();
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      return await abortable(run(), AbortSignal.any([signal, timeout]));
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      if (timeout.aborted) {
        throw new Error(`${prefix}: ${what} did not answer within ${timeoutMs} ms`);
      }
      const msg = err instanceof Error ? err.message : String(err);
      throw new Error(`${prefix}: ${what} failed: ${redactSecrets(msg)}`);
    }
  }

  async function getByIds(ids: readonly string[], signal: AbortSignal): Promise<VectorizeVector[]> {
    const out: VectorizeVector[] = [];
    for (let i = 0; i < ids.length; i += VECTORIZE_LIMITS.topKWithMetadata) {
      const chunk = ids.slice(i, i + VECTORIZE_LIMITS.topKWithMetadata);
      const got = await call("getByIds", () => binding.getByIds([...chunk]), signal);
      if (!Array.isArray(got) || got.some((v) => typeof v?.id !== "string" || !v.values)) {
        throw new Error(`${prefix}: getByIds returned a malformed answer`);
      }
      out.push(...got.filter((v) => !store.namespace || v.namespace === store.namespace));
    }
    return out;
  }

  async function search(plan: QueryPlan, vector: readonly number[], signal: AbortSignal) {
    const translated = plan.filter ? vectorizeFilter(plan.filter, schema) : {};
    const window = plan.offset + plan.limit;
    const s = plan.search as { certainty?: number; distance?: number };
    const max = maxDistance(metric, s);
    let hits: Hit[];
    if (translated.ids) {
      // id-restricted: fetch those vectors and rank them here with the index's metric.
      const dist = distanceFunction(metric);
      hits = (await getByIds(translated.ids, signal))
        .filter((v) => matchesFilter(v.metadata, translated.filter))
        .map((v) => ({ id: v.id, distance: Math.fround(dist(vector, v.values)), vector: v }))
        .sort((a, b) => a.distance - b.distance);
    } else {
      if (window > VECTORIZE_LIMITS.topK) {
        throw new Error(
          `${prefix}: offset + limit is ${window}, but Vectorize returns at most ` +
            `${VECTORIZE_LIMITS.topK} matches per query`,
        );
      }
      const res = await call("query", () =>
        binding.query([...vector], {
          topK: window,
          returnValues: false,
          returnMetadata: "none",
          ...(translated.filter ? { filter: translated.filter } : {}),
          ...(store.namespace ? { namespace: store.namespace } : {}),
        }), signal);
      if (
        !Array.isArray(res?.matches) ||
        res.matches.some((m) => typeof m?.id !== "string" || typeof m.score !== "number")
      ) {
        throw new Error(`${prefix}: query returned a malformed answer`);
      }
      hits = res.matches.map((m) => ({ id: m.id, distance: toDistance(m.score) }));
    }
    if (max !== undefined) hits = hits.filter((h) => h.distance <= max);
    const page = paginate(hits.slice(0, window), (h) => h.distance, plan);
    const missing = page.filter((h) => !h.vector).map((h) => h.id);
    const byId = new Map((await getByIds(missing, signal)).map((v) => [v.id, v]));
    return page.flatMap((h) => {
      const v = h.vector ?? byId.get(h.id);
      return v ? [{ ...h, vector: v }] : [];
    });
  }

  return {
    capabilities,
    async retrieve(plan, { signal, headers }) {
      signal.throwIfAborted();
      // Search kind, sort and cursor were checked by the pipeline against `capabilities`.
      if (plan.additional.has("certainty") && metric !== "cosine") {
        throw new Error(
          `can't compute and return certainty when vector index is configured with ${metric} distance`,
        );
      }
      const vectorizer = opts.vectorizer && headers
        ? withHeaders(opts.vectorizer, headers)
        : opts.vectorizer;
      const ctx: QueryVectorContext = {
        className: collection.class,
        vectorizer,
        signal,
        lookup: async (id) => {
          const [v] = await getByIds([id], signal);
          return v ? Array.from(v.values) : undefined;
        },
      };
      const s = plan.search;
      const vector = s.kind === "nearVector"
        ? s.vector
        : s.kind === "nearObject"
        ? await objectVector(s.id, ctx)
        : await nearTextVector(s as Parameters<typeof nearTextVector>[0], ctx);
      const hits = await search(plan, vector, signal);
      return hits.map((h) => toCandidate(plan, h, metric === "cosine"));
    },
  };
}

function toCandidate(plan: QueryPlan, h: Required<Hit>, cosine: boolean): Candidate {
  const properties: Record<string, unknown> = {};
  for (const name of plan.properties) {
    const v = h.vector.metadata?.[name];
    if (v !== undefined && v !== null) properties[name] = v;
  }
  return {
    id: h.id,
    properties,
    ...(plan.additional.has("vector") ? { vector: Array.from(h.vector.values) } : {}),
    distance: h.distance,
    ...(cosine ? { certainty: certaintyFromDistance(h.distance) } : {}),
  };
}
