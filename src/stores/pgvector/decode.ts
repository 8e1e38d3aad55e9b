/**
 * Turns driver rows into {@link Candidate} values with Weaviate's JSON types: int8 strings become
 * numbers, `timestamptz` values RFC3339 strings, `vector` text a number array. A row that does not
 * have the expected shape is an upstream fault ("malformed row"), never silently passed on.
 * @module
 */
import type { DataType } from "../../config/types.ts";
import type { SqlRow } from "./executor.ts";
import type { PgColumn } from "./table.ts";

/** An upstream answer that does not have the shape the compiler asked for. */
export class MalformedRowError extends Error {
  constructor(message: string) {
    super(`malformed row from the database: ${message}`);
    this.name = "MalformedRowError";
  }
}

/** The row's id (`_id`, `uuid::text`). */
export function rowId(row: SqlRow): string {
  const id = row._id;
  if (typeof id !== "string" || id === "") throw new MalformedRowError("missing id");
  return id.toLowerCase();
}

/** A finite number column of the row (`_d` distance, `_s` score). */
export function rowNumber(row: SqlRow, key: string): number {
  const v = row[key];
  const n = typeof v === "string" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n)) {
    throw new MalformedRowError(`${key} is not a number`);
  }
  return n;
}

/** The row's vector (`_v`, pgvector text `[1,2,3]`), or undefined when NULL. */
export function rowVector(row: SqlRow): number[] | undefined {
  const v = row._v;
  if (v === null || v === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = typeof v === "string" ? JSON.parse(v) : v;
  } catch {
    throw new MalformedRowError("vector is not a pgvector literal");
  }
  if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== "number")) {
    throw new MalformedRowError("vector is not a number array");
  }
  return parsed as number[];
}

/** Decodes one property value; `undefined` for SQL NULL. */
export function decodeValue(column: PgColumn, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (column.isArray) {
    if (!Array.isArray(value)) throw mismatch(column, value);
    return value.map((v) => decodeScalar(column, column.dataType.slice(0, -2) as DataType, v));
  }
  return decodeScalar(column, column.dataType, value);
}

function decodeScalar(column: PgColumn, type: DataType, v: unknown): unknown {
  if (v === null) return null;
  switch (type) {
    case "int":
    case "number": {
      const n = typeof v === "bigint" || typeof v === "string" ? Number(v) : v;
      if (typeof n !== "number" || Number.isNaN(n)) throw mismatch(column, v);
      return n;
    }
    case "boolean":
      if (typeof v !== "boolean") throw mismatch(column, v);
      return v;
    case "date": {
      const d = v instanceof Date ? v : typeof v === "string" ? new Date(v) : undefined;
      if (!d || Number.isNaN(d.getTime())) throw mismatch(column, v);
      return d.toISOString().replace(".000Z", "Z");
    }
    case "geoCoordinates":
    case "phoneNumber":
      if (typeof v !== "object") throw mismatch(column, v);
      return v;
    default:
      if (typeof v !== "string") throw mismatch(column, v);
      return v;
  }
}

function mismatch(column: PgColumn, v: unknown): MalformedRowError {
  const got = Array.isArray(v) ? "array" : v === null ? "null" : typeof v;
  return new MalformedRowError(
    `property ${column.property.name} (${column.dataType}) has a ${got} value`,
  );
}
