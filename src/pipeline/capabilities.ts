/**
 * The one capability check of a plan against its store, before `retrieve`: search kind, where
 * filters and their leaf operators, groupBy, sort, the cursor and bm25 options. A refusal is a
 * coded error of the catalogue naming the class and what its store lacks.
 * @module
 */
import type { CompareOperator, Filter, QueryPlan } from "../core/plan.ts";
import type { RetrieverCapabilities } from "../core/retriever.ts";
import { queryError } from "../errors/query_errors.ts";

function firstOperator(
  filter: Filter,
  allowed: ReadonlySet<CompareOperator>,
): CompareOperator | undefined {
  if ("operands" in filter) {
    for (const f of filter.operands) {
      const found = firstOperator(f, allowed);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return allowed.has(filter.operator) ? undefined : filter.operator;
}

/** Throws the catalogue's error for the first thing `plan` needs that `caps` lacks. */
export function checkCapabilities(plan: QueryPlan, caps: RetrieverCapabilities): void {
  const c = plan.collection;
  const search = plan.search;
  if (!caps.modes.has(search.kind)) throw queryError("store_search", c, search.kind);
  if (plan.filter && !caps.filters) throw queryError("store_filters", c);
  if (plan.filter && caps.filterOperators) {
    const refused = firstOperator(plan.filter, caps.filterOperators);
    if (refused !== undefined) throw queryError("store_operator", c, refused);
  }
  if (plan.groupBy && !caps.groupBy) throw queryError("store_group_by", c);
  if (plan.sort?.length && !caps.sort) throw queryError("store_sort", c);
  if (plan.after !== undefined && !caps.cursor) throw queryError("store_cursor", c);
  const minimum = search.kind === "bm25" || search.kind === "hybrid"
    ? search.minimumOrTokensMatch ?? 1
    : 1;
  if (minimum > 1 && caps.bm25?.minimumOrTokensMatch === false) {
    throw queryError("store_bm25_option", c, "minimumOrTokensMatch");
  }
}
