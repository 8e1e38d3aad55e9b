/**
 * JSON encoding as Weaviate's REST layer produces it: keys sorted byte-wise at every level (the
 * handler re-marshals a Go map), Go number formatting, float32 values printed with float32
 * precision, no HTML escaping (go-openapi producer), U+2028/U+2029 escaped, trailing newline.
 * @module
 */
import { Float32Value, formatFloat32, formatFloat64 } from "../core/go_format.ts";

function encodeString(s: string): string {
  return JSON.stringify(s).replace(
    /[\u2028\u2029]/g,
    (c) => c === "\u2028" ? "\\u2028" : "\\u2029",
  );
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encode(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push("null");
  } else if (typeof value === "string") {
    out.push(encodeString(value));
  } else if (typeof value === "number") {
    out.push(formatFloat64(value));
  } else if (typeof value === "boolean") {
    out.push(value ? "true" : "false");
  } else if (value instanceof Float32Value) {
    out.push(formatFloat32(value.value));
  } else if (Array.isArray(value)) {
    out.push("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(",");
      encode(value[i], out);
    }
    out.push("]");
  } else if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort(byteOrder);
    out.push("{");
    keys.forEach((k, i) => {
      if (i > 0) out.push(",");
      out.push(encodeString(k), ":");
      encode(obj[k], out);
    });
    out.push("}");
  } else {
    throw new TypeError(`json: unsupported type ${typeof value}`);
  }
}

/** Encodes a value as Weaviate's REST layer would (see module doc). */
export function toWeaviateJson(value: unknown): string {
  const out: string[] = [];
  encode(value, out);
  out.push("\n");
  return out.join("");
}
