/**
 * An in-memory Vectorize binding with the documented semantics: filter before topK, topK <= 100
 * with ids only and <= 20 with values or metadata, getByIds of <= 20 ids, scores per metric
 * (cosine similarity, euclidean distance, dot product), 64-byte string indexes. Faults on demand.
 * @module
 */
import type {
  VectorizeBinding,
  VectorizeMatches,
  VectorizeQueryOptions,
  VectorizeVector,
} from "../../src/stores/vectorize/binding.ts";
import { matchesFilter } from "../../src/stores/vectorize/filter_eval.ts";

/** The index metric. */
export type FakeMetric = "cosine" | "euclidean" | "dot-product";
/** Misbehaviour modes. */
export type FakeFault = "error" | "hang" | "malformed" | undefined;

/** The fake plus what the tests inspect. */
export interface FakeVectorize extends VectorizeBinding {
  readonly calls: { method: string; topK?: number; ids?: number }[];
  fault(mode: FakeFault): void;
}

function score(metric: FakeMetric, a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, na = 0, nb = 0, l2 = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
    l2 += (a[i] - b[i]) ** 2;
  }
  if (metric === "cosine") return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
  return metric === "euclidean" ? Math.sqrt(l2) : dot;
}

/** Builds a fake index over records with `id`, `vector` and metadata fields. */
export function fakeVectorize(
  records: readonly Record<string, unknown>[],
  metric: FakeMetric,
  namespace?: string,
): FakeVectorize {
  const vectors: VectorizeVector[] = records.map((r) => {
    const { id, vector, ...metadata } = r;
    return {
      id: String(id),
      values: Float32Array.from(vector as number[]),
      metadata: metadata as VectorizeVector["metadata"],
      ...(namespace ? { namespace } : {}),
    };
  });
  let mode: FakeFault;
  const calls: FakeVectorize["calls"] = [];
  const misbehave = <T>(ok: () => T, malformed: unknown): Promise<T> => {
    if (mode === "error") {
      return Promise.reject(new Error("VECTOR_QUERY_ERROR (code = 40000): 500"));
    }
    if (mode === "hang") return new Promise(() => {});
    if (mode === "malformed") return Promise.resolve(malformed as T);
    return Promise.resolve().then(ok);
  };
  return {
    calls,
    fault: (m) => (mode = m),
    query(vector, opts: VectorizeQueryOptions = {}) {
      const topK = opts.topK ?? 5;
      calls.push({ method: "query", topK });
      const heavy = opts.returnValues === true || opts.returnMetadata === true ||
        opts.returnMetadata === "all";
      const max = heavy ? 20 : 100;
      if (topK < 1 || topK > max) {
        return Promise.reject(
          new Error(`VECTOR_QUERY_ERROR (code = 40025): invalid topK ${topK}, maximum ${max}`),
        );
      }
      return misbehave((): VectorizeMatches => {
        const matches = vectors
          .filter((v) => !opts.namespace || v.namespace === opts.namespace)
          .filter((v) => matchesFilter(v.metadata, opts.filter))
          .map((v) => ({ v, score: score(metric, vector, v.values) }))
          .sort((a, b) => metric === "euclidean" ? a.score - b.score : b.score - a.score)
          .slice(0, topK)
          .map(({ v, score }) => ({
            id: v.id,
            score,
            ...(opts.returnValues ? { values: Array.from(v.values) } : {}),
            ...(heavy || opts.returnMetadata === "indexed" ? { metadata: v.metadata } : {}),
          }));
        return { matches, count: matches.length };
      }, { matches: "nope" });
    },
    getByIds(ids) {
      calls.push({ method: "getByIds", ids: ids.length });
      if (ids.length > 20) {
        return Promise.reject(new Error(`VECTOR_GET_ERROR: at most 20 ids, got ${ids.length}`));
      }
      const byId = new Map(vectors.map((v) => [v.id, v]));
      return misbehave(() => ids.flatMap((id) => byId.get(id) ?? []), [{ nope: 1 }]);
    },
  };
}
