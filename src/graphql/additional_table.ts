/**
 * The `_additional` table: for each field of `core/additional_fields.ts`, its GraphQL type on
 * `{C}Additional` and how a result's value is shaped. The schema builder and the shaper read this
 * table; the plan compiler reads the field list. Adding a field = its name in the list, an entry
 * here, and the stores that can compute it.
 * @module
 */
import {
  type GraphQLFieldConfigMap,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  type GraphQLOutputType,
  GraphQLString,
} from "graphql";
import type { AdditionalField } from "../core/additional_fields.ts";
import type { Candidate } from "../core/candidate.ts";
import { Float32Value, formatFloat32Go } from "../core/go_format.ts";
import type { QueryPlan, SearchKind } from "../core/plan.ts";
import { queryError } from "../errors/query_errors.ts";
import { FloatScalar } from "./scalars.ts";

/** What a field's type may depend on: the class and its property fields (for group hits). */
export interface AdditionalTypeContext {
  readonly className: string;
  readonly properties: GraphQLFieldConfigMap<unknown, unknown>;
}

/** One row of the table. */
export interface AdditionalFieldSpec {
  /** The field's GraphQL type on `{C}Additional`. */
  readonly type: (ctx: AdditionalTypeContext) => GraphQLOutputType;
  /**
   * The field's value for one result, or `undefined` when not populated (the key is omitted).
   * Absent: the field is not a per-object value (`group` comes from the grouped page item).
   */
  readonly value?: (candidate: Candidate, plan: QueryPlan) => unknown;
}

function isVectorSearch(kind: SearchKind): boolean {
  return kind === "nearVector" || kind === "nearObject" || kind === "nearText";
}

/** A float32 list as Weaviate prints it, or `null`. */
export function vectorValue(v: readonly number[] | undefined): Float32Value[] | null {
  return v ? v.map((x) => new Float32Value(x)) : null;
}

/**
 * A distance as float32. Finite query vectors can still overflow it (l2-squared of 3e38 is 9e76);
 * Weaviate's JSON cannot carry the result, so the class fails instead of the whole response.
 */
export function distanceValue(d: number): Float32Value {
  const f = new Float32Value(d);
  if (!Number.isFinite(f.value)) throw queryError("distance_overflow", d);
  return f;
}

function groupType({ className: C, properties }: AdditionalTypeContext): GraphQLOutputType {
  const hitsAdditional = new GraphQLObjectType({
    name: `${C}AdditionalGroupHitsAdditional`,
    fields: {
      id: { type: GraphQLString },
      vector: { type: new GraphQLList(FloatScalar) },
      distance: { type: FloatScalar },
    },
  });
  return new GraphQLObjectType({
    name: `${C}AdditionalGroup`,
    fields: {
      id: { type: GraphQLInt },
      groupedBy: {
        type: new GraphQLObjectType({
          name: `${C}AdditionalGroupGroupedBy`,
          fields: {
            path: { type: new GraphQLList(GraphQLString) },
            value: { type: GraphQLString },
          },
        }),
      },
      minDistance: { type: FloatScalar },
      maxDistance: { type: FloatScalar },
      count: { type: GraphQLInt },
      hits: {
        type: new GraphQLList(
          new GraphQLObjectType({
            name: `${C}AdditionalGroupHits`,
            fields: { ...properties, _additional: { type: hitsAdditional } },
          }),
        ),
      },
    },
  });
}

const string = () => GraphQLString;
const float = () => FloatScalar;

/** Every `_additional` field: type and value. */
export const ADDITIONAL_TABLE: { readonly [K in AdditionalField]: AdditionalFieldSpec } = {
  id: { type: string, value: (c) => c.id },
  vector: {
    type: () => new GraphQLList(FloatScalar),
    value: (c) => c.vector && vectorValue(c.vector),
  },
  distance: {
    type: float,
    value: (c, plan) =>
      isVectorSearch(plan.search.kind) && c.distance !== undefined
        ? distanceValue(c.distance)
        : undefined,
  },
  certainty: {
    type: float,
    value: (c, plan) => isVectorSearch(plan.search.kind) ? c.certainty : undefined,
  },
  score: { type: string, value: (c) => formatFloat32Go(c.score ?? 0) },
  explainScore: { type: string, value: (c) => c.explainScore ?? "" },
  creationTimeUnix: {
    type: string,
    value: (c) => c.creationTimeUnix === undefined ? undefined : String(c.creationTimeUnix),
  },
  lastUpdateTimeUnix: {
    type: string,
    value: (c) => c.lastUpdateTimeUnix === undefined ? undefined : String(c.lastUpdateTimeUnix),
  },
  group: { type: groupType },
};
