/**
 * Protojson `bytes` fields of Weaviate's gRPC API: base64 of little-endian float32 vectors
 * (`vectorBytes`), int64 lists and float64 lists (`listValue.intValues/numberValues.values`).
 * @module
 */

import { fromBase64, toBase64 } from "../../core/base64.ts";

export { fromBase64, toBase64 };

function view(text: string, width: number, what: string): DataView {
  const bytes = fromBase64(text);
  if (bytes.length % width !== 0) {
    throw new Error(`${what}: ${bytes.length} bytes is not a multiple of ${width}`);
  }
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes base64 little-endian float32s (`vectorBytes`). */
export function decodeFloat32(text: string): number[] {
  const v = view(text, 4, "vectorBytes");
  return Array.from({ length: v.byteLength / 4 }, (_, i) => v.getFloat32(i * 4, true));
}

/** Encodes numbers as base64 little-endian float32s. */
export function encodeFloat32(values: readonly number[]): string {
  const v = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((x, i) => v.setFloat32(i * 4, x, true));
  return toBase64(new Uint8Array(v.buffer));
}

/** Decodes base64 little-endian float64s (`numberValues.values`). */
export function decodeFloat64(text: string): number[] {
  const v = view(text, 8, "numberValues");
  return Array.from({ length: v.byteLength / 8 }, (_, i) => v.getFloat64(i * 8, true));
}

/** Encodes numbers as base64 little-endian float64s. */
export function encodeFloat64(values: readonly number[]): string {
  const v = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((x, i) => v.setFloat64(i * 8, x, true));
  return toBase64(new Uint8Array(v.buffer));
}

/** Decodes base64 little-endian int64s (`intValues.values`); beyond 2^53 is an error. */
export function decodeInt64(text: string): number[] {
  const v = view(text, 8, "intValues");
  return Array.from(
    { length: v.byteLength / 8 },
    (_, i) => int64ToNumber(v.getBigInt64(i * 8, true)),
  );
}

/** Encodes integers as base64 little-endian int64s. */
export function encodeInt64(values: readonly number[]): string {
  const v = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((x, i) => v.setBigInt64(i * 8, BigInt(x), true));
  return toBase64(new Uint8Array(v.buffer));
}

/** A protojson int64 (a JSON string, or a number from lenient servers) as a safe JS number. */
export function parseInt64(value: unknown): number {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return int64ToNumber(BigInt(value));
  throw new Error(`expected an int64, got ${JSON.stringify(value)}`);
}

function int64ToNumber(b: bigint): number {
  const n = Number(b);
  if (!Number.isSafeInteger(n)) throw new Error(`int64 ${b} is beyond 2^53 and cannot be exact`);
  return n;
}
