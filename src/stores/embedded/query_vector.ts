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
 * @module
 */
import type { Move, NearTextSearch } from "../../plan.ts";
import type { Vectorizer } from "../../vectorizers/vectorizer.ts";
import type { VectorIndex } from "./vector_index.ts";

/** What query-vector resolution needs from the store. */
export interface QueryVectorContext {
  readonly className: string;
  readonly vectors: VectorIndex;
  readonly vectorizer?: Vectorizer;
  /** Position of the object with this id, if it exists. */
  readonly indexOf: (id: string) => number | undefined;
  readonly signal: AbortSignal;
}

/** The stored vector of object `id` (nearObject, move objects). */
export function objectVector(id: string, ctx: QueryVectorContext): number[] {
  const index = ctx.indexOf(id.toLowerCase());
  if (index === undefined) {
    throw new Error(`nearObject: no object with id ${id} in class ${ctx.className}`);
  }
  const v = ctx.vectors.vector(index);
  if (!v) throw new Error(`nearObject: object ${id} of class ${ctx.className} has no vector`);
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
  const vectors = await ctx.vectorizer.vectorize(texts, { signal: ctx.signal });
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
  return v;
}

async function moveTarget(move: Move, ctx: QueryVectorContext): Promise<number[] | undefined> {
  const parts: number[][] = [];
  if (move.concepts.length > 0) parts.push(await vectorizeMean(move.concepts, ctx, "nearText"));
  for (const o of move.objects) {
    const id = o.id ?? o.beacon?.split("/").at(-1);
    if (!id) throw new Error("movement: an object needs an id or a beacon");
    parts.push(objectVector(id, ctx));
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
