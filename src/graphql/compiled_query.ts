/**
 * The compiled form of a validated document, built once per document shape and cached with it:
 * for a single query operation without variables whose root fields are `Get` and `__typename`
 * (aliases, fragments, inline fragments and literal `@skip` / `@include` anywhere), each class
 * field's collection, coerced arguments with vector slots, selection and response encoder.
 * Anything else (variables, several operations, introspection, a field the encoder does not
 * cover) is not compiled and graphql-js executes it.
 * @module
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getLocation,
  type GraphQLList,
  type GraphQLObjectType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
} from "graphql";
import type { CollectionConfig } from "../config/types.ts";
import { type CollectContext, collectFields, collectSubfields } from "./collect_fields.ts";
import { compileArgs, type CompiledArgs } from "./compiled_args.ts";
import { compileOutput, type OutputPlan, type PlanCounter } from "./compiled_encoder.ts";
import type { WeaviateGraphQLError } from "./error_format.ts";
import { type ClassSelection, readClassSelection } from "./selection.ts";

/** One class field under a `Get`. */
export interface CompiledClassField {
  readonly kind: "class";
  /** Response key of the class field. */
  readonly key: string;
  /** Response key of its `Get`. */
  readonly getKey: string;
  readonly collection: CollectionConfig;
  readonly nodes: readonly FieldNode[];
  readonly args: CompiledArgs;
  readonly selection: ClassSelection;
  readonly locations: WeaviateGraphQLError["locations"];
  readonly output: OutputPlan;
}

/** `__typename` at the root or under `Get`. */
export interface CompiledTypename {
  readonly kind: "typename";
  readonly key: string;
  readonly value: string;
}

/** A root `Get` (or alias of it). */
export interface CompiledGet {
  readonly kind: "get";
  readonly key: string;
  readonly fields: readonly (CompiledClassField | CompiledTypename)[];
}

/** A compiled document. */
export interface CompiledQuery {
  /** The operation's name: a request naming another operation takes graphql-js's path. */
  readonly operationName?: string;
  readonly roots: readonly (CompiledGet | CompiledTypename)[];
  /** Estimated heap bytes of the compiled form. */
  readonly bytes: number;
}

/** Estimated heap bytes per plan node, per argument value, per class field (selection etc.). */
const BYTES_PER_PLAN_NODE = 256;
const BYTES_PER_ARG_VALUE = 64;
const BYTES_PER_CLASS_FIELD = 1024;

/** What {@link compileQuery} needs besides the document. */
export interface CompileOptions {
  readonly schema: GraphQLSchema;
  /** Configured collections by class name. */
  readonly collections: ReadonlyMap<string, CollectionConfig>;
  /** Offset of each blanked vector list's `[` -> its index among the scanned lists. */
  readonly blanked: ReadonlyMap<number, number>;
}

function locationsOf(node: FieldNode): WeaviateGraphQLError["locations"] {
  const at = node.loc ? getLocation(node.loc.source, node.loc.start) : undefined;
  return at ? [{ column: at.column, line: at.line }] : null;
}

function soleQuery(document: DocumentNode): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.length !== 1) return undefined;
  const op = ops[0] as OperationDefinitionNode;
  if (op.operation !== "query" || (op.variableDefinitions?.length ?? 0) > 0) return undefined;
  return op;
}

/**
 * Compiles a valid document (validated against `schema`), or returns undefined when the compiled
 * path does not cover it. Throws only where graphql-js would fail on it too (the caller then does
 * not compile).
 */
export function compileQuery(
  document: DocumentNode,
  opts: CompileOptions,
): CompiledQuery | undefined {
  const op = soleQuery(document);
  if (!op) return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  }
  const ctx: CollectContext = { fragments, variables: {} };
  const queryType = opts.schema.getQueryType()!;
  const getDef = queryType.getFields().Get;
  const getType = getDef.type as GraphQLObjectType;
  const counter: PlanCounter = { nodes: 0 };
  let argValues = 0;
  let classFields = 0;
  const roots: (CompiledGet | CompiledTypename)[] = [];
  for (const [key, nodes] of collectFields(op.selectionSet, queryType, ctx)) {
    const name = nodes[0].name.value;
    if (name === "__typename") {
      roots.push({ kind: "typename", key, value: queryType.name });
      continue;
    }
    if (name !== "Get") return undefined; // __schema, __type
    const fields: (CompiledClassField | CompiledTypename)[] = [];
    for (const [classKey, classNodes] of collectSubfields(nodes, getType, ctx)) {
      const className = classNodes[0].name.value;
      if (className === "__typename") {
        fields.push({ kind: "typename", key: classKey, value: getType.name });
        continue;
      }
      const def = getType.getFields()[className];
      const collection = opts.collections.get(className);
      if (!def || !collection) return undefined;
      const args = compileArgs(def, classNodes[0], opts.blanked);
      if (!args) return undefined;
      const classType = (def.type as GraphQLList<GraphQLObjectType>).ofType;
      const output = compileOutput(
        def.type,
        classNodes,
        `${getType.name}.${className}`,
        ctx,
        counter,
      );
      if (!output) return undefined;
      argValues += args.size;
      classFields++;
      fields.push({
        kind: "class",
        key: classKey,
        getKey: key,
        collection,
        nodes: classNodes,
        args,
        selection: readClassSelection(classNodes, classType, ctx),
        locations: locationsOf(classNodes[0]),
        output,
      });
    }
    roots.push({ kind: "get", key, fields });
  }
  return {
    operationName: op.name?.value,
    roots,
    bytes: BYTES_PER_PLAN_NODE * counter.nodes + BYTES_PER_ARG_VALUE * argValues +
      BYTES_PER_CLASS_FIELD * classFields,
  };
}
