/**
 * graphql-js 16's field collection (`execution/collectFields.js`, not exported), for the compiled
 * query path: the fields of a selection set by response key, in the order graphql-js executes
 * them, with `@skip` / `@include`, inline fragments and named fragments (each named fragment once
 * per collection) applied exactly as there. The schema has no interfaces or unions, so a type
 * condition matches when it names the object type itself.
 * @module
 */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  getDirectiveValues,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  GraphQLSkipDirective,
  Kind,
  type NamedTypeNode,
  type SelectionSetNode,
} from "graphql";

/** Fields by response key (alias or name), in execution order. */
export type CollectedFields = Map<string, FieldNode[]>;

/** What collecting needs besides the selection sets. */
export interface CollectContext {
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  /** Coerced variables (the compiled path has none: `{}`). */
  readonly variables: Readonly<Record<string, unknown>>;
}

function shouldInclude(
  node: Parameters<typeof getDirectiveValues>[1],
  ctx: CollectContext,
): boolean {
  if (!node.directives || node.directives.length === 0) return true;
  const vars = ctx.variables as Record<string, unknown>;
  if (getDirectiveValues(GraphQLSkipDirective, node, vars)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, vars)?.if !== false;
}

function conditionMatches(condition: NamedTypeNode | undefined, type: GraphQLObjectType): boolean {
  return !condition || condition.name.value === type.name;
}

function collectInto(
  set: SelectionSetNode,
  type: GraphQLObjectType,
  ctx: CollectContext,
  fields: CollectedFields,
  visited: Set<string>,
): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (!shouldInclude(sel, ctx)) continue;
      const key = sel.alias?.value ?? sel.name.value;
      const list = fields.get(key);
      if (list) list.push(sel);
      else fields.set(key, [sel]);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (!shouldInclude(sel, ctx) || !conditionMatches(sel.typeCondition, type)) continue;
      collectInto(sel.selectionSet, type, ctx, fields, visited);
    } else {
      const name = sel.name.value;
      if (visited.has(name) || !shouldInclude(sel, ctx)) continue;
      visited.add(name);
      const fragment = ctx.fragments[name];
      if (!fragment || !conditionMatches(fragment.typeCondition, type)) continue;
      collectInto(fragment.selectionSet, type, ctx, fields, visited);
    }
  }
}

/** The fields of one selection set (graphql-js `collectFields`). */
export function collectFields(
  set: SelectionSetNode,
  type: GraphQLObjectType,
  ctx: CollectContext,
): CollectedFields {
  const fields: CollectedFields = new Map();
  collectInto(set, type, ctx, fields, new Set());
  return fields;
}

/** The merged sub-fields of a field's nodes (graphql-js `collectSubfields`). */
export function collectSubfields(
  nodes: readonly FieldNode[],
  type: GraphQLObjectType,
  ctx: CollectContext,
): CollectedFields {
  const fields: CollectedFields = new Map();
  const visited = new Set<string>();
  for (const node of nodes) {
    if (node.selectionSet) collectInto(node.selectionSet, type, ctx, fields, visited);
  }
  return fields;
}
