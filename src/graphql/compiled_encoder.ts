/**
 * The compiled query path's response encoder: per validated selection, a plan that completes a
 * class field's source objects the way graphql-js 16 does (default field resolver, the scalars'
 * `serialize`, nulls, field errors with their locations and path, in graphql-js's order) and writes
 * the Weaviate JSON of the result in the same pass, keys sorted once at compile time. The bytes are
 * those of graphql-js `execute` followed by {@link toWeaviateJson}.
 * @module
 */
import {
  type FieldNode,
  getNullableType,
  GraphQLBoolean,
  GraphQLError,
  GraphQLInt,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLScalarType,
  GraphQLString,
  isListType,
  isNonNullType,
  isObjectType,
  locatedError,
} from "graphql";
import { type CollectContext, collectSubfields } from "./collect_fields.ts";
import { FloatScalar } from "./scalars.ts";
import { encodeScalar, encodeString, RawJson } from "./weaviate_json.ts";

/** How one output value is completed and written. */
export type OutputPlan = LeafPlan | ListPlan | ObjectPlan;

/** A scalar: its `serialize`, then Weaviate's scalar encoding. */
export interface LeafPlan {
  readonly kind: "leaf";
  readonly scalar: GraphQLScalarType;
}

/** A list: every item with `item`; `label` is `Parent.field` for graphql-js's iterable error. */
export interface ListPlan {
  readonly kind: "list";
  readonly item: OutputPlan;
  readonly label: string;
}

/** An object: its fields in byte order of their response keys. */
export interface ObjectPlan {
  readonly kind: "object";
  readonly fields: readonly FieldPlan[];
}

/** One field of an object plan. */
export interface FieldPlan {
  /** Response key (alias or name). */
  readonly key: string;
  /** `"key":`, after a comma unless first. */
  readonly prefix: string;
  /** The schema field the default resolver reads from the source object. */
  readonly fieldName: string;
  /** The merged field nodes (an error's locations). */
  readonly nodes: readonly FieldNode[];
  /** Position in graphql-js's execution order (errors are reported in that order). */
  readonly order: number;
  /** `__typename`: the encoded type name. */
  readonly typename?: string;
  readonly plan?: OutputPlan;
}

/** The scalars the schema's output types use: their `serialize` never returns null. */
const KNOWN_SCALARS: ReadonlySet<GraphQLScalarType> = new Set([
  GraphQLString,
  GraphQLInt,
  GraphQLBoolean,
  FloatScalar,
]);

/** Names the default resolver would find on every object or array (it would call them). */
function inheritedName(name: string): boolean {
  return name in Object.prototype || name in Array.prototype;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Counts the plan nodes built (the document cache's byte estimate). */
export interface PlanCounter {
  nodes: number;
}

/**
 * The plan of a value of `type` selected by `nodes` (a field of `parent` named `fieldName`), or
 * undefined when the compiled path does not cover it (then graphql-js executes the document).
 */
export function compileOutput(
  type: GraphQLOutputType,
  nodes: readonly FieldNode[],
  label: string,
  ctx: CollectContext,
  counter: PlanCounter,
): OutputPlan | undefined {
  counter.nodes++;
  if (isNonNullType(type)) return undefined; // The schema has none; their null rules differ.
  const t = getNullableType(type);
  if (isListType(t)) {
    const item = compileOutput(t.ofType, nodes, label, ctx, counter);
    return item && { kind: "list", item, label };
  }
  if (isObjectType(t)) return compileObject(t, nodes, ctx, counter);
  if (KNOWN_SCALARS.has(t as GraphQLScalarType)) {
    return { kind: "leaf", scalar: t as GraphQLScalarType };
  }
  return undefined;
}

function compileObject(
  type: GraphQLObjectType,
  nodes: readonly FieldNode[],
  ctx: CollectContext,
  counter: PlanCounter,
): ObjectPlan | undefined {
  const defs = type.getFields();
  const fields: Omit<FieldPlan, "prefix">[] = [];
  let order = 0;
  for (const [key, fieldNodes] of collectSubfields(nodes, type, ctx)) {
    const fieldName = fieldNodes[0].name.value;
    if (fieldName === "__typename") {
      fields.push({ key, fieldName, nodes: fieldNodes, order, typename: encodeString(type.name) });
    } else {
      const def = defs[fieldName];
      if (!def || def.resolve || inheritedName(fieldName)) return undefined;
      const plan = compileOutput(def.type, fieldNodes, `${type.name}.${fieldName}`, ctx, counter);
      if (!plan) return undefined;
      fields.push({ key, fieldName, nodes: fieldNodes, order, plan });
    }
    order++;
  }
  fields.sort((a, b) => byteOrder(a.key, b.key));
  return {
    kind: "object",
    fields: fields.map((f, i) => ({
      ...f,
      prefix: (i > 0 ? "," : "") + encodeString(f.key) + ":",
    })),
  };
}

/** The answer outgrew the byte limit: encoding stops (the route answers "response too large"). */
const CUT = Symbol("cut");

/** An encoding error (a non-finite float32): thrown where the text sits, as the encoder would. */
class EncodeFault {
  constructor(readonly error: unknown) {}
}

interface EncodeState {
  /** Response path of the value being written (an error's `path`). */
  readonly path: (string | number)[];
  /** Execution-order positions along the path (to put errors in graphql-js's order). */
  readonly order: number[];
  readonly errors: { readonly error: GraphQLError; readonly order: readonly number[] }[];
  readonly maxChars: number;
}

function isControl(err: unknown): boolean {
  return err === CUT || err instanceof EncodeFault;
}

function fieldError(err: unknown, nodes: readonly FieldNode[], st: EncodeState): string {
  if (isControl(err)) throw err;
  st.errors.push({ error: locatedError(err, nodes, [...st.path]), order: [...st.order] });
  return "null";
}

function encodeLeaf(plan: LeafPlan, value: unknown): string {
  const out = plan.scalar === GraphQLString && typeof value === "string"
    ? value
    : plan.scalar.serialize(value);
  try {
    return encodeScalar(out);
  } catch (err) {
    throw new EncodeFault(err);
  }
}

function encodeList(
  plan: ListPlan,
  value: unknown,
  nodes: readonly FieldNode[],
  st: EncodeState,
): string {
  if (
    typeof value !== "object" ||
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function"
  ) {
    throw new GraphQLError(
      `Expected Iterable, but did not find one for field "${plan.label}".`,
    );
  }
  let s = "[";
  let index = 0;
  for (const item of value as Iterable<unknown>) {
    if (index > 0) s += ",";
    st.path.push(index);
    st.order.push(index);
    try {
      s += encodeValue(plan.item, item, nodes, st);
    } catch (err) {
      s += fieldError(err, nodes, st);
    }
    st.path.pop();
    st.order.pop();
    index++;
    if (s.length > st.maxChars) throw CUT;
  }
  return s + "]";
}

function encodeObject(plan: ObjectPlan, value: unknown, st: EncodeState): string {
  // graphql-js's default resolver reads fields of objects (and functions) only.
  const source = typeof value === "object" ? value as Record<string, unknown> : undefined;
  let s = "{";
  for (const f of plan.fields) {
    s += f.prefix;
    if (f.typename !== undefined) {
      s += f.typename;
      continue;
    }
    const v = source?.[f.fieldName];
    if (typeof v === "function") {
      // The default resolver would call it; source objects are data (JSON, shape.ts), so this is
      // a bug, not a query's answer.
      throw new EncodeFault(new TypeError(`compiled query: ${f.fieldName} is a function`));
    }
    st.path.push(f.key);
    st.order.push(f.order);
    try {
      s += encodeValue(f.plan!, v, f.nodes, st);
    } catch (err) {
      s += fieldError(err, f.nodes, st);
    }
    st.path.pop();
    st.order.pop();
  }
  return s + "}";
}

function encodeValue(
  plan: OutputPlan,
  value: unknown,
  nodes: readonly FieldNode[],
  st: EncodeState,
): string {
  if (value instanceof Error) throw value;
  if (value === null || value === undefined) return "null";
  switch (plan.kind) {
    case "leaf":
      return encodeLeaf(plan, value);
    case "list":
      return encodeList(plan, value, nodes, st);
    case "object":
      return encodeObject(plan, value, st);
  }
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** A completed class field: its JSON and its field errors in graphql-js's order. */
export interface EncodedField {
  readonly json: RawJson;
  readonly errors: readonly GraphQLError[];
}

/**
 * Completes and encodes the value of one class field (`plan`, `nodes`, response `path`).
 * Throws what graphql-js's completion of the field itself would throw (a class-level error);
 * errors below it are collected. Stops once the text exceeds `maxChars`.
 */
export function encodeField(
  plan: OutputPlan,
  value: unknown,
  nodes: readonly FieldNode[],
  path: readonly (string | number)[],
  maxChars: number,
): EncodedField {
  const st: EncodeState = { path: [...path], order: [], errors: [], maxChars };
  let json: RawJson;
  try {
    const text = encodeValue(plan, value, nodes, st);
    json = text.length > maxChars ? new RawJson("", { tooLarge: true }) : new RawJson(text);
  } catch (err) {
    if (err === CUT) return { json: new RawJson("", { tooLarge: true }), errors: [] };
    if (err instanceof EncodeFault) {
      return { json: new RawJson("", { fault: err.error }), errors: [] };
    }
    throw err;
  }
  const errors = st.errors.length > 1
    ? [...st.errors].sort((a, b) => compareOrder(a.order, b.order))
    : st.errors;
  return { json, errors: errors.map((e) => e.error) };
}
