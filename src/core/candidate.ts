/**
 * What a store returns for one object, and the group shape built by `groupBy`.
 * @module
 */

/** One retrieved object with its search metadata. */
export interface Candidate {
  readonly id: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** The object's vector, when `_additional { vector }` was asked for. */
  readonly vector?: readonly number[];
  /** Vector distance (near* searches only). */
  readonly distance?: number;
  /** Certainty (near* with cosine only). */
  readonly certainty?: number;
  /** bm25 / hybrid score. */
  readonly score?: number;
  readonly explainScore?: string;
  /** Milliseconds since the epoch. */
  readonly creationTimeUnix?: number;
  readonly lastUpdateTimeUnix?: number;
}

/** A `groupBy` group: Weaviate's `_additional { group { ... } }`. */
export interface Group {
  readonly id: number;
  readonly groupedBy: { readonly path: readonly string[]; readonly value: string };
  readonly count: number;
  readonly minDistance: number;
  readonly maxDistance: number;
  readonly hits: readonly Candidate[];
}
