/**
 * Decodes the protojson `SearchReply` of `weaviate.v1.Weaviate/Search` (Weaviate v1.38.3+) into
 * {@link Candidate}s. Protojson pitfalls handled here: int64 values are JSON strings, `bytes` are
 * base64 (LE float32 vectors, LE int64 / float64 lists), zero values are omitted (so `*Present`
 * flags decide whether a metadata value exists), enums are names.
 * @module
 */
import type { Candidate } from "../../core/candidate.ts";
import { decodeFloat32, decodeFloat64, decodeInt64, parseInt64 } from "./bytes.ts";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Decodes a whole reply; `results` only (grouping is the gateway's). */
export function decodeSearchReply(reply: unknown): Candidate[] {
  if (!isObject(reply)) throw new Error("malformed SearchReply: not an object");
  const results = reply.results ?? [];
  if (!Array.isArray(results)) throw new Error("malformed SearchReply: results is not a list");
  return results.map((r, i) => {
    try {
      return decodeResult(r);
    } catch (err) {
      throw new Error(`malformed SearchReply: results[${i}]: ${(err as Error).message}`);
    }
  });
}

/** Decodes one `SearchResult`. */
export function decodeResult(result: unknown): Candidate {
  if (!isObject(result)) throw new Error("not an object");
  const meta = isObject(result.metadata) ? result.metadata : {};
  if (typeof meta.id !== "string" || meta.id === "") throw new Error("metadata.id is missing");
  const props = isObject(result.properties) ? result.properties : {};
  const nonRef = isObject(props.nonRefProps) ? props.nonRefProps : {};
  const fields = isObject(nonRef.fields) ? nonRef.fields : {};
  const properties: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    const v = decodeValue(value);
    if (v !== undefined) properties[name] = v;
  }
  const vector = decodeVector(meta);
  const num = (key: string): number | undefined =>
    meta[`${key}Present`] === true ? Number(meta[key] ?? 0) : undefined;
  const time = (key: string): number | undefined =>
    meta[`${key}Present`] === true ? parseInt64(meta[key] ?? "0") : undefined;
  const distance = num("distance");
  const certainty = num("certainty");
  const score = num("score");
  const explainScore = meta.explainScorePresent === true
    ? String(meta.explainScore ?? "")
    : undefined;
  const creationTimeUnix = time("creationTimeUnix");
  const lastUpdateTimeUnix = time("lastUpdateTimeUnix");
  return {
    id: meta.id,
    properties,
    ...(vector ? { vector } : {}),
    ...(distance !== undefined ? { distance } : {}),
    ...(certainty !== undefined ? { certainty } : {}),
    ...(score !== undefined ? { score } : {}),
    ...(explainScore !== undefined ? { explainScore } : {}),
    ...(creationTimeUnix !== undefined ? { creationTimeUnix } : {}),
    ...(lastUpdateTimeUnix !== undefined ? { lastUpdateTimeUnix } : {}),
  };
}

function decodeVector(meta: Json): number[] | undefined {
  if (typeof meta.vectorBytes === "string" && meta.vectorBytes !== "") {
    return decodeFloat32(meta.vectorBytes);
  }
  // Named vectors: the default (unnamed) one, else the first.
  if (Array.isArray(meta.vectors) && meta.vectors.length > 0) {
    const list = meta.vectors.filter(isObject);
    const v = list.find((x) => x.name === "default" || !x.name) ?? list[0];
    if (typeof v?.vectorBytes === "string") return decodeFloat32(v.vectorBytes);
  }
  if (Array.isArray(meta.vector) && meta.vector.length > 0) return meta.vector.map(Number);
  return undefined;
}

/**
 * Decodes a properties.proto `Value` oneof. `undefined` for `nullValue` and empty values. A oneof
 * member holding its zero value may still be omitted by some encoders; an empty object then reads
 * as null.
 */
export function decodeValue(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  if ("textValue" in value) return String(value.textValue ?? "");
  if ("stringValue" in value) return String(value.stringValue ?? "");
  if ("intValue" in value) return parseInt64(value.intValue ?? "0");
  if ("numberValue" in value) return Number(value.numberValue ?? 0);
  if ("boolValue" in value) return value.boolValue === true;
  if ("dateValue" in value) return String(value.dateValue ?? "");
  if ("uuidValue" in value) return String(value.uuidValue ?? "");
  if ("blobValue" in value) return String(value.blobValue ?? "");
  if ("geoValue" in value) {
    const g = isObject(value.geoValue) ? value.geoValue : {};
    return { latitude: Number(g.latitude ?? 0), longitude: Number(g.longitude ?? 0) };
  }
  if ("phoneValue" in value) return decodePhone(value.phoneValue);
  if ("listValue" in value) return decodeList(value.listValue);
  if ("objectValue" in value) return decodeObject(value.objectValue);
  return undefined;
}

function decodeList(list: unknown): unknown[] {
  if (!isObject(list)) return [];
  const values = (key: string): unknown => {
    const inner = list[key];
    return isObject(inner) ? inner.values : undefined;
  };
  if ("textValues" in list) return strings(values("textValues"));
  if ("dateValues" in list) return strings(values("dateValues"));
  if ("uuidValues" in list) return strings(values("uuidValues"));
  if ("boolValues" in list) {
    const v = values("boolValues");
    return Array.isArray(v) ? v.map((b) => b === true) : [];
  }
  if ("intValues" in list) {
    const v = values("intValues");
    return typeof v === "string" ? decodeInt64(v) : [];
  }
  if ("numberValues" in list) {
    const v = values("numberValues");
    return typeof v === "string" ? decodeFloat64(v) : [];
  }
  if ("objectValues" in list) {
    const v = values("objectValues");
    return Array.isArray(v) ? v.map(decodeObject) : [];
  }
  // Deprecated untyped form: `values: [Value]`.
  return Array.isArray(list.values) ? list.values.map(decodeValue) : [];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map((s) => String(s)) : [];
}

function decodeObject(o: unknown): Record<string, unknown> {
  const fields = isObject(o) && isObject(o.fields) ? o.fields : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    const d = decodeValue(v);
    if (d !== undefined) out[k] = d;
  }
  return out;
}

function decodePhone(p: unknown): Record<string, unknown> {
  const o = isObject(p) ? p : {};
  return {
    countryCode: o.countryCode === undefined ? 0 : parseInt64(o.countryCode),
    defaultCountry: String(o.defaultCountry ?? ""),
    input: String(o.input ?? ""),
    internationalFormatted: String(o.internationalFormatted ?? ""),
    national: o.national === undefined ? 0 : parseInt64(o.national),
    nationalFormatted: String(o.nationalFormatted ?? ""),
    valid: o.valid === true,
  };
}
