/**
 * Turns near* arguments into one query vector: nearVector as given, nearObject from the stored
 * object, nearText through the vectorizer with Weaviate's moveTo / moveAwayFrom.
 *
 * Movement (Weaviate's text2vec `MoveTo` / `MoveAwayFrom`, half-force on purpose):
 * - target = mean of the vectorized move concepts (one averaged concept vector) and the vectors of
 *   the move objects;
 * - moveTo: `v * (1 - force/2) + target * force/2` (force must be in [0, 1]);
 * - moveAwayFrom: `v + force/2 * (v - target)` (force must be >= 0).
 * The result is not renormalised here; cosine search normalises every query vector anyway.
 *
 * Store-agnostic: each store supplies {@link QueryVectorContext.lookup} for stored vectors.
 * @module
 */
import type { HybridSearch, Move, NearTextSearch } from "../core/plan.ts";
import { FLOAT32_MAX } from "../core/go_format.ts";
import type { Vectorizer } from "../core/vectorizer.ts";
import { queryError } from "../errors/query_errors.ts";

/** What query-vector resolution needs from the store. */
export interface QueryVectorContext {
  readonly className: string;
  readonly vectorizer?: Vectorizer;
  /**
   * The stored vector of object `id` (nearObject, move objects); `undefined` when there is no such
   * object, `null` when it has no vector.
   */
  readonly lookup: (id: string) => Promise<readonly number[] | null | undefined>;
  readonly signal: AbortSignal;
}

/**
 * The stored vector of nearObject's object `id`, with Weaviate's texts
 * (`usecases/traverser/near_params_vector.go` classFindVector, wrapped by explorer.go).
 */
export async function objectVector(id: string, ctx: QueryVectorContext): Promise<number[]> {
  const v = await ctx.lookup(id.toLowerCase());
  ctx.signal.throwIfAborted();
  if (v === undefined) throw queryError("near_object_not_found");
  if (v === null) throw queryError("near_object_no_vector", id);
  return [...v];
}

/** The stored vector of a move object `id`. */
async function moveObjectVector(id: string, ctx: QueryVectorContext): Promise<number[]> {
  const v = await ctx.lookup(id.toLowerCase());
  ctx.signal.throwIfAborted();
  if (v === undefined) {
    throw new Error(`nearObject: no object with id ${id} in class ${ctx.className}`);
  }
  if (v === null) {
    throw new Error(`nearObject: object ${id} of class ${ctx.className} has no vector`);
  }
  return [...v];
}

/** Vectorizes `texts` and averages them (Weaviate combines several concepts by their mean). */
export async function vectorizeMean(
  texts: readonly string[],
  ctx: QueryVectorContext,
  searchName: string,
): Promise<number[]> {
  if (!ctx.vectorizer) {
    throw new Error(
      `could not vectorize input for collection ${ctx.className} with search-type ${searchName}. ` +
        `Make sure a vectorizer module is configured for this collection`,
    );
  }
  let vectors: number[][];
  try {
    vectors = await ctx.vectorizer.vectorize(texts, { signal: ctx.signal, purpose: "query" });
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    // Remote vectorizers fail per request (keys, quotas, timeouts): say which class and module.
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(
      `could not vectorize input for collection ${ctx.className} with search-type ${searchName}: ` +
        `${ctx.vectorizer.name}: ${msg}`,
    );
  }
  ctx.signal.throwIfAborted();
  return mean(vectors);
}

/** The nearText query vector, moves applied. */
export async function nearTextVector(
  search: Omit<NearTextSearch, "kind">,
  ctx: QueryVectorContext,
): Promise<number[]> {
  if (search.concepts.length === 0) throw new Error("nearText: concepts must not be empty");
  let v = await vectorizeMean(search.concepts, ctx, "nearText");
  if (search.moveTo) {
    const force = search.moveTo.force;
    if (!(force >= 0 && force <= 1)) {
      throw new Error(`movement: force must be between 0 and 1: got ${force}`);
    }
    const t = await moveTarget(search.moveTo, ctx);
    if (t) v = v.map((x, i) => x * (1 - force / 2) + t[i] * (force / 2));
  }
  if (search.moveAwayFrom) {
    const force = search.moveAwayFrom.force;
    if (!(force >= 0)) {
      throw new Error(`movement (moveAwayFrom): force must be 0 or positive: got ${force}`);
    }
    const t = await moveTarget(search.moveAwayFrom, ctx);
    if (t) v = v.map((x, i) => x + (force / 2) * (x - t[i]));
  }
  // A huge (finite) force can push components beyond float32, where every distance breaks.
  if (v.some((x) => !(Math.abs(x) <= FLOAT32_MAX))) {
    throw new Error("movement: the moved vector leaves the float32 range; use a smaller force");
  }
  return v;
}

async function moveTarget(move: Move, ctx: QueryVectorContext): Promise<number[] | undefined> {
  const parts: number[][] = [];
  if (move.concepts.length > 0) parts.push(await vectorizeMean(move.concepts, ctx, "nearText"));
  for (const o of move.objects) {
    const id = o.id ?? o.beacon?.split("/").at(-1);
    if (!id) throw new Error("movement: an object needs an id or a beacon");
    parts.push(await moveObjectVector(id, ctx));
  }
  if (parts.length === 0) return undefined;
  const target = mean(parts);
  if (target.length !== parts[0].length || parts.some((p) => p.length !== target.length)) {
    throw new Error("movement: vector lengths don't match");
  }
  return target;
}

function mean(vectors: readonly (readonly number[])[]): number[] {
  const out = new Array<number>(vectors[0].length).fill(0);
  for (const v of vectors) {
    if (v.length !== out.length) throw new Error("vector lengths don't match");
    for (let i = 0; i < out.length; i++) out[i] += v[i] / vectors.length;
  }
  return out;
}

/** The vector half of a hybrid search: its vector, source name and thresholds. */
export interface HybridVectorSource {
  /** `hybridVector`, `nearVector` or `nearText` (Weaviate's result-set names). */
  readonly name: string;
  readonly vector: readonly number[];
  readonly thresholds: { readonly certainty?: number; readonly distance?: number };
}

/**
 * Resolves the vector half of a hybrid search: `vector`, else the `nearVector` sub-search, else the
 * vectorized `nearText` sub-search, else the vectorized query; `undefined` (keyword only) without a
 * vectorizer and without a vector.
 */
export async function hybridVectorSource(
  search: HybridSearch,
  ctx: QueryVectorContext,
): Promise<HybridVectorSource | undefined> {
  if (search.vector && search.vector.length > 0) {
    return { name: "hybridVector", vector: search.vector, thresholds: {} };
  }
  if (search.nearVector) {
    const { vector, certainty, distance } = search.nearVector;
    return { name: "nearVector", vector, thresholds: { certainty, distance } };
  }
  if (search.nearText) {
    const { certainty, distance } = search.nearText;
    return {
      name: "nearText",
      vector: await nearTextVector(search.nearText, ctx),
      thresholds: { certainty, distance },
    };
  }
  if (!ctx.vectorizer || search.query.trim() === "") return undefined;
  return {
    name: "hybridVector",
    vector: await vectorizeMean([search.query], ctx, "hybrid"),
    thresholds: {},
  };
}
