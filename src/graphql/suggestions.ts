/**
 * graphql-go's "Did you mean" suggestions (tailor-platform/graphql `rules.go`, Weaviate's GraphQL
 * library), used in place of graphql-js's: options within a Levenshtein distance of
 * `max(len(input)/2, len(option)/2, 1)` (integer halves; graphql-js allows
 * `floor(0.4 * len(input)) + 1` with case-insensitive, transposition-aware distances), best
 * first, at most five in the text (`quotedOrList`).
 * @module
 */
import { type GraphQLSchema, isInputObjectType, isInterfaceType, isObjectType } from "graphql";

/** Plain Levenshtein distance (graphql-go's `lexicalDistance`; its transposition case never fires). */
function lexicalDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let k = 1; k <= b.length; k++) {
      const cost = a[i - 1] === b[k - 1] ? 0 : 1;
      row[k] = Math.min(prev[k] + 1, row[k - 1] + 1, prev[k - 1] + cost);
    }
    prev = row;
  }
  return prev[b.length];
}

/** graphql-go's `suggestionList`: the options close enough to `input`, closest first (stable). */
export function suggestionList(input: string, options: readonly string[]): string[] {
  const inputThreshold = Math.floor(input.length / 2);
  const found: { option: string; distance: number }[] = [];
  for (const option of options) {
    const distance = lexicalDistance(input, option);
    const threshold = Math.max(inputThreshold, Math.floor(option.length / 2), 1);
    if (distance <= threshold) found.push({ option, distance });
  }
  return found.sort((x, y) => x.distance - y.distance).map((f) => f.option);
}

/** graphql-go's `quotedOrList`: `"a"`, `"a" or "b"`, `"a", "b", or "c"` (at most five). */
export function quotedOrList(items: readonly string[]): string {
  const quoted = items.slice(0, 5).map((s) => `"${s}"`);
  if (quoted.length > 2) return `${quoted.slice(0, -1).join(", ")}, or ${quoted.at(-1)}`;
  return quoted.join(" or ");
}

function fieldNames(schema: GraphQLSchema, typeName: string): string[] | undefined {
  const type = schema.getType(typeName);
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    return Object.keys(type.getFields());
  }
  return undefined;
}

function argumentNames(
  schema: GraphQLSchema,
  typeName: string,
  field: string,
): string[] | undefined {
  const type = schema.getType(typeName);
  if (!isObjectType(type) && !isInterfaceType(type)) return undefined;
  return type.getFields()[field]?.args.map((a) => a.name);
}

function withSuggestions(head: string, input: string, options: string[] | undefined): string {
  if (!options) return head;
  const list = suggestionList(input, options);
  return list.length > 0 ? `${head} Did you mean ${quotedOrList(list)}?` : head;
}

const UNDEFINED_FIELD =
  /^(Cannot query field "([^"]+)" on type "([^"]+)"\.)(?: Did you mean .*\?)?$/s;
const UNKNOWN_ARGUMENT =
  /^(Unknown argument "([^"]+)" on field "([^"]+)" of type "([^"]+)"\.)(?: Did you mean .*\?)?$/s;
const UNKNOWN_TYPE = /^(Unknown type "([^"]+)"\.)(?: Did you mean .*\?)?$/s;

/**
 * Replaces graphql-js's suggestions in an (already graphql-go-worded) validation message with
 * graphql-go's; other messages are returned unchanged.
 */
export function goSuggestions(message: string, schema: GraphQLSchema): string {
  let m = message.match(UNDEFINED_FIELD);
  if (m) return withSuggestions(m[1], m[2], fieldNames(schema, m[3]));
  m = message.match(UNKNOWN_ARGUMENT);
  if (m) return withSuggestions(m[1], m[2], argumentNames(schema, m[4], m[3]));
  m = message.match(UNKNOWN_TYPE);
  if (m) return withSuggestions(m[1], m[2], Object.keys(schema.getTypeMap()));
  return message;
}
