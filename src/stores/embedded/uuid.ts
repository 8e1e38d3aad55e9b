/**
 * UUID helpers of the embedded store: validation and deterministic ids for records without one.
 * @module
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The RFC 4122 URL namespace; generated ids are UUID v5 names within it. */
export const ID_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

/** True for a canonical 8-4-4-4-12 hex UUID (any version, any case). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** RFC 4122 UUID v5 (SHA-1) of `name` in `namespace`, lower-case. */
export async function uuidV5(namespace: string, name: string): Promise<string> {
  const ns = namespace.replaceAll("-", "");
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  for (let i = 0; i < 16; i++) input[i] = parseInt(ns.slice(i * 2, i * 2 + 2), 16);
  input.set(nameBytes, 16);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-1", input)).slice(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20)
  }`;
}

/**
 * The id of a record without one: UUID v5 of `"<class>/<index>"` in {@link ID_NAMESPACE}, where
 * index is the 0-based position of the record across all files of the collection, in load order.
 * Stable as long as the files and their order do not change.
 */
export function generatedId(className: string, index: number): Promise<string> {
  return uuidV5(ID_NAMESPACE, `${className}/${index}`);
}
