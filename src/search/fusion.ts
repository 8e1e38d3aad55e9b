/**
 * Weaviate's hybrid fusion algorithms (`usecases/traverser/hybrid/hybrid_fusion.go`),
 * re-implemented from their behaviour.
 *
 * - `rankedFusion`: every list contributes `weight / (rank + 60)` (rank 0-based) per id.
 * - `relativeScoreFusion` (Weaviate's default): every list is min-max normalised to [0, 1] and
 *   multiplied by its weight; when all values of a list are equal, each contributes the full
 *   weight (Weaviate: "if all scores are identical min and max are the same => just set score to
 *   the weight"). The vector list is normalised on `1 - distance`, so the smallest distance gets 1.
 *
 * Fused scores are rounded to float32 as Weaviate stores them. The result is sorted by fused
 * score, descending; ties keep the order of first appearance (keyword list first, then vector
 * list). Weaviate breaks ties with an unstable sort on a secondary value, so any order is
 * Weaviate-compatible; a stable one keeps the gateway deterministic. Numbers in explain lines are
 * printed like Go's `%v` of a float32.
 * @module
 */
import { formatFloat32Go as fmt } from "../core/go_format.ts";

/** One entry of an input list: an id and its value (bm25 score, or vector distance). */
export interface FusionHit {
  readonly id: string;
  /** bm25 score for keyword lists; the vector distance for vector lists. */
  readonly value: number;
  /**
   * Explanation carried over from the sub-search (bm25's explainScore); a function is called only
   * when the fused hit's explanation is read.
   */
  readonly explain?: string | (() => string);
}

/** One input list, in its own relevance order (best first). */
export interface FusionList {
  /** `keyword` or `vector`, as in Weaviate's explain text. */
  readonly name: string;
  readonly weight: number;
  /** `score`: higher is better (bm25). `distance`: lower is better (vector). */
  readonly kind: "score" | "distance";
  readonly hits: readonly FusionHit[];
}

/** One fused result. */
export interface FusedHit {
  readonly id: string;
  readonly score: number;
  /** Weaviate-style explanation, one line per contributing list. */
  readonly explainScore: string;
}

/** One explanation line, or how to make it (formatted only when the explanation is read). */
type Line = string | (() => string);

interface Accumulator {
  id: string;
  score: number;
  lines: Line[];
}

const f = Math.fround;

/**
 * Reciprocal rank fusion with Weaviate's k = 60. Explain lines read
 * `Hybrid (Result Set <name>) Document <id> contributed <score> to the score`.
 */
export function rankedFusion(lists: readonly FusionList[]): FusedHit[] {
  const acc = new Map<string, Accumulator>();
  for (const list of lists) {
    list.hits.forEach((hit, rank) => {
      const contribution = f(list.weight / (rank + 60));
      const entry = upsert(acc, hit);
      entry.score = f(entry.score + contribution);
      entry.lines.push(() =>
        `Hybrid (Result Set ${list.name}) Document ${hit.id} contributed ${
          fmt(contribution)
        } to the score`
      );
    });
  }
  return finish(acc);
}

/**
 * Relative score fusion. Explain lines read `Hybrid (Result Set <name>) Document <id>: original
 * score <value>, normalized score: <weighted normalised value>` where the original score of a
 * vector hit is `1 - distance`, as in Weaviate.
 */
export function relativeScoreFusion(lists: readonly FusionList[]): FusedHit[] {
  const acc = new Map<string, Accumulator>();
  for (const list of lists) {
    if (list.hits.length === 0) continue;
    const values = list.hits.map((h) => f(list.kind === "distance" ? 1 - h.value : h.value));
    let min = values[0], max = values[0];
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    list.hits.forEach((hit, i) => {
      const normalised = max === min
        ? f(list.weight)
        : f(f(list.weight) * f((values[i] - min) / (max - min)));
      const entry = upsert(acc, hit);
      entry.score = f(entry.score + normalised);
      entry.lines.push(() =>
        `Hybrid (Result Set ${list.name}) Document ${hit.id}: original score ${
          fmt(values[i])
        }, normalized score: ${fmt(normalised)}`
      );
    });
  }
  return finish(acc);
}

function upsert(acc: Map<string, Accumulator>, hit: FusionHit): Accumulator {
  let entry = acc.get(hit.id);
  if (!entry) {
    entry = { id: hit.id, score: 0, lines: hit.explain ? [hit.explain] : [] };
    acc.set(hit.id, entry);
  } else if (hit.explain) {
    entry.lines.push(hit.explain);
  }
  return entry;
}

/**
 * A fused hit whose explanation is formatted when first read: a window holds up to 200 hits, a
 * page shows a few, and formatting float32 numbers the Go way costs more than the fusion.
 */
class Fused implements FusedHit {
  readonly id: string;
  readonly score: number;
  #lines: Line[] | string;

  constructor(e: Accumulator) {
    this.id = e.id;
    this.score = e.score;
    this.#lines = e.lines;
  }

  get explainScore(): string {
    if (typeof this.#lines !== "string") {
      this.#lines = this.#lines.map((l) => typeof l === "string" ? l : l()).join("\n");
    }
    return this.#lines;
  }
}

function finish(acc: Map<string, Accumulator>): FusedHit[] {
  // Array.prototype.sort is stable, so ties keep insertion (first appearance) order.
  return [...acc.values()].sort((a, b) => b.score - a.score).map((e) => new Fused(e));
}
