/**
 * Class-field arguments of the compiled query path: graphql-js coerces a field's literal
 * arguments once per document shape (`getArgumentValues`, no variables), and each request gets a
 * copy with its vector literals put where graphql-js would have put them (`Vector` and `[Float]`
 * literals coerce to `Number(token)` per element, which is what the scanner read).
 * @module
 */
import {
  type FieldNode,
  getArgumentValues,
  getNullableType,
  type GraphQLField,
  type GraphQLInputType,
  isInputObjectType,
  isListType,
  Kind,
  type ValueNode,
} from "graphql";

/** Where one blanked vector list lands in the coerced arguments. */
export interface VectorSlot {
  /** Index of the list among the query's scanned lists (source order). */
  readonly list: number;
  /** Keys and list indices from the arguments object down to the vector. */
  readonly path: readonly (string | number)[];
}

/** A field's coerced arguments with the places its vectors go. */
export interface CompiledArgs {
  readonly base: Readonly<Record<string, unknown>>;
  readonly slots: readonly VectorSlot[];
  /** Values in `base` (the document cache's byte estimate). */
  readonly size: number;
}

function containsBlanked(node: ValueNode, blanked: ReadonlyMap<number, number>): boolean {
  if (!node.loc) return blanked.size > 0;
  for (const start of blanked.keys()) {
    if (start >= node.loc.start && start < node.loc.end) return true;
  }
  return false;
}

/**
 * Finds the slots of blanked lists below `node` (of input type `type`) the way `valueFromAST`
 * coerces: objects by field name, list literals by index, a single value for a list type as its
 * one element. False when a blanked list sits where no slot can describe it.
 */
function findSlots(
  node: ValueNode,
  type: GraphQLInputType,
  path: (string | number)[],
  blanked: ReadonlyMap<number, number>,
  slots: VectorSlot[],
): boolean {
  if (node.kind === Kind.LIST && node.loc && blanked.has(node.loc.start)) {
    slots.push({ list: blanked.get(node.loc.start)!, path: [...path] });
    return true;
  }
  const t = getNullableType(type);
  if (isListType(t)) {
    if (node.kind !== Kind.LIST) return findSlots(node, t.ofType, [...path, 0], blanked, slots);
    return node.values.every((v, i) => findSlots(v, t.ofType, [...path, i], blanked, slots));
  }
  if (isInputObjectType(t) && node.kind === Kind.OBJECT) {
    const defs = t.getFields();
    return node.fields.every((f) => {
      const def = defs[f.name.value];
      return def ? findSlots(f.value, def.type, [...path, def.name], blanked, slots) : false;
    });
  }
  return !containsBlanked(node, blanked);
}

function valueAt(base: unknown, path: readonly (string | number)[]): unknown {
  let v = base;
  for (const k of path) v = v == null ? undefined : (v as Record<string | number, unknown>)[k];
  return v;
}

function countValues(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countValues(x), 1);
  if (v !== null && typeof v === "object") {
    return Object.values(v).reduce((n: number, x) => n + countValues(x), 1);
  }
  return 1;
}

/**
 * Coerces `node`'s arguments (a field of the blanked document, `blanked`: offset of each blanked
 * list's `[` -> its index) once. Undefined when the compiled path cannot rebuild them per request;
 * throws what graphql-js would throw coercing them (the caller does not compile then).
 */
export function compileArgs(
  def: GraphQLField<unknown, unknown>,
  node: FieldNode,
  blanked: ReadonlyMap<number, number>,
): CompiledArgs | undefined {
  const base = getArgumentValues(def, node, {});
  const slots: VectorSlot[] = [];
  for (const arg of node.arguments ?? []) {
    const argDef = def.args.find((a) => a.name === arg.name.value);
    if (!argDef || !findSlots(arg.value, argDef.type, [argDef.name], blanked, slots)) {
      return undefined;
    }
  }
  // A blanked list coerces to an (empty) array; anything else means the walk disagrees with it.
  if (!slots.every((s) => Array.isArray(valueAt(base, s.path)))) return undefined;
  return { base, slots, size: countValues(base) };
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (v !== null && typeof v === "object") {
    // graphql-js builds argument and input objects without a prototype; keep that.
    const out = Object.create(Object.getPrototypeOf(v));
    for (const k of Object.keys(v)) out[k] = clone((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** A fresh copy of the coerced arguments with this request's vectors in their slots. */
export function argsFor(
  args: CompiledArgs,
  vectors: readonly (readonly number[])[],
): Record<string, unknown> {
  const out = clone(args.base) as Record<string, unknown>;
  for (const slot of args.slots) {
    let parent = out as Record<string | number, unknown>;
    for (let i = 0; i < slot.path.length - 1; i++) {
      parent = parent[slot.path[i]] as Record<string | number, unknown>;
    }
    parent[slot.path[slot.path.length - 1]] = [...vectors[slot.list]];
  }
  return out;
}
