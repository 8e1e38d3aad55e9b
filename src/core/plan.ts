/**
 * The query plan: what one `Get { C(...) { ... } }` class field means, as plain immutable data.
 * Compiled from GraphQL by `src/graphql/plan_compiler.ts`; consumed by stores and the pipeline.
 * No GraphQL AST lives here, so every store and reranker can be tested without GraphQL.
 * @module
 */
import type { AdditionalField } from "./additional_fields.ts";

/** The search operator of a plan (Weaviate's `Get` search arguments). */
export type SearchKind = "list" | "nearVector" | "nearObject" | "nearText" | "bm25" | "hybrid";

/** Weaviate's `moveTo` / `moveAwayFrom` argument of `nearText`. */
export interface Move {
  readonly concepts: readonly string[];
  readonly objects: readonly { readonly id?: string; readonly beacon?: string }[];
  readonly force: number;
}

/** `nearText` arguments. */
export interface NearTextSearch {
  readonly kind: "nearText";
  readonly concepts: readonly string[];
  readonly certainty?: number;
  readonly distance?: number;
  readonly moveTo?: Move;
  readonly moveAwayFrom?: Move;
}

/** `nearVector` arguments. */
export interface NearVectorSearch {
  readonly kind: "nearVector";
  readonly vector: readonly number[];
  readonly certainty?: number;
  readonly distance?: number;
}

/** `nearObject` arguments (`beacon` is reduced to the id it points at). */
export interface NearObjectSearch {
  readonly kind: "nearObject";
  readonly id: string;
  readonly certainty?: number;
  readonly distance?: number;
}

/** bm25 keyword search. `properties` may carry `^boost` suffixes (`question^2`). */
export interface Bm25Search {
  readonly kind: "bm25";
  readonly query: string;
  readonly properties?: readonly string[];
  readonly operator?: "And" | "Or";
  readonly minimumOrTokensMatch?: number;
}

/** Hybrid (bm25 + vector) search with Weaviate's fusion algorithms. */
export interface HybridSearch {
  readonly kind: "hybrid";
  readonly query: string;
  /** 0 = pure keyword, 1 = pure vector. Weaviate's default 0.75. */
  readonly alpha: number;
  readonly fusionType: "rankedFusion" | "relativeScoreFusion";
  readonly properties?: readonly string[];
  /** Explicit vector for the vector half; otherwise the query (or nearText) is vectorized. */
  readonly vector?: readonly number[];
  readonly maxVectorDistance?: number;
  readonly operator?: "And" | "Or";
  readonly minimumOrTokensMatch?: number;
  /** `searches: [{nearText}]` sub-search for the vector half. */
  readonly nearText?: Omit<NearTextSearch, "kind">;
  /** `searches: [{nearVector}]` sub-search for the vector half. */
  readonly nearVector?: Omit<NearVectorSearch, "kind">;
}

/** A plain fetch (no search operator). */
export interface ListSearch {
  readonly kind: "list";
}

/** One search operator with its arguments. */
export type Search =
  | ListSearch
  | NearVectorSearch
  | NearObjectSearch
  | NearTextSearch
  | Bm25Search
  | HybridSearch;

/** Weaviate `where` operators that compare a property with a value. */
export type CompareOperator =
  | "Equal"
  | "NotEqual"
  | "GreaterThan"
  | "GreaterThanEqual"
  | "LessThan"
  | "LessThanEqual"
  | "Like"
  | "ContainsAny"
  | "ContainsAll"
  | "ContainsNone"
  | "IsNull"
  | "WithinGeoRange";

/** Every {@link CompareOperator}, in Weaviate's order. */
export const COMPARE_OPERATORS: readonly CompareOperator[] = [
  "Equal",
  "NotEqual",
  "GreaterThan",
  "GreaterThanEqual",
  "LessThan",
  "LessThanEqual",
  "Like",
  "ContainsAny",
  "ContainsAll",
  "ContainsNone",
  "IsNull",
  "WithinGeoRange",
];

/** The typed value of a `where` leaf (`valueText`, `valueInt`, ...). Arrays for Contains*. */
export type FilterValue =
  | { readonly type: "text" | "string"; readonly value: string | readonly string[] }
  | { readonly type: "int" | "number"; readonly value: number | readonly number[] }
  | { readonly type: "boolean"; readonly value: boolean | readonly boolean[] }
  | { readonly type: "date"; readonly value: string | readonly string[] }
  | {
    readonly type: "geoRange";
    readonly value: {
      readonly latitude: number;
      readonly longitude: number;
      readonly maxDistance: number;
    };
  };

/** A Weaviate `where` filter tree. */
export type Filter =
  | { readonly operator: "And" | "Or"; readonly operands: readonly Filter[] }
  | { readonly operator: "Not"; readonly operands: readonly Filter[] }
  | {
    readonly operator: CompareOperator;
    /** Property path; `["id"]` / `["_id"]`, `["_creationTimeUnix"]` address metadata. */
    readonly path: readonly string[];
    readonly value: FilterValue;
  };

/** One `sort` entry. */
export interface SortSpec {
  readonly path: readonly string[];
  readonly order: "asc" | "desc";
}

/** `groupBy` argument. */
export interface GroupBySpec {
  readonly path: string;
  readonly groups: number;
  readonly objectsPerGroup: number;
}

export type { AdditionalField } from "./additional_fields.ts";

/** `_additional { rerank(property, query) }`, after Weaviate's "last selection wins" rule. */
export interface RerankSpec {
  /** Missing or empty: Weaviate's `no properties provided` error (only when results exist). */
  readonly property?: string;
  /** `""` when omitted (Weaviate parity: never the search query, unless `inheritQuery`). */
  readonly query: string;
  // The gateway's extensions (collections[].rerank); each absent = Weaviate's behaviour.
  /**
   * Properties or dotted paths joined (`\n`) into each document; replaces `property` when set.
   */
  readonly properties?: readonly string[];
  /** Candidates retrieved (offset 0) and reranked; then the `offset`/`limit` page is cut. */
  readonly window?: number;
  /** Results scoring below it are dropped. */
  readonly minScore?: number;
  /** Autocut on the rerank scores (> 0). */
  readonly autocut?: number;
  /** Longest wait for the reranker in ms. */
  readonly timeoutMs?: number;
  /** `retrievalOrder`: past `timeoutMs`, answer in retrieval order with an error entry. */
  readonly onTimeout?: "error" | "retrievalOrder";
}

/** What one class field of `Get` asks for. */
export interface QueryPlan {
  readonly collection: string;
  readonly search: Search;
  readonly filter?: Filter;
  readonly offset: number;
  /** Resolved page size (Weaviate's defaults applied by the compiler). */
  readonly limit: number;
  /** 0 = off. */
  readonly autocut: number;
  readonly after?: string;
  readonly sort?: readonly SortSpec[];
  readonly groupBy?: GroupBySpec;
  /** Properties to fetch: the selected ones plus the rerank property. */
  readonly properties: readonly string[];
  readonly additional: ReadonlySet<AdditionalField>;
  readonly rerank?: RerankSpec;
}
