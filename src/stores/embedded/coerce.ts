/**
 * Coerces raw JSON values to a property's Weaviate data type when records are loaded.
 * @module
 */
import type { DataType } from "../../config/types.ts";
import { isGeoCoordinates } from "../../search/geo.ts";
import { isUuid } from "./uuid.ts";

/**
 * Returns `raw` checked against `dataType` (`undefined` for `null`/missing), or throws an Error whose
 * message says what was expected. Values are kept as JSON gives them (dates stay RFC3339 strings,
 * geoCoordinates become `{latitude, longitude}`), so they are returned exactly as stored.
 */
export function coerceValue(raw: unknown, dataType: DataType): unknown {
  if (raw === null || raw === undefined) return undefined;
  if (dataType.endsWith("[]")) {
    if (!Array.isArray(raw)) {
      throw new Error(`expected an array (${dataType}), got ${describe(raw)}`);
    }
    const base = dataType.slice(0, -2) as DataType;
    return raw.map((el, i) => {
      if (el === null || el === undefined) {
        throw new Error(`element ${i}: expected ${base}, got null`);
      }
      try {
        return coerceValue(el, base);
      } catch (e) {
        throw new Error(`element ${i}: ${(e as Error).message}`);
      }
    });
  }
  switch (dataType) {
    case "text":
    case "string":
    case "blob":
      if (typeof raw !== "string") {
        throw new Error(`expected ${dataType} (a string), got ${describe(raw)}`);
      }
      return raw;
    case "uuid":
      if (!isUuid(raw)) throw new Error(`expected a UUID, got ${describe(raw)}`);
      return raw;
    case "int":
      if (typeof raw !== "number" || !Number.isSafeInteger(raw)) {
        throw new Error(`expected int (an integer), got ${describe(raw)}`);
      }
      return raw;
    case "number":
      if (typeof raw !== "number" || !Number.isFinite(raw)) {
        throw new Error(`expected number, got ${describe(raw)}`);
      }
      return raw;
    case "boolean":
      if (typeof raw !== "boolean") throw new Error(`expected boolean, got ${describe(raw)}`);
      return raw;
    case "date":
      if (typeof raw !== "string" || Number.isNaN(Date.parse(raw))) {
        throw new Error(`expected date (an RFC3339 string), got ${describe(raw)}`);
      }
      return raw;
    case "geoCoordinates":
      if (!isGeoCoordinates(raw)) {
        throw new Error(`expected geoCoordinates {latitude, longitude}, got ${describe(raw)}`);
      }
      return { latitude: raw.latitude, longitude: raw.longitude };
    default:
      return raw;
  }
}

function describe(v: unknown): string {
  const json = JSON.stringify(v);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
