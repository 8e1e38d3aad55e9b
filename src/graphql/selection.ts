/**
 * Reads what a `Get { C { ... } }` class field selects: properties, `_additional` fields and the
 * effective `rerank(...)` arguments. Fragments and `@skip`/`@include` are honoured; each fragment
 * is expanded once per selection set (see {@link fieldsOf}).
 * @module
 */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  GraphQLSkipDirective,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";

/** Context needed to walk selections. */
export interface SelectionContext {
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly variables: Readonly<Record<string, unknown>>;
}

function included(node: { directives?: readonly unknown[] }, ctx: SelectionContext): boolean {
  if (!node.directives || node.directives.length === 0) return true;
  // deno-lint-ignore no-explicit-any
  const n = node as any;
  const skip = getDirectiveValues(
    GraphQLSkipDirective,
    n,
    ctx.variables as Record<string, unknown>,
  );
  if (skip?.if === true) return false;
  const include = getDirectiveValues(
    GraphQLIncludeDirective,
    n,
    ctx.variables as Record<string, unknown>,
  );
  return include?.if !== false;
}

/**
 * The fields of a selection set in document order, fragments flattened the way graphql-js
 * collects fields: each named fragment is expanded at most once per selection set (a repeated
 * spread adds nothing new), so nested spreads cannot multiply the work (`F1 { ...F0 ...F0 }`,
 * `F2 { ...F1 ...F1 }`, ... was 2^levels fields). The walk is iterative, so long fragment chains
 * cannot overflow the stack either; the cost is linear in the document.
 */
export function fieldsOf(set: SelectionSetNode | undefined, ctx: SelectionContext): FieldNode[] {
  const out: FieldNode[] = [];
  if (!set) return out;
  const visited = new Set<string>();
  const stack: Iterator<SelectionNode>[] = [set.selections[Symbol.iterator]()];
  while (stack.length > 0) {
    const next = stack[stack.length - 1].next();
    if (next.done) {
      stack.pop();
      continue;
    }
    const sel = next.value;
    if (sel.kind === Kind.FRAGMENT_SPREAD && visited.has(sel.name.value)) continue;
    if (!included(sel, ctx)) continue;
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) {
      stack.push(sel.selectionSet.selections[Symbol.iterator]());
    } else {
      visited.add(sel.name.value);
      const frag = ctx.fragments[sel.name.value];
      if (frag) stack.push(frag.selectionSet.selections[Symbol.iterator]());
    }
  }
  return out;
}

/** What one class field selects. */
export interface ClassSelection {
  /** Selected top-level property names (document order, unique). */
  readonly properties: string[];
  /** Property names selected inside `_additional { group { hits { ... } } }`. */
  readonly hitProperties: string[];
  /** Selected `_additional` field names. */
  readonly additional: Set<string>;
  /** Arguments of the effective `rerank` selection: the last one in selection order wins. */
  readonly rerank?: RerankArgs;
}

/** The coerced arguments of one `rerank(...)` selection (the extensions only when enabled). */
export interface RerankArgs {
  readonly property?: string | null;
  readonly query?: string | null;
  readonly properties?: readonly (string | null)[] | null;
  readonly window?: number | null;
  readonly minScore?: number | null;
  readonly autocut?: number | null;
  readonly inheritQuery?: boolean | null;
  readonly timeoutMs?: number | null;
  readonly onTimeout?: "error" | "retrievalOrder" | null;
}

/** Collects a class field's selection (all of `fieldNodes`, merged as graphql-js merges them). */
export function readClassSelection(
  fieldNodes: readonly FieldNode[],
  classType: GraphQLObjectType,
  ctx: SelectionContext,
): ClassSelection {
  const properties = new Set<string>();
  const hitProperties = new Set<string>();
  const additional = new Set<string>();
  let rerank: ClassSelection["rerank"];
  const additionalType = classType.getFields()._additional?.type as GraphQLObjectType | undefined;
  for (const node of fieldNodes) {
    for (const f of fieldsOf(node.selectionSet, ctx)) {
      const name = f.name.value;
      if (name === "__typename") continue;
      if (name !== "_additional") {
        properties.add(name);
        continue;
      }
      for (const a of fieldsOf(f.selectionSet, ctx)) {
        const an = a.name.value;
        if (an === "__typename") continue;
        additional.add(an);
        if (an === "rerank" && additionalType && "getFields" in additionalType) {
          const def = additionalType.getFields().rerank;
          if (def) {
            rerank = getArgumentValues(
              def,
              a,
              ctx.variables as Record<string, unknown>,
            ) as RerankArgs;
          }
        }
        if (an === "group") {
          for (const g of fieldsOf(a.selectionSet, ctx)) {
            if (g.name.value !== "hits") continue;
            for (const h of fieldsOf(g.selectionSet, ctx)) {
              if (h.name.value !== "_additional" && h.name.value !== "__typename") {
                hitProperties.add(h.name.value);
              }
            }
          }
        }
      }
    }
  }
  return {
    properties: [...properties],
    hitProperties: [...hitProperties],
    additional,
    rerank,
  };
}
