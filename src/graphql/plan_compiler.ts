/**
 * Compiles one `Get { C(...) { ... } }` class field (coerced arguments + selection) into a
 * {@link QueryPlan}, applying Weaviate's defaults, conflict rules and error texts.
 * @module
 */
import type { CollectionConfig, LimitsConfig } from "../config/types.ts";
import type {
  Filter,
  FilterValue,
  GroupBySpec,
  Move,
  QueryPlan,
  RerankSpec,
  Search,
  SortSpec,
} from "../core/plan.ts";
import { AdditionalFields, isAdditionalField } from "../core/additional_fields.ts";
import { queryError } from "../errors/query_errors.ts";
import { requireFinite, requireFiniteVector } from "./finite_numbers.ts";
import type { ClassSelection, RerankArgs } from "./selection.ts";

// deno-lint-ignore no-explicit-any
type Args = Record<string, any>;

const NEAR_ARGS = ["nearVector", "nearObject", "nearText"] as const;

function idFromBeacon(beacon: string): string {
  return beacon.split("/").filter(Boolean).at(-1) ?? "";
}

function certaintyOrDistance(
  a: Args,
  search: string,
): { certainty?: number; distance?: number } {
  if (a.certainty != null && a.distance != null) {
    throw queryError("distance_and_certainty");
  }
  requireFinite(a.certainty, search, "certainty");
  requireFinite(a.distance, search, "distance");
  return {
    ...(a.certainty != null ? { certainty: a.certainty } : {}),
    ...(a.distance != null ? { distance: a.distance } : {}),
  };
}

function move(a: Args | undefined, name: string): Move | undefined {
  if (!a) return undefined;
  requireFinite(a.force, "nearText", `${name}.force`);
  return {
    concepts: (a.concepts ?? []).filter((x: unknown) => typeof x === "string"),
    objects: (a.objects ?? []).map((o: Args) => ({
      id: o?.id ?? undefined,
      beacon: o?.beacon ?? undefined,
    })),
    force: a.force,
  };
}

function nearVector(a: Args): Search {
  if (a.vector == null) throw queryError("near_vector_missing");
  if (Array.isArray(a.vector[0])) {
    throw queryError("multi_vector");
  }
  requireFiniteVector(a.vector, "nearVector");
  return { kind: "nearVector", vector: a.vector, ...certaintyOrDistance(a, "nearVector") };
}

function nearText(a: Args): Search & { kind: "nearText" } {
  return {
    kind: "nearText",
    concepts: (a.concepts ?? []).filter((x: unknown) => typeof x === "string"),
    ...certaintyOrDistance(a, "nearText"),
    ...(a.moveTo ? { moveTo: move(a.moveTo, "moveTo") } : {}),
    ...(a.moveAwayFrom ? { moveAwayFrom: move(a.moveAwayFrom, "moveAwayFrom") } : {}),
  };
}

function searchOf(args: Args): Search {
  const near = NEAR_ARGS.filter((n) => args[n] != null);
  if (args.bm25 != null) {
    if (near.length > 0) {
      throw queryError("near_and_bm25");
    }
    const b = args.bm25 as Args;
    if (typeof b.query !== "string" || b.query === "") {
      throw queryError("bm25_query_missing");
    }
    return {
      kind: "bm25",
      query: b.query,
      ...(b.properties
        ? { properties: b.properties.filter((p: unknown) => typeof p === "string") }
        : {}),
      ...(b.searchOperator?.operator ? { operator: b.searchOperator.operator } : {}),
      ...(b.searchOperator?.minimumOrTokensMatch != null
        ? { minimumOrTokensMatch: b.searchOperator.minimumOrTokensMatch }
        : {}),
    };
  }
  if (near.length > 1) {
    throw queryError("near_conflict", near[0], near[1]);
  }
  if (near[0] === "nearVector") return nearVector(args.nearVector);
  if (near[0] === "nearObject") {
    const o = args.nearObject as Args;
    const id = o.id ?? (o.beacon ? idFromBeacon(o.beacon) : undefined);
    if (!id) throw queryError("near_object_no_id");
    return { kind: "nearObject", id, ...certaintyOrDistance(o, "nearObject") };
  }
  if (near[0] === "nearText") return nearText(args.nearText);
  if (args.hybrid != null) return hybridOf(args.hybrid);
  return { kind: "list" };
}

function hybridOf(h: Args): Search {
  const alpha = h.alpha ?? 0.75;
  if (Array.isArray(h.vector)) requireFiniteVector(h.vector, "hybrid");
  requireFinite(h.maxVectorDistance, "hybrid", "maxVectorDistance");
  if (alpha < 0 || alpha > 1) throw queryError("hybrid_alpha");
  const sub = Array.isArray(h.searches) && h.searches.length > 0
    ? h.searches[0] as Args
    : undefined;
  if (sub?.nearText && sub?.nearVector) {
    throw queryError("hybrid_two_searches");
  }
  if (h.vector != null && (sub?.nearText || sub?.nearVector)) {
    throw queryError("hybrid_vector_and_search");
  }
  const { kind: _t, ...nt } = sub?.nearText ? nearText(sub.nearText) : { kind: "nearText" };
  const nv = sub?.nearVector ? nearVector(sub.nearVector) : undefined;
  return {
    kind: "hybrid",
    query: typeof h.query === "string" ? h.query : "",
    alpha,
    fusionType: h.fusionType ?? "relativeScoreFusion",
    ...(h.properties
      ? { properties: h.properties.filter((p: unknown) => typeof p === "string") }
      : {}),
    ...(h.vector != null ? { vector: h.vector } : {}),
    ...(h.maxVectorDistance != null ? { maxVectorDistance: h.maxVectorDistance } : {}),
    ...(h.bm25SearchOperator?.operator ? { operator: h.bm25SearchOperator.operator } : {}),
    ...(h.bm25SearchOperator?.minimumOrTokensMatch != null
      ? { minimumOrTokensMatch: h.bm25SearchOperator.minimumOrTokensMatch }
      : {}),
    ...(sub?.nearText ? { nearText: nt as Omit<ReturnType<typeof nearText>, "kind"> } : {}),
    ...(nv && nv.kind === "nearVector"
      ? { nearVector: { vector: nv.vector, certainty: nv.certainty, distance: nv.distance } }
      : {}),
  };
}

const VALUE_KEYS = [
  ["valueInt", "int"],
  ["valueNumber", "number"],
  ["valueBoolean", "boolean"],
  ["valueString", "string"],
  ["valueText", "text"],
  ["valueDate", "date"],
  ["valueGeoRange", "geoRange"],
] as const;

/** Converts a `where` argument into a {@link Filter}. */
export function filterOf(w: Args): Filter {
  const op = w.operator as string | undefined;
  if (!op) throw queryError("filter_no_operator");
  if (op === "And" || op === "Or" || op === "Not") {
    const operands = (w.operands ?? []) as Args[];
    if (operands.length === 0) {
      throw queryError("filter_no_operands", op);
    }
    return { operator: op, operands: operands.map(filterOf) };
  }
  const path = (w.path ?? []) as string[];
  if (path.length === 0) throw queryError("filter_no_path");
  const given = VALUE_KEYS.filter(([k]) => w[k] != null);
  if (given.length !== 1) {
    throw (given.length === 0
      ? queryError("filter_no_value", op)
      : queryError("filter_many_values"));
  }
  const [key, type] = given[0];
  let value: FilterValue;
  if (type === "geoRange") {
    const g = w[key] as Args;
    value = {
      type,
      value: {
        latitude: g.geoCoordinates.latitude,
        longitude: g.geoCoordinates.longitude,
        maxDistance: g.distance.max,
      },
    };
  } else {
    value = { type, value: w[key] } as FilterValue;
  }
  return {
    operator: op as Exclude<Filter["operator"], "And" | "Or" | "Not">,
    path,
    value,
  } as Filter;
}

function sortOf(s: Args[] | undefined): SortSpec[] | undefined {
  if (!s || s.length === 0) return undefined;
  return s.map((e) => ({
    path: (e.path ?? []) as string[],
    order: (e.order ?? "asc") as "asc" | "desc",
  }));
}

function groupByOf(g: Args | undefined): GroupBySpec | undefined {
  if (!g) return undefined;
  const path = (g.path as string[]).filter(Boolean);
  if (path.length !== 1) throw queryError("group_by_path");
  return { path: path[0], groups: g.groups, objectsPerGroup: g.objectsPerGroup };
}

function usesDistanceSearch(search: Search): boolean {
  return (search.kind === "nearVector" || search.kind === "nearObject" ||
    search.kind === "nearText") &&
    (search.certainty != null || search.distance != null);
}

function resolveLimit(args: Args, search: Search, limits: LimitsConfig): number {
  const given = typeof args.limit === "number" && args.limit >= 0 ? args.limit : undefined;
  if (given !== undefined) return given;
  if (usesDistanceSearch(search)) return limits.queryMaximumResults;
  if (args.offset != null || args.autocut != null) return limits.queryDefaultsLimit;
  if (search.kind === "hybrid") return limits.queryHybridMaximumResults;
  return limits.queryDefaultsLimitGraphQL;
}

/** The text a search was made with (what `inheritQuery` reranks with); `""` when none. */
export function searchText(search: Search): string {
  switch (search.kind) {
    case "bm25":
      return search.query;
    case "hybrid":
      return search.query !== "" ? search.query : (search.nearText?.concepts.join(" ") ?? "");
    case "nearText":
      return search.concepts.join(" ");
    default:
      return "";
  }
}

/**
 * The effective rerank spec: Weaviate's two arguments, plus the gateway's extensions when the
 * class enables them (`collections[].rerank`), a query argument winning over its config default.
 */
function rerankOf(
  collection: CollectionConfig,
  a: RerankArgs,
  page: {
    search: Search;
    offset: number;
    limit: number;
    groupBy?: GroupBySpec;
    limits: LimitsConfig;
  },
): RerankSpec {
  const base = {
    ...(a.property ? { property: a.property } : {}),
    query: a.query ?? "",
  };
  const conf = collection.rerank;
  if (!conf) return base;
  const pick = <T>(v: T | null | undefined, d: T | undefined): T | undefined => v ?? d;
  const inherit = pick(a.inheritQuery, conf.inheritQuery) === true;
  const query = a.query ?? (inherit ? searchText(page.search) : "");
  const given = (a.properties ?? []).filter((p): p is string => typeof p === "string" && p !== "");
  if (a.property && given.length > 0) throw queryError("rerank_property_and_properties");
  const properties = given.length > 0 ? given : a.property ? undefined : conf.properties;
  const window = pick(a.window, conf.window);
  const minScore = pick(a.minScore, conf.minScore);
  const autocut = pick(a.autocut, conf.autocut);
  const timeoutMs = pick(a.timeoutMs, conf.timeoutMs);
  const onTimeout = pick(a.onTimeout, conf.onTimeout) ?? "error";
  requireFinite(minScore ?? undefined, "rerank", "minScore");
  if (window !== undefined) {
    if (window < 1) throw queryError("rerank_bad_argument", "window", window, "at least 1");
    if (page.groupBy) throw queryError("rerank_window_group_by");
    if (window > page.limits.queryMaximumResults) {
      throw queryError("rerank_window_maximum", window, page.limits.queryMaximumResults);
    }
  }
  if (timeoutMs !== undefined && timeoutMs < 1) {
    throw queryError("rerank_bad_argument", "timeoutMs", timeoutMs, "at least 1");
  }
  return {
    ...base,
    query,
    ...(properties && properties.length > 0 ? { properties } : {}),
    // The window is a floor: a page reaching past it widens the reranked set to offset + limit.
    ...(window !== undefined ? { window: Math.max(window, page.offset + page.limit) } : {}),
    ...(minScore !== undefined ? { minScore } : {}),
    ...(autocut !== undefined && autocut > 0 ? { autocut } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(timeoutMs !== undefined ? { onTimeout } : {}),
  };
}

/** Compiles one class field into a plan, or throws a {@link QueryError} with Weaviate's text. */
export function compilePlan(
  collection: CollectionConfig,
  args: Args,
  selection: ClassSelection,
  limits: LimitsConfig,
): QueryPlan {
  const search = searchOf(args);
  const sort = sortOf(args.sort);
  if (sort && search.kind === "bm25") {
    throw queryError("sort_with_search", "bm25");
  }
  if (sort && search.kind === "hybrid") {
    throw queryError("sort_with_search", "hybrid");
  }
  if (args.group != null) {
    throw queryError("legacy_group");
  }
  const filter = args.where != null ? filterOf(args.where) : undefined;
  const offset = typeof args.offset === "number" && args.offset > 0 ? args.offset : 0;
  const autocut = typeof args.autocut === "number" && args.autocut > 0 ? args.autocut : 0;
  const after = typeof args.after === "string" ? args.after : undefined;
  if (after !== undefined) {
    if (search.kind !== "list" || args.group != null) {
      throw queryError("cursor_with_search");
    }
    const bad = [offset > 0 && "offset", filter && "where", sort && "sort"].filter(Boolean);
    if (bad.length > 0) {
      throw queryError("cursor_with", bad.join(","));
    }
  }
  const limit = resolveLimit(args, search, limits);
  // Weaviate's "search by distance" (a near* threshold without a limit) has no total limit, so
  // QUERY_MAXIMUM_RESULTS is not checked against the offset (adapters/repos/db getTotalLimit).
  const byDistance = !(typeof args.limit === "number" && args.limit >= 0) &&
    usesDistanceSearch(search);
  if (!byDistance && offset + limit > limits.queryMaximumResults) {
    throw queryError("query_maximum_results", offset, limit, limits.queryMaximumResults);
  }
  const groupBy = groupByOf(args.groupBy);
  const rerank = selection.additional.has("rerank") && selection.rerank
    ? rerankOf(collection, selection.rerank, { search, offset, limit, groupBy, limits })
    : undefined;
  const properties = new Set([...selection.properties, ...selection.hitProperties]);
  if (rerank?.property) properties.add(rerank.property.split(".")[0]);
  for (const p of rerank?.properties ?? []) properties.add(p.split(".")[0]);
  // The grouping property is needed to group, selected or not.
  if (groupBy) properties.add(groupBy.path);
  const known = new Set(collection.properties.map((p) => p.name));
  return {
    collection: collection.class,
    search,
    ...(filter ? { filter } : {}),
    offset,
    limit,
    autocut,
    ...(after !== undefined ? { after } : {}),
    ...(sort ? { sort } : {}),
    ...(groupBy ? { groupBy } : {}),
    // Unknown names (only possible for the rerank property) are not fetched: they score "".
    properties: [...properties].filter((p) => known.has(p)),
    additional: new AdditionalFields([...selection.additional].filter(isAdditionalField)),
    ...(rerank ? { rerank } : {}),
  };
}
