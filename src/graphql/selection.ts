/**
 * Reads what a `Get { C { ... } }` class field selects: properties, `_additional` fields and the
 * effective `rerank(...)` arguments. Fragments and `@skip`/`@include` are honoured.
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

/** The fields of a selection set in document order, fragments flattened. */
export function fieldsOf(set: SelectionSetNode | undefined, ctx: SelectionContext): FieldNode[] {
  const out: FieldNode[] = [];
  const walk = (s: SelectionSetNode | undefined, seen: Set<string>) => {
    if (!s) return;
    for (const sel of s.selections) {
      if (!included(sel, ctx)) continue;
      if (sel.kind === Kind.FIELD) out.push(sel);
      else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet, seen);
      else if (sel.kind === Kind.FRAGMENT_SPREAD && !seen.has(sel.name.value)) {
        const frag = ctx.fragments[sel.name.value];
        if (frag) walk(frag.selectionSet, new Set([...seen, sel.name.value]));
      }
    }
  };
  walk(set, new Set());
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
  readonly rerank?: { readonly property?: string | null; readonly query?: string | null };
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
            rerank = getArgumentValues(def, a, ctx.variables as Record<string, unknown>) as {
              property?: string;
              query?: string;
            };
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
