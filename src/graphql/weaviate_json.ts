/**
 * JSON encoding as Weaviate's REST layer produces it: keys sorted byte-wise at every level (the
 * handler re-marshals a Go map), Go number formatting, float32 values printed with float32
 * precision, no HTML escaping (go-openapi producer), U+2028/U+2029 escaped, trailing newline.
 * @module
 */
import { Float32Value, formatFloat32, formatFloat64 } from "../core/go_format.ts";

/** A JSON string as Weaviate writes it (U+2028 / U+2029 escaped, no HTML escaping). */
export function encodeString(s: string): string {
  const json = JSON.stringify(s);
  // Testing first is cheaper than a replace that finds nothing (the common case).
  return LINE_SEPARATORS.test(json)
    ? json.replace(/[\u2028\u2029]/g, (c) => c === "\u2028" ? "\\u2028" : "\\u2029")
    : json;
}

const LINE_SEPARATORS = /[\u2028\u2029]/;

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * JSON text written ahead of time (the compiled query path encodes its class fields as they
 * complete) and placed verbatim where it sits in the value. `tooLarge` marks text cut short because
 * it already exceeded the answer's byte limit; `fault` is an encoding error to throw where the
 * text sits, as the encoder would have thrown there.
 */
export class RawJson {
  constructor(
    readonly text: string,
    readonly problem?: { readonly tooLarge?: boolean; readonly fault?: unknown },
  ) {}
  /** `JSON.stringify` sees the value (keys sorted, numbers as JSON reads them). */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * One scalar as {@link toWeaviateJson} writes it: string, number (Go's float64 form), boolean,
 * {@link Float32Value} (float32 digits); throws for non-finite numbers, as Go's encoder fails.
 */
export function encodeScalar(value: unknown): string {
  if (typeof value === "string") return encodeString(value);
  if (typeof value === "number") return formatFloat64(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Float32Value) return formatFloat32(value.value);
  throw new TypeError(`json: unsupported type ${typeof value}`);
}

/** Thrown inside {@link encode} when the text outgrows its sink's limit. */
const TOO_LARGE = Symbol("too large");

/** Collects the encoded pieces and counts their characters against a limit. */
class Sink {
  readonly parts: string[] = [];
  chars = 0;
  constructor(readonly maxChars: number) {}
  push(piece: string): void {
    this.parts.push(piece);
    this.chars += piece.length;
    if (this.chars > this.maxChars) throw TOO_LARGE;
  }
}

function encode(value: unknown, out: Sink): void {
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
  } else if (value instanceof RawJson) {
    if (value.problem?.fault !== undefined) throw value.problem.fault;
    if (value.problem?.tooLarge) {
      if (out.maxChars === Infinity) throw new RangeError("json: pre-encoded text was cut short");
      throw TOO_LARGE;
    }
    out.push(value.text);
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
      out.push(encodeString(k));
      out.push(":");
      encode(obj[k], out);
    });
    out.push("}");
  } else {
    throw new TypeError(`json: unsupported type ${typeof value}`);
  }
}

/** Encodes a value as Weaviate's REST layer would (see module doc). */
export function toWeaviateJson(value: unknown): string {
  const out = new Sink(Infinity);
  encode(value, out);
  out.push("\n");
  return out.parts.join("");
}

/** UTF-8 length of `s` (lone surrogates count 3, as TextEncoder writes U+FFFD). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 2; // 4 bytes for 2 code units
        i++;
      } else n += 2;
    } else n += 2;
  }
  return n;
}

/**
 * As {@link toWeaviateJson} without the trailing newline, or `undefined` when the text would be
 * longer than `maxBytes` UTF-8 bytes. Encoding stops as soon as the characters alone exceed the
 * limit, so an oversized answer is never built in full.
 */
export function toWeaviateJsonWithin(value: unknown, maxBytes: number): string | undefined {
  const out = new Sink(maxBytes);
  try {
    encode(value, out);
  } catch (err) {
    if (err === TOO_LARGE) return undefined;
    throw err;
  }
  const text = out.parts.join("");
  // Characters <= bytes <= 3 x characters: count exactly only when it can matter.
  if (text.length * 3 > maxBytes && utf8Length(text) > maxBytes) return undefined;
  return text;
}
