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
import { goUuidParseError } from "../core/go_uuid.ts";
import { sortError } from "../search/sort_validator.ts";
import { whereError } from "../search/where_validator.ts";
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
  search: "nearVector" | "nearObject" | "nearText",
): { certainty?: number; distance?: number } {
  // nearText is checked later, with the other near* parameters (nearTextConflicts).
  if (search !== "nearText" && a.certainty != null && a.distance != null) {
    throw queryError("distance_and_certainty", search);
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

/**
 * The search argument, checked in Weaviate's order: what its GraphQL resolver extracts
 * (class_builder_fields.go: nearVector, nearObject, bm25 and hybrid against sort, hybrid), then
 * what its explorer checks (explorer.go: bm25 conflicts; near_params_vector.go: near* conflicts,
 * nearText's own rules, nearObject's id). `validate` runs between the two, as Weaviate validates
 * `where`, `sort` and the cursor there.
 */
function searchOf(args: Args, sort: SortSpec[] | undefined, validate: () => void): Search {
  // Resolver extraction.
  const nv = args.nearVector != null ? nearVector(args.nearVector) : undefined;
  const no = args.nearObject != null
    ? { kind: "nearObject" as const, ...certaintyOrDistance(args.nearObject, "nearObject") }
    : undefined;
  if (args.bm25 != null && sort) throw queryError("sort_with_search", "bm25");
  if (args.hybrid != null && sort) throw queryError("sort_with_search", "hybrid");
  const hybrid = args.hybrid != null && args.bm25 == null ? hybridOf(args.hybrid) : undefined;
  validate();
  // Explorer.
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
    if (near.length === 3) {
      throw queryError("near_conflict_three");
    }
    // Weaviate names nearText first (it is a module parameter), then nearVector, nearObject.
    const [a, b] = near.includes("nearText") ? ["nearText", near[0]] : [near[0], near[1]];
    throw queryError("near_conflict", a, b);
  }
  if (nv) return nv;
  if (no) {
    const o = args.nearObject as Args;
    const id = o.id ?? (o.beacon ? idFromBeacon(o.beacon) : undefined);
    if (!id) throw queryError("near_object_no_id");
    return { ...no, id };
  }
  if (near[0] === "nearText") {
    const t = args.nearText as Args;
    if (t.certainty != null && t.distance != null) {
      throw queryError("near_text_distance_and_certainty");
    }
    return nearText(t);
  }
  if (hybrid) return hybrid;
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
  if (h.vector != null && sub?.nearText) {
    throw queryError("hybrid_vector_and_search", "nearTextParams");
  }
  if (h.vector != null && sub?.nearVector) {
    throw queryError("hybrid_vector_and_search", "nearVectorParams");
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
  // A negative limit is "not set" but still makes a pagination object, which gets
  // QUERY_DEFAULTS_LIMIT (entities/filters/pagination.go, adapters/repos/db/search.go getLimit).
  if (args.limit != null || args.offset != null || args.autocut != null) {
    return limits.queryDefaultsLimit;
  }
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

/**
 * Weaviate's prefix of a pagination error on each search path: the repo's `invalid pagination
 * params` wrapped by the explorer (adapters/repos/db/search.go, usecases/traverser/explorer.go).
 * Hybrid caps its total limit itself (explorer.go CalculateTotalLimit); the gateway's check there
 * carries the bare text.
 */
function paginationPrefix(kind: Search["kind"]): string {
  switch (kind) {
    case "list":
      return "explorer: list class: search: invalid pagination params: ";
    case "bm25":
      return "explorer: get class: vector search: invalid pagination params: ";
    case "hybrid":
      return "";
    default:
      return "explorer: get class: concurrentTargetVectorSearch): explorer: get class: vector " +
        "search: invalid pagination params: ";
  }
}

const SEARCH_ARGS = ["nearVector", "nearObject", "nearText", "bm25", "hybrid"] as const;

/** Weaviate's cursor rules (explorer_validate_scroll.go, entities/filters/cursor_validator.go). */
function checkCursor(args: Args, filter: Filter | undefined, sort: SortSpec[] | undefined): void {
  if (args.after == null) return;
  if (SEARCH_ARGS.some((n) => args[n] != null) || args.group != null) {
    throw queryError("cursor_with_search");
  }
  const offset = typeof args.offset === "number" ? args.offset : 0;
  const bad = [offset > 0 && "offset", filter && "where", sort && "sort"].filter(Boolean);
  if (bad.length > 0) throw queryError("cursor_with", bad.join(","));
  const after = String(args.after);
  if (after !== "") {
    const reason = goUuidParseError(after);
    if (reason !== undefined) throw queryError("cursor_not_uuid", after, reason);
  }
  if (!(typeof args.limit === "number" && args.limit >= 0)) throw queryError("cursor_no_limit");
}

/** Compiles one class field into a plan, or throws a {@link QueryError} with Weaviate's text. */
export function compilePlan(
  collection: CollectionConfig,
  args: Args,
  selection: ClassSelection,
  limits: LimitsConfig,
): QueryPlan {
  const sort = sortOf(args.sort);
  if (args.group != null) {
    throw queryError("legacy_group");
  }
  const filter = args.where != null ? filterOf(args.where) : undefined;
  const schema = { className: collection.class, properties: collection.properties };
  const search = searchOf(args, sort, () => {
    // Weaviate's traverser validates `where` first, then its explorer `sort` and the cursor.
    const whereErr = filter ? whereError(filter, schema) : undefined;
    if (whereErr !== undefined) throw queryError("invalid_where", whereErr);
    const sortErr = sort ? sortError(sort, schema) : undefined;
    if (sortErr !== undefined) throw queryError("invalid_sort", sortErr);
    checkCursor(args, filter, sort);
  });
  const rawOffset = typeof args.offset === "number" ? args.offset : 0;
  const offset = rawOffset > 0 ? rawOffset : 0;
  const autocut = typeof args.autocut === "number" && args.autocut > 0 ? args.autocut : 0;
  const after = typeof args.after === "string" ? args.after : undefined;
  const limit = resolveLimit(args, search, limits);
  // Weaviate's "search by distance" (a near* threshold without a limit) has no total limit, so
  // QUERY_MAXIMUM_RESULTS is not checked against the offset (adapters/repos/db getTotalLimit).
  const byDistance = !(typeof args.limit === "number" && args.limit >= 0) &&
    usesDistanceSearch(search);
  // Weaviate's total limit is offset + limit; a total of 0 (`limit: 0`, or a negative offset
  // eating the limit) is its "invalid default limit" (search.go getTotalLimit). Hybrid computes
  // its own total (explorer.go CalculateTotalLimit) and has no such error.
  if (!byDistance && search.kind !== "hybrid" && rawOffset + limit === 0) {
    throw queryError("invalid_default_limit", paginationPrefix(search.kind), limit);
  }
  // Any other negative offset fails later in Weaviate (a negative slice bound); here at once.
  if (!byDistance && rawOffset < 0) throw queryError("negative_offset", rawOffset);
  if (!byDistance && offset + limit > limits.queryMaximumResults) {
    throw queryError(
      "query_maximum_results",
      paginationPrefix(search.kind),
      offset,
      limit,
      limits.queryMaximumResults,
    );
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
