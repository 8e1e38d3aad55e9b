/**
 * The `_additional` fields of `Get` (besides `rerank`, which comes with a reranker module): one
 * list that the plan compiler, the schema builder and the shaper all read
 * (`src/graphql/additional_table.ts` says each field's GraphQL type and value).
 * @module
 */

/** Every `_additional` field a plan can ask for, in Weaviate's order. */
export const ADDITIONAL_FIELDS = [
  "id",
  "vector",
  "distance",
  "certainty",
  "score",
  "explainScore",
  "creationTimeUnix",
  "lastUpdateTimeUnix",
  "group",
] as const;

/** One `_additional` field a store may need to compute. */
export type AdditionalField = typeof ADDITIONAL_FIELDS[number];

const NAMES: ReadonlySet<string> = new Set(ADDITIONAL_FIELDS);

/** True when `name` is an {@link AdditionalField}. */
export function isAdditionalField(name: string): name is AdditionalField {
  return NAMES.has(name);
}

/** The fields of one plan: a set that serialises as a list (so a logged plan shows them). */
export class AdditionalFields extends Set<AdditionalField> {
  /** `["id", "distance"]` in JSON. */
  toJSON(): AdditionalField[] {
    return [...this];
  }
}
