/**
 * Exact (brute-force) vector search over the embedded store's objects. Vectors live in one
 * `Float32Array` (float32 like Weaviate, and compact). Cosine classes also keep a normalised copy
 * for the distances, as Weaviate's HNSW index normalises on insert; `vector()` answers the vector as
 * stored, as Weaviate's explorer returns it (`usecases/traverser/explorer.go` returns
 * `res.Vector`, not the index's copy). Linear scans are fine up to ~100k objects.
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

/** Long loops check the request signal once per 4096 objects (cheap next to the work). */
const CHECK_EVERY_MASK = 4095;

/** One vector hit: the object's position and its distance to the query. */
export interface VectorHit {
  readonly index: number;
  readonly distance: number;
}

/** The vectors of a collection. */
export interface VectorIndex {
  readonly metric: DistanceMetric;
  /** Vector length; 0 when no object has a vector. */
  readonly dimensions: number;
  /** The vector of object `index` as stored (float32, never normalised), if any. */
  vector(index: number): Float32Array | undefined;
  /**
   * Distances from `query` to every object in `candidates` that has a vector, ascending (ties in
   * object order). Throws on a dimension mismatch.
   */
  /** Exact search over `candidates`; stops with `signal` (checked every few thousand objects). */
  search(query: ArrayLike<number>, candidates: Iterable<number>, signal?: AbortSignal): VectorHit[];
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
  const parts = [collection.class];
  const props = collection.properties
    .filter((p) => /^(text|string)(\[\])?$/.test(p.dataType[0]))
    .map((p) => p.name)
    .sort();
  for (const name of props) {
    const v = object.properties[name];
    if (typeof v === "string") parts.push(v);
    else if (Array.isArray(v)) parts.push(...v.map(String));
  }
  return parts.join(" ");
}

/** Builds the index: precomputed vectors first, then the vectorizer for the remaining objects. */
export async function buildVectorIndex(
  objects: readonly StoredObject[],
  opts: BuildVectorIndexOptions,
): Promise<VectorIndex> {
  const { collection, vectorizer, signal } = opts;
  const vectors: (readonly number[] | undefined)[] = objects.map((o) => o.vector);
  if (vectorizer) {
    const missing = objects.filter((o) => !o.vector);
    // 384 = 4 Cohere calls of 96 in flight at once; local vectorizers do not mind.
    const batch = opts.batchSize ?? 384;
    const progress = opts.onProgress ??
      (missing.length > PROGRESS_MIN_OBJECTS ? stderrProgress(collection.class) : undefined);
    for (let i = 0; i < missing.length; i += batch) {
      signal.throwIfAborted();
      const chunk = missing.slice(i, i + batch);
      let out: number[][];
      try {
        out = await vectorizer.vectorize(chunk.map((o) => objectText(collection, o)), {
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
      chunk.forEach((o, j) => vectors[o.index] = out[j]);
      progress?.(i + chunk.length, missing.length);
    }
  }
  let dimensions = 0;
  vectors.forEach((v, i) => {
    if (!v) return;
    if (dimensions === 0) dimensions = v.length;
    else if (v.length !== dimensions) {
      throw new Error(
        `${
          objects[i].source
        }: vector has ${v.length} dimensions, expected ${dimensions} like the other objects`,
      );
    }
  });
  const metric = collection.vectorIndexConfig.distance;
  const raw = new Float32Array(objects.length * dimensions);
  // Distances read `data`: the normalised copy for cosine, the stored vectors otherwise.
  const data = metric === "cosine" ? new Float32Array(objects.length * dimensions) : raw;
  const has = new Uint8Array(objects.length);
  vectors.forEach((v, i) => {
    if (!v) return;
    raw.set(v, i * dimensions);
    if (data !== raw) data.set(normalize(v), i * dimensions);
    has[i] = 1;
  });
  const distance = distanceFunction(metric);
  return {
    metric,
    dimensions,
    vector: (i) => has[i] ? raw.subarray(i * dimensions, (i + 1) * dimensions) : undefined,
    search(query, candidates, signal) {
      if (dimensions === 0) return [];
      if (query.length !== dimensions) {
        throw new Error(
          `vector lengths don't match: the query vector has ${query.length} dimensions, ` +
            `the collection "${collection.class}" has ${dimensions}`,
        );
      }
      const q = metric === "cosine" ? normalize(query) : Float32Array.from(query);
      const hits: VectorHit[] = [];
      let seen = 0;
      for (const i of candidates) {
        if ((++seen & CHECK_EVERY_MASK) === 0) signal?.throwIfAborted();
        if (!has[i]) continue;
        let d: number;
        if (metric === "cosine") {
          // Both sides are unit length (or zero): cosine distance is 1 - dot.
          let dot = 0;
          const o = i * dimensions;
          for (let k = 0; k < dimensions; k++) dot += q[k] * data[o + k];
          d = Math.fround(1 - dot);
        } else {
          d = distance(q, data.subarray(i * dimensions, (i + 1) * dimensions));
        }
        hits.push({ index: i, distance: d });
      }
      return hits.sort((a, b) => a.distance - b.distance || a.index - b.index);
    },
  };
}
