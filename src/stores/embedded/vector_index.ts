/**
 * Exact (brute-force) vector search over the embedded store's objects. Vectors live in one
 * `Float32Array` (float32 like Weaviate, and compact; `vector_data.ts`); cosine vectors are
 * normalised once at load, as Weaviate does on insert. A search scans the candidates in position
 * order (front to back through the one array; `vector_scan.ts` for cosine and dot) into a bounded
 * top-k heap; linear scans are fine up to ~100k objects.
 * @module
 */
import type { CollectionConfig, DistanceMetric } from "../../config/types.ts";
import { distanceFunction, normalize } from "../../search/distance.ts";
import {
  PROGRESS_MIN_OBJECTS,
  stderrProgress,
  type VectorizeProgress,
} from "../../core/vectorize_progress.ts";
import type { Vectorizer } from "../../core/vectorizer.ts";
import type { StoredObject } from "./load.ts";
import { createTopK } from "./top_k.ts";
import { createVectorData } from "./vector_data.ts";
import { scanDot } from "./vector_scan.ts";

/** Long loops check the request signal once per 4096 objects (cheap next to the work). */
const CHECK_EVERY_MASK = 4095;

/** One vector hit: the object's position and its distance to the query. */
export interface VectorHit {
  readonly index: number;
  readonly distance: number;
}

/** Options of {@link VectorIndex.search}. */
export interface VectorSearchOptions {
  /** Object positions to consider (any order, no duplicates); default every object. */
  readonly candidates?: readonly number[];
  /** Keep only the nearest `limit`; default all. */
  readonly limit?: number;
  /** Stops the scan (checked every few thousand objects). */
  readonly signal?: AbortSignal;
}

/** The vectors of a collection. */
export interface VectorIndex {
  readonly metric: DistanceMetric;
  /** Vector length; 0 when no object has a vector. */
  readonly dimensions: number;
  /** The vector of object `index` as stored (float32, never normalised), if any. */
  vector(index: number): Float32Array | undefined;
  /** cosine / dot rows are summed by the WebAssembly scan kernel (`dot_kernel.ts`). */
  readonly kernel: boolean;
  /**
   * Exact search: distances from `query` to the candidates that have a vector, nearest first
   * (ties in object order), the nearest `limit` only. Throws on a dimension mismatch.
   */
  search(query: ArrayLike<number>, opts?: VectorSearchOptions): VectorHit[];
}

/** Options of {@link buildVectorIndex}. */
export interface BuildVectorIndexOptions {
  readonly collection: CollectionConfig;
  readonly vectorizer?: Vectorizer;
  readonly signal: AbortSignal;
  /** Texts per vectorizer call; default 384. */
  readonly batchSize?: number;
  /** Called after each vectorized chunk; default: a stderr progress bar above 1,000 objects. */
  readonly onProgress?: VectorizeProgress;
  /** The build runs at a query, not at start-up (only the error's wording changes). */
  readonly deferred?: boolean;
}

/**
 * The text an object is vectorized from when it has no precomputed vector: the class name
 * followed by the values of its text/string properties in alphabetical property order, joined with
 * spaces (a simplified version of Weaviate's text2vec default, which also includes the class name).
 */
export function objectText(collection: CollectionConfig, object: StoredObject): string {
  return objectTexts(collection)(object);
}

/** {@link objectText} with the property list worked out once, for many objects. */
function objectTexts(collection: CollectionConfig): (object: StoredObject) => string {
  const props = collection.properties
    .filter((p) => /^(text|string)(\[\])?$/.test(p.dataType[0]))
    .map((p) => p.name)
    .sort();
  return (object) => {
    const parts = [collection.class];
    for (const name of props) {
      const v = object.properties[name];
      if (typeof v === "string") parts.push(v);
      else if (Array.isArray(v)) parts.push(...v.map(String));
    }
    return parts.join(" ");
  };
}

/** Builds the index: precomputed vectors first, then the vectorizer for the remaining objects. */
export async function buildVectorIndex(
  objects: readonly StoredObject[],
  opts: BuildVectorIndexOptions,
): Promise<VectorIndex> {
  const { collection, vectorizer, signal } = opts;
  const metric = collection.vectorIndexConfig.distance;
  // Each vector goes straight into one Float32Array (sized by the first non-empty vector), so
  // the vectorizer's number[] outputs are dropped chunk by chunk (1M x 384-d fits in 1.5 GiB).
  // For cosine the rows are normalised (Weaviate's HNSW index normalises on insert); the vector
  // as stored, what `_additional { vector }` answers (Weaviate's explorer returns `res.Vector`,
  // usecases/traverser/explorer.go), is the row itself unless normalising changed it.
  const store = createVectorData(objects.length, metric === "cosine");
  const put = (i: number, v: readonly number[]) => store.put(i, v);
  for (const o of objects) if (o.vector) put(o.index, o.vector);
  if (vectorizer) {
    const missing = objects.filter((o) => !o.vector);
    const textOf = objectTexts(collection);
    // 384 = 4 Cohere calls of 96 in flight at once; local vectorizers do not mind.
    const batch = opts.batchSize ?? 384;
    const progress = opts.onProgress ??
      (missing.length > PROGRESS_MIN_OBJECTS ? stderrProgress(collection.class) : undefined);
    for (let i = 0; i < missing.length; i += batch) {
      signal.throwIfAborted();
      const chunk = missing.slice(i, i + batch);
      let out: number[][];
      try {
        out = await vectorizer.vectorize(chunk.map(textOf), {
          signal,
          purpose: "document",
        });
      } catch (err) {
        if (signal.aborted) throw err;
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(
          `class ${collection.class}: ${vectorizer.name} could not vectorize the objects without ` +
            `a stored vector${opts.deferred ? "" : " at start-up"}: ${msg}`,
          { cause: err },
        );
      }
      chunk.forEach((o, j) => {
        if (out[j]) put(o.index, out[j]);
      });
      progress?.(i + chunk.length, missing.length);
    }
  }
  // The first vector in object order sets the length; the first other length is the error.
  const { has, lengths } = store;
  let dimensions = 0;
  for (let i = 0; i < objects.length; i++) {
    if (!has[i]) continue;
    if (dimensions === 0) dimensions = lengths[i];
    else if (lengths[i] !== dimensions) {
      throw new Error(
        `${objects[i].source}: vector has ${
          lengths[i]
        } dimensions, expected ${dimensions} like the other objects`,
      );
    }
  }
  const distance = distanceFunction(metric);
  return {
    metric,
    dimensions,
    vector: (i) => store.vector(i),
    kernel: store.kernel !== undefined && (metric === "cosine" || metric === "dot"),
    search(query, opts = {}) {
      if (dimensions === 0) return [];
      if (query.length !== dimensions) {
        throw new Error(
          `vector lengths don't match: the query vector has ${query.length} dimensions, ` +
            `the collection "${collection.class}" has ${dimensions}`,
        );
      }
      const q = metric === "cosine" ? normalize(query) : Float32Array.from(query);
      // Position order: the scan walks `data` front to back (prefetch-friendly).
      const order = opts.candidates ? Int32Array.from(opts.candidates).sort() : undefined;
      const count = order ? order.length : objects.length;
      const top = createTopK({ k: opts.limit ?? Infinity, capacity: count, descending: false });
      const signal = opts.signal;
      const dims = dimensions;
      const data = store.data;
      if (metric === "cosine" || metric === "dot") {
        const size = objects.length;
        const kernel = store.kernel;
        scanDot({ query: q, data, width: dims, has, order, size, metric, top, signal, kernel });
      } else {
        for (let n = 0; n < count; n++) {
          if ((n & CHECK_EVERY_MASK) === CHECK_EVERY_MASK) signal?.throwIfAborted();
          const i = order ? order[n] : n;
          if (has[i]) top.offer(i, distance(q, data.subarray(i * dims, (i + 1) * dims)));
        }
      }
      const { indexes, values } = top.drain();
      const hits: VectorHit[] = new Array(indexes.length);
      for (let j = 0; j < indexes.length; j++) {
        hits[j] = { index: indexes[j], distance: values[j] };
      }
      return hits;
    },
  };
}
