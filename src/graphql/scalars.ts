/**
 * Scalars of the generated schema. `Float` replaces graphql-js's built-in one (same name, same
 * input coercion) so resolvers can hand back {@link Float32Value} boxes that the Weaviate JSON
 * encoder prints with float32 precision.
 * @module
 */
import { GraphQLFloat, GraphQLInt, GraphQLScalarType, GraphQLString, Kind } from "graphql";
import type { ValueNode } from "graphql";
import { Float32Value } from "../core/go_format.ts";

/** `Float`, passing float32 boxes through to the encoder untouched. */
export const FloatScalar: GraphQLScalarType = new GraphQLScalarType({
  name: "Float",
  description: GraphQLFloat.description,
  serialize: (v) => v instanceof Float32Value ? v : GraphQLFloat.serialize(v),
  parseValue: (v) => GraphQLFloat.parseValue(v),
  parseLiteral: (node, vars) => GraphQLFloat.parseLiteral(node, vars),
});

function numberLiteral(node: ValueNode): number | undefined {
  if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return Number(node.value);
  return undefined;
}

function vectorFromLiteral(node: ValueNode): number[] | number[][] | undefined {
  if (node.kind !== Kind.LIST) return undefined;
  const out: number[] = [];
  const nested: number[][] = [];
  for (const item of node.values) {
    if (item.kind === Kind.LIST) {
      const inner = vectorFromLiteral(item);
      if (!inner || inner.some((x) => Array.isArray(x))) return undefined;
      nested.push(inner as number[]);
    } else {
      const n = numberLiteral(item);
      if (n === undefined) return undefined;
      out.push(n);
    }
  }
  if (nested.length > 0 && out.length > 0) return undefined;
  return nested.length > 0 ? nested : out;
}

function vectorFromValue(value: unknown): number[] | number[][] {
  if (!Array.isArray(value)) throw new TypeError("Vector cannot represent a non-list value");
  if (value.every((x) => typeof x === "number" && Number.isFinite(x))) return value as number[];
  if (value.every((x) => Array.isArray(x) && x.every((y) => typeof y === "number"))) {
    return value as number[][];
  }
  throw new TypeError("Vector must be a list of numbers or a list of lists of numbers");
}

/**
 * nearVector's `vector`: `[Float]` or `[[Float]]` (Weaviate's custom scalar). Parsing the literal in
 * one pass is also much cheaper than validating a `[Float]` list element by element.
 */
export const VectorScalar: GraphQLScalarType = new GraphQLScalarType({
  name: "Vector",
  description: "A vector: [Float] or [[Float]] (multi-vector)",
  serialize: (v) => v,
  parseValue: vectorFromValue,
  parseLiteral: (node, vars) => {
    if (node.kind === Kind.VARIABLE) return vectorFromValue(vars?.[node.name.value]);
    return vectorFromLiteral(node);
  },
});

type Leaf = "Int" | "Float" | "Boolean" | "String";

function leafOf(kind: Leaf, node: ValueNode): unknown {
  switch (kind) {
    case "Int":
      return node.kind === Kind.INT ? GraphQLInt.parseLiteral(node) : undefined;
    case "Float":
      return node.kind === Kind.INT || node.kind === Kind.FLOAT ? Number(node.value) : undefined;
    case "Boolean":
      return node.kind === Kind.BOOLEAN ? node.value : undefined;
    case "String":
      return node.kind === Kind.STRING ? node.value : undefined;
  }
}

function leafValue(kind: Leaf, v: unknown): unknown {
  switch (kind) {
    case "Int":
      return GraphQLInt.parseValue(v);
    case "Float":
      return GraphQLFloat.parseValue(v);
    case "Boolean":
      if (typeof v !== "boolean") throw new TypeError(`Boolean cannot represent ${String(v)}`);
      return v;
    case "String":
      return GraphQLString.parseValue(v);
  }
}

/**
 * Weaviate's where-value scalars ("X or X[]"), named like Weaviate names them: `Int<path>`,
 * `Float<path>`, `Boolean<path>`, `Text<path>`, `TextString<path>`, `TextDate<path>`.
 */
export function whereValueScalar(name: string, kind: Leaf): GraphQLScalarType {
  return new GraphQLScalarType({
    name,
    description: `${kind} or ${kind}[]`,
    serialize: (v) => v,
    parseValue: (v) => Array.isArray(v) ? v.map((x) => leafValue(kind, x)) : leafValue(kind, v),
    parseLiteral: (node, vars) => {
      if (node.kind === Kind.VARIABLE) {
        const v = vars?.[node.name.value];
        return Array.isArray(v) ? v.map((x) => leafValue(kind, x)) : leafValue(kind, v);
      }
      if (node.kind === Kind.LIST) {
        const out = node.values.map((n) => leafOf(kind, n));
        return out.some((x) => x === undefined) ? undefined : out;
      }
      return leafOf(kind, node);
    },
  });
}
