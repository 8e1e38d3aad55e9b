/**
 * Plan -> parameterised SQL for the pgvector store: the list path, vector search and full-text
 * search. Every statement selects `_id` (uuid text), the planned properties as `c0..cn`, `_v` (the
 * vector as pgvector text) when asked, `_d` (raw operator distance) or `_s` (text rank).
 *
 * Operators (HNSW-indexable with `ORDER BY <col> <op> $q LIMIT n`): cosine `<=>`, l2-squared `<->`
 * (Euclidean; squared in JS), dot `<#>` (negative inner product = Weaviate's dot distance),
 * manhattan `<+>`. Hamming is refused.
 * @module
 */
import type { DistanceMetric } from "../../config/types.ts";
import type { QueryPlan, SortSpec } from "../../core/plan.ts";
import { maxDistance } from "../../search/thresholds.ts";
import { tokenize } from "../../search/tokenize.ts";
import { filterSql } from "./filter_sql.ts";
import { type SqlParams, SqlParams as Params, type SqlStatement } from "./sql.ts";
import { columnOf, type PgColumn, type PgTable, searchableColumns } from "./table.ts";

/** The pgvector distance operator of a Weaviate metric. */
export function distanceOperator(metric: DistanceMetric): string {
  switch (metric) {
    case "cosine":
      return "<=>";
    case "l2-squared":
      return "<->";
    case "dot":
      return "<#>";
    case "manhattan":
      return "<+>";
    default:
      throw new Error(`the pgvector store does not support the ${metric} distance`);
  }
}

/** Weaviate's distance from the operator's raw value (`<->` is not squared). */
export function weaviateDistance(metric: DistanceMetric, raw: number): number {
  return Math.fround(metric === "l2-squared" ? raw * raw : raw);
}

/** Certainty / distance thresholds as a bound on the raw operator value (`<->` is not squared). */
export function rawThreshold(
  metric: DistanceMetric,
  t: { readonly certainty?: number; readonly distance?: number },
): number | undefined {
  const max = maxDistance(metric, t);
  if (max === undefined || metric !== "l2-squared") return max;
  return max < 0 ? -1 : Math.sqrt(max);
}

function selectList(table: PgTable, plan: QueryPlan, vector: boolean): string {
  const cols = [`${table.id}::text AS "_id"`];
  plan.properties.forEach((name, i) => {
    if (table.columns.has(name)) cols.push(`${table.columns.get(name)!.sql} AS "c${i}"`);
  });
  if (vector) cols.push(`${table.vector}::text AS "_v"`);
  return cols.join(", ");
}

function where(table: PgTable, plan: QueryPlan, params: SqlParams, extra: string[]): string {
  const parts = [...extra];
  if (plan.filter) parts.push(filterSql(plan.filter, table, params));
  return parts.length ? ` WHERE ${parts.join(" AND ")}` : "";
}

/** Sort keys of `sort` (Weaviate: missing values first ascending; strings case-insensitive). */
export function sortKeys(table: PgTable, sort: readonly SortSpec[]): string[] {
  return sort.flatMap((s) => {
    const name = s.path[0];
    if (s.path.length !== 1 || !name) {
      throw new Error(`sort path [${s.path.join(", ")}]: only one property name is supported`);
    }
    const dir = s.order === "desc" ? "DESC NULLS LAST" : "ASC NULLS FIRST";
    if (name === "id" || name === "_id") return [`${table.id} ${dir}`];
    if (name.startsWith("_")) {
      throw new Error(`the pgvector store cannot sort by ${name}: the table has no such column`);
    }
    const c: PgColumn = columnOf(table, name);
    if (c.dataType === "geoCoordinates") {
      return [`(${c.sql}->>'latitude')::float8 ${dir}`, `(${c.sql}->>'longitude')::float8 ${dir}`];
    }
    if (c.dataType === "phoneNumber" || c.dataType === "blob") {
      throw new Error(`the pgvector store cannot sort by ${c.dataType} property ${name}`);
    }
    if (c.dataType === "text" || c.dataType === "string") {
      return [`lower(${c.sql}) COLLATE "C" ${dir}`];
    }
    return [`${c.sql} ${dir}`];
  });
}

/** The list path: filter, sort, `after` cursor, offset and limit, in id order. */
export function listStatement(table: PgTable, plan: QueryPlan): SqlStatement {
  const params = new Params();
  const extra: string[] = [];
  if (plan.after !== undefined) extra.push(`${table.id}::text > ${params.add(plan.after, "text")}`);
  const order = [...sortKeys(table, plan.sort ?? []), `${table.id} ASC`].join(", ");
  const text = `SELECT ${
    selectList(table, plan, plan.additional.has("vector"))
  } FROM ${table.table}${where(table, plan, params, extra)} ORDER BY ${order} LIMIT ${
    params.add(plan.limit, "int")
  } OFFSET ${params.add(plan.offset, "int")}`;
  return { text, params: params.values };
}

/** Options of {@link nearStatement}. */
export interface NearOptions {
  readonly vector: readonly number[];
  /** Bound on the raw operator value. */
  readonly maxRaw?: number;
  /** Rows to fetch (the window). */
  readonly limit: number;
  /** Sort the window by the plan's sort (Weaviate sorts the nearest `offset + limit`). */
  readonly sort?: readonly SortSpec[];
}

/** Vector search ordered by the metric's operator (HNSW-indexable). */
export function nearStatement(table: PgTable, plan: QueryPlan, o: NearOptions): SqlStatement {
  const params = new Params();
  const q = params.add(JSON.stringify(o.vector), "vector");
  const dist = `(${table.vector} ${distanceOperator(table.metric)} ${q})`;
  const extra = [`${table.vector} IS NOT NULL`];
  if (o.maxRaw !== undefined) extra.push(`${dist} <= ${params.add(o.maxRaw, "float8")}`);
  const keys = o.sort?.length ? sortKeys(table, o.sort) : [];
  const sortCols = keys.map((k, i) => `, ${k.replace(/ (ASC|DESC) NULLS \w+$/, "")} AS "s${i}"`);
  const inner = `SELECT ${selectList(table, plan, plan.additional.has("vector"))}, ${dist} AS "_d"${
    sortCols.join("")
  } FROM ${table.table}${where(table, plan, params, extra)} ORDER BY ${dist}, ${table.id} LIMIT ${
    params.add(o.limit, "int")
  }`;
  if (keys.length === 0) return { text: inner, params: params.values };
  const outer = keys.map((k, i) => `"s${i}" ${k.match(/(ASC|DESC) NULLS \w+$/)![0]}`);
  return {
    text: `SELECT * FROM (${inner}) AS w ORDER BY ${outer.join(", ")}, "_d", "_id"`,
    params: params.values,
  };
}

/** The stored vector of one object (nearObject, move objects). */
export function vectorLookupStatement(table: PgTable, id: string): SqlStatement {
  const params = new Params();
  return {
    text: `SELECT ${table.vector}::text AS "_v" FROM ${table.table} WHERE ${table.id} = ${
      params.add(id, "uuid")
    }`,
    params: params.values,
  };
}

/** Options of {@link textStatement}. */
export interface TextOptions {
  readonly query: string;
  readonly properties?: readonly string[];
  readonly operator?: "And" | "Or";
  readonly limit: number;
  /** Drop rows whose vector is farther than this (hybrid `maxVectorDistance`). */
  readonly vectorCutoff?: { readonly vector: readonly number[]; readonly maxRaw: number };
}

/**
 * Full-text search standing in for bm25: `to_tsvector(config, columns) @@ to_tsquery(config,
 * tokens)` ranked by `ts_rank_cd` (scores are NOT BM25). Tokens are Weaviate `word` tokens joined
 * with `|` (Or, the default) or `&` (And), bound as one parameter. `^boost` multiplies the rank of
 * that column. Returns undefined when the query has no tokens (nothing matches).
 */
export function textStatement(
  table: PgTable,
  plan: QueryPlan,
  o: TextOptions,
): SqlStatement | undefined {
  const tokens = tokenize(o.query, "word");
  if (tokens.length === 0) return undefined;
  const targets = o.properties?.length
    ? o.properties.map((p) => {
      const [name, boost] = p.split("^");
      const weight = boost === undefined ? 1 : Number(boost);
      if (!Number.isFinite(weight)) throw new Error(`invalid boost in bm25 property ${p}`);
      return { column: columnOf(table, name), weight };
    })
    : searchableColumns(table).map((column) => ({ column, weight: 1 }));
  if (targets.length === 0) return undefined;
  const params = new Params();
  const tsq = `to_tsquery(${table.textConfig}, ${
    params.add(tokens.join(o.operator === "And" ? " & " : " | "), "text")
  })`;
  const docOf = (c: PgColumn) =>
    `to_tsvector(${table.textConfig}, coalesce(${
      c.isArray ? `array_to_string(${c.sql}, ' ')` : c.sql
    }, ''))`;
  const doc = targets.map((t) => docOf(t.column)).join(" || ");
  const weighted = targets.some((t) => t.weight !== 1);
  const score = weighted
    ? targets.map((t) => `${t.weight} * ts_rank_cd(${docOf(t.column)}, ${tsq})`).join(" + ")
    : `ts_rank_cd(${doc}, ${tsq})`;
  const extra = [`(${doc}) @@ ${tsq}`];
  if (o.vectorCutoff) {
    const q = params.add(JSON.stringify(o.vectorCutoff.vector), "vector");
    extra.push(
      `(${table.vector} IS NULL OR (${table.vector} ${distanceOperator(table.metric)} ${q}) <= ${
        params.add(o.vectorCutoff.maxRaw, "float8")
      })`,
    );
  }
  const text = `SELECT ${
    selectList(table, plan, plan.additional.has("vector"))
  }, (${score})::float8 AS "_s" FROM ${table.table}${
    where(table, plan, params, extra)
  } ORDER BY "_s" DESC, "_id" LIMIT ${params.add(o.limit, "int")}`;
  return { text, params: params.values };
}
