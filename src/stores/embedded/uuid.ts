/**
 * UUID helpers of the embedded store: validation and deterministic ids for records without one.
 * SHA-1 runs synchronously ({@link sha1}, no dependency, so the Workers bundle stays as it is):
 * one WebCrypto `digest` round trip per generated id cost far more than the hash itself (1.7 s of
 * a 100k-object load).
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
export function uuidV5(namespace: string, name: string): Promise<string> {
  const ns = namespace.replaceAll("-", "");
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  for (let i = 0; i < 16; i++) input[i] = parseInt(ns.slice(i * 2, i * 2 + 2), 16);
  input.set(nameBytes, 16);
  const hash = sha1(input).slice(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
  return Promise.resolve(
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
      hex.slice(20)
    }`,
  );
}

/**
 * The id of a record without one: UUID v5 of `"<class>/<index>"` in {@link ID_NAMESPACE}, where
 * index is the 0-based position of the record across all files of the collection, in load order.
 * Stable as long as the files and their order do not change.
 */
export function generatedId(className: string, index: number): Promise<string> {
  return uuidV5(ID_NAMESPACE, `${className}/${index}`);
}

/** SHA-1 of `bytes` (FIPS 180-4), 20 bytes; for short names such as generated-id inputs. */
export function sha1(bytes: Uint8Array): Uint8Array {
  const bitLength = bytes.length * 8;
  const blocks = ((bytes.length + 8) >> 6) + 1;
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
  const w = new Int32Array(80);
  for (let block = 0; block < blocks; block++) {
    for (let t = 0; t < 16; t++) w[t] = view.getInt32(block * 64 + t * 4);
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let t = 0; t < 80; t++) {
      const f = t < 20
        ? ((b & c) | (~b & d)) + 0x5a827999
        : t < 40
        ? (b ^ c ^ d) + 0x6ed9eba1
        : t < 60
        ? ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc
        : (b ^ c ^ d) + 0xca62c1d6;
      const next = (((a << 5) | (a >>> 27)) + f + e + w[t]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = next;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => outView.setInt32(i * 4, h));
  return out;
}
