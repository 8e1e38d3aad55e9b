/**
 * Weaviate `where` filters compiled to a SQL boolean expression. Values are always bound
 * parameters; columns come from the config ({@link columnOf}). The filter is first validated by the
 * in-process compiler (`src/search/filter.ts`), so paths and value types fail with the same texts
 * as on the embedded store.
 *
 * Semantics (see README, "pgvector"): text properties compare by tokens of their tokenization
 * (`word`: lower-cased, split on non-alphanumerics, in SQL with `regexp_split_to_table`), `Like`
 * is `LIKE` on those tokens with `*` -> `%`, `?` -> `_` (other `%`, `_`, `\` escaped), arrays match
 * when any element matches, `NotEqual` / `ContainsNone` / `Not` include rows without a value,
 * `WithinGeoRange` is the haversine distance in SQL over a jsonb `{latitude, longitude}` column.
 * `_creationTimeUnix` / `_lastUpdateTimeUnix` are refused (the table has no such columns).
 * @module
 */
import type { Filter, FilterValue } from "../../core/plan.ts";
import { compileFilter } from "../../search/filter.ts";
import { EARTH_RADIUS_METRES } from "../../search/geo.ts";
import { type Tokenization, tokenize, tokenizeWithWildcards } from "../../search/tokenize.ts";
import { isUuid, likePattern, type SqlParams } from "./sql.ts";
import { columnOf, type PgColumn, type PgTable } from "./table.ts";

type Leaf = Extract<Filter, { path: readonly string[] }>;
type Atom = string | number | boolean;

/** Compiles `filter` into a SQL condition, binding every value into `params`. */
export function filterSql(filter: Filter, table: PgTable, params: SqlParams): string {
  compileFilter(filter, {
    className: table.className,
    properties: table.properties,
    stopwords: table.stopwords,
  });
  return node(filter, table, params);
}

function node(f: Filter, table: PgTable, params: SqlParams): string {
  if ("operands" in f) {
    const parts = f.operands.map((o) => node(o, table, params));
    if (f.operator === "Not") return `(NOT ${parts[0]})`;
    if (parts.length === 0) return f.operator === "And" ? "TRUE" : "FALSE";
    return `(${parts.join(f.operator === "And" ? " AND " : " OR ")})`;
  }
  return `COALESCE(${leaf(f, table, params)}, FALSE)`;
}

const not = (sql: string) => `(NOT COALESCE(${sql}, FALSE))`;
const all = (parts: string[], op: "AND" | "OR") =>
  parts.length === 0 ? "FALSE" : `(${parts.join(` ${op} `)})`;

function atoms(value: FilterValue): Atom[] {
  if (value.type === "geoRange") return [];
  return (Array.isArray(value.value) ? value.value : [value.value]) as Atom[];
}

const RANGE: Record<string, string> = {
  GreaterThan: ">",
  GreaterThanEqual: ">=",
  LessThan: "<",
  LessThanEqual: "<=",
};

function leaf(f: Leaf, table: PgTable, params: SqlParams): string {
  const name = f.path[0];
  if (name === "id" || name === "_id") return idLeaf(f, table.id, params);
  if (name === "_creationTimeUnix" || name === "_lastUpdateTimeUnix") {
    throw new Error(`the pgvector store cannot filter on ${name}: the table has no such column`);
  }
  const column = columnOf(table, name);
  const c = column.sql;
  if (f.operator === "IsNull") {
    const isNull = column.isArray ? `(${c} IS NULL OR cardinality(${c}) = 0)` : `(${c} IS NULL)`;
    return f.value.value === true ? isNull : `(NOT ${isNull})`;
  }
  if (f.operator === "WithinGeoRange") return geoLeaf(f, c, params);
  const base = column.dataType.replace("[]", "");
  if (base === "phoneNumber" || base === "blob") {
    throw new Error(`the pgvector store cannot filter on ${base} property ${name}`);
  }
  if (base === "text") return textLeaf(f, column, params, table.stopwords);
  return scalarLeaf(f, column, base, params);
}

function idLeaf(f: Leaf, id: string, params: SqlParams): string {
  const values = atoms(f.value).map((v) => String(v).toLowerCase());
  const op = f.operator;
  if (op === "IsNull") return f.value.value === true ? "FALSE" : "TRUE";
  if (op === "Like") return `(${id}::text LIKE ${params.add(likePattern(values[0]), "text")})`;
  if (op in RANGE) return `(${id}::text COLLATE "C" ${RANGE[op]} ${params.add(values[0], "text")})`;
  const bad = values.find((v) => !isUuid(v));
  if (bad !== undefined) throw new Error(`id filter: ${JSON.stringify(bad)} is not a UUID`);
  const any = () => `(${id} = ANY(${params.add(values, "uuid[]")}))`;
  switch (op) {
    case "Equal":
      return `(${id} = ${params.add(values[0], "uuid")})`;
    case "NotEqual":
      return not(`(${id} = ${params.add(values[0], "uuid")})`);
    case "ContainsAny":
      return any();
    case "ContainsNone":
      return not(any());
    case "ContainsAll":
      return new Set(values).size <= 1 ? any() : "FALSE";
    default:
      throw new Error(`operator ${op} is not supported on id`);
  }
}

function geoLeaf(f: Leaf, c: string, params: SqlParams): string {
  const r = f.value.value as { latitude: number; longitude: number; maxDistance: number };
  const lat = params.add(r.latitude, "float8");
  const lon = params.add(r.longitude, "float8");
  const la = `((${c}->>'latitude')::float8)`;
  const lo = `((${c}->>'longitude')::float8)`;
  const h = `power(sin(radians(${la} - ${lat}) / 2), 2) + ` +
    `cos(radians(${lat})) * cos(radians(${la})) * power(sin(radians(${lo} - ${lon}) / 2), 2)`;
  return `(2 * ${EARTH_RADIUS_METRES} * asin(least(1, sqrt(${h}))) <= ${
    params.add(r.maxDistance, "float8")
  })`;
}

/** The tokens of a text column as a `FROM` item yielding `tok`. */
function tokenTable(column: PgColumn): string {
  const c = column.sql;
  const tokenization = column.property.tokenization as Tokenization;
  if (tokenization === "field") {
    return column.isArray
      ? `(SELECT btrim(e) FROM unnest(${c}) AS e) AS t(tok)`
      : `(VALUES (btrim(${c}))) AS t(tok)`;
  }
  const x = column.isArray ? `array_to_string(${c}, ' ')` : c;
  switch (tokenization) {
    case "word":
      return `regexp_split_to_table(lower(${x}), '[^[:alnum:]]+') AS t(tok)`;
    case "lowercase":
      return `regexp_split_to_table(lower(${x}), '[[:space:]]+') AS t(tok)`;
    default:
      return `regexp_split_to_table(${x}, '[[:space:]]+') AS t(tok)`;
  }
}

function textLeaf(
  f: Leaf,
  column: PgColumn,
  params: SqlParams,
  stopwords: ReadonlySet<string>,
): string {
  const tokenization = column.property.tokenization as Tokenization;
  const values = atoms(f.value).map(String);
  const from = tokenTable(column);
  const has = (tok: string, cmp = "=") =>
    `EXISTS (SELECT 1 FROM ${from} WHERE tok ${cmp} ${params.add(tok, "text")})`;
  // compileFilter above has refused values of stop words only (ContainsAny: all of them).
  const tokens = values.flatMap((v) => tokenize(v, tokenization))
    .filter((t) => tokenization !== "word" || !stopwords.has(t));
  const op = f.operator;
  switch (op) {
    case "Equal":
      return all(tokens.map((t) => has(t)), "AND");
    case "NotEqual":
      return not(all(tokens.map((t) => has(t)), "AND"));
    case "Like":
      return all(
        tokenizeWithWildcards(values[0], tokenization).map((p) => has(likePattern(p), "LIKE")),
        "AND",
      );
    case "ContainsAny":
      return all(tokens.map((t) => has(t)), "OR");
    case "ContainsAll":
      return all(tokens.map((t) => has(t)), "AND");
    case "ContainsNone":
      return not(all(tokens.map((t) => has(t)), "OR"));
    default:
      return compare(column, `${RANGE[op]}`, params.add(values[0], "text"), 'COLLATE "C" ');
  }
}

/** `col <op> value` for scalars, "any element" for arrays. */
function compare(column: PgColumn, op: string, value: string, collate = "", cast = ""): string {
  const c = column.sql;
  if (!column.isArray) return `(${c}${cast} ${collate}${op} ${value})`;
  return `EXISTS (SELECT 1 FROM unnest(${c}${
    cast ? `${cast}[]` : ""
  }) AS e WHERE e ${collate}${op} ${value})`;
}

function scalarLeaf(f: Leaf, column: PgColumn, base: string, params: SqlParams): string {
  let values: Atom[] = atoms(f.value);
  let type: string;
  let cast = "";
  switch (base) {
    case "int":
    case "number":
      if (base === "int" && values.every((v) => Number.isInteger(v))) type = "bigint";
      else {
        type = "float8";
        cast = "::float8";
      }
      break;
    case "boolean":
      type = "boolean";
      break;
    case "date":
      type = "timestamptz";
      values = values.map((v) => new Date(String(v)).toISOString());
      break;
    default: // string, uuid: whole values as text
      type = "text";
      cast = "::text";
      values = values.map(String);
  }
  const c = column.sql;
  const arr = column.isArray ? `${c}${cast ? `${cast}[]` : ""}` : `ARRAY[${c}${cast}]`;
  const list = () => params.add(values, `${type}[]`);
  const op = f.operator;
  switch (op) {
    case "Equal":
      return compare(column, "=", params.add(values[0], type), "", cast);
    case "NotEqual":
      return not(compare(column, "=", params.add(values[0], type), "", cast));
    case "Like":
      return compare(column, "LIKE", params.add(likePattern(String(values[0])), "text"), "", cast);
    case "ContainsAny":
      return `(${arr} && ${list()})`;
    case "ContainsNone":
      return not(`(${arr} && ${list()})`);
    case "ContainsAll":
      return `(cardinality(array_remove(${arr}, NULL)) > 0 AND ${arr} @> ${list()})`;
    default: {
      const collate = type === "text" ? 'COLLATE "C" ' : "";
      return compare(column, RANGE[op], params.add(values[0], type), collate, cast);
    }
  }
}
