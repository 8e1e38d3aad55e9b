/**
 * UUID helpers of the embedded store: validation and deterministic ids for records without one.
 * SHA-1 runs synchronously ({@link sha1}, no dependency, so the Workers bundle stays as it is):
 * one WebCrypto `digest` round trip per generated id cost far more than the hash itself (1.7 s of
 * a 100k-object load); a load calls {@link generatedIdSync}, with no promise per record.
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
  return Promise.resolve(uuidV5Sync(namespace, name));
}

/** {@link uuidV5}, synchronously (what a load calls once per record without an id). */
export function uuidV5Sync(namespace: string, name: string): string {
  const ns = namespaceBytes(namespace);
  let input = nameScratch.length >= 16 + name.length
    ? nameScratch
    : (nameScratch = new Uint8Array(2 * (16 + name.length)));
  let length = 16 + name.length;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) {
      // Not ASCII: the UTF-8 bytes.
      const nameBytes = new TextEncoder().encode(name);
      length = 16 + nameBytes.length;
      input = new Uint8Array(length);
      input.set(nameBytes, 16);
      break;
    }
    input[16 + i] = c;
  }
  input.set(ns);
  const h = digestWords;
  digest(input, length, h);
  // Version 5 in the high nibble of byte 6, the RFC 4122 variant in the top bits of byte 8.
  const h1 = (h[1] & ~0xf000) | 0x5000, h2 = (h[2] & 0x3fffffff) | 0x80000000;
  return hex32(h[0]) + "-" + hex16(h1 >>> 16) + "-" + hex16(h1) + "-" + hex16(h2 >>> 16) + "-" +
    hex16(h2) + hex32(h[3]);
}

/** Two lower-case hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** The low 16 bits of `x` as 4 hex digits. */
function hex16(x: number): string {
  return HEX[(x >>> 8) & 0xff] + HEX[x & 0xff];
}

/** `x` as 8 hex digits. */
function hex32(x: number): string {
  return hex16(x >>> 16) + hex16(x);
}

/** Namespace + name bytes of {@link uuidV5Sync}, reused (grown for long names). */
let nameScratch = new Uint8Array(128);
/** The five words of the last digest. */
const digestWords = new Int32Array(5);

let lastNamespace: { text: string; bytes: Uint8Array } | undefined;

/** The 16 bytes of a namespace UUID (the last one is kept: loads use one namespace). */
function namespaceBytes(namespace: string): Uint8Array {
  if (lastNamespace?.text === namespace) return lastNamespace.bytes;
  const hex = namespace.replaceAll("-", "");
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  lastNamespace = { text: namespace, bytes };
  return bytes;
}

/**
 * The id of a record without one: UUID v5 of `"<class>/<index>"` in {@link ID_NAMESPACE}, where
 * index is the 0-based position of the record across all files of the collection, in load order.
 * Stable as long as the files and their order do not change.
 */
export function generatedId(className: string, index: number): Promise<string> {
  return Promise.resolve(generatedIdSync(className, index));
}

/** {@link generatedId}, synchronously. */
export function generatedIdSync(className: string, index: number): string {
  return uuidV5Sync(ID_NAMESPACE, `${className}/${index}`);
}

/** SHA-1 of `bytes` (FIPS 180-4), 20 bytes; for short names such as generated-id inputs. */
export function sha1(bytes: Uint8Array): Uint8Array {
  const words = new Int32Array(5);
  digest(bytes, bytes.length, words);
  const out = new Uint8Array(20);
  for (let i = 0; i < 20; i++) out[i] = words[i >> 2] >>> (24 - 8 * (i & 3));
  return out;
}

/** The message schedule of {@link digest}, reused (the hash is synchronous). */
const schedule = new Int32Array(80);
/** The padded message of {@link digest} when it fits in two blocks (names of up to 119 bytes). */
const paddedScratch = new Uint8Array(128);

/** SHA-1 of `bytes[0, length)` into `out` (five big-endian words). */
function digest(bytes: Uint8Array, length: number, out: Int32Array): void {
  const blocks = ((length + 8) >> 6) + 1;
  const size = blocks * 64;
  const padded = size <= paddedScratch.length ? paddedScratch : new Uint8Array(size);
  padded.set(bytes.subarray(0, length));
  padded.fill(0, length, size);
  padded[length] = 0x80;
  // The message length in bits, big-endian in the last 8 bytes (lengths below 2^32 bits).
  const bits = length * 8;
  padded[size - 5] = Math.floor(bits / 2 ** 32) & 0xff;
  padded[size - 4] = bits >>> 24;
  padded[size - 3] = (bits >>> 16) & 0xff;
  padded[size - 2] = (bits >>> 8) & 0xff;
  padded[size - 1] = bits & 0xff;
  let h0 = 0x67452301, h1 = 0xefcdab89 | 0, h2 = 0x98badcfe | 0, h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  const w = schedule;
  for (let block = 0; block < blocks; block++) {
    for (let t = 0; t < 16; t++) {
      const at = block * 64 + t * 4;
      w[t] = (padded[at] << 24) | (padded[at + 1] << 16) | (padded[at + 2] << 8) | padded[at + 3];
    }
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    // The four rounds of 20 steps, in int32 arithmetic (`| 0` keeps every sum a small integer).
    for (let t = 0; t < 80; t++) {
      let f: number;
      if (t < 20) f = ((b & c) | (~b & d)) + 0x5a827999 | 0;
      else if (t < 40) f = (b ^ c ^ d) + 0x6ed9eba1 | 0;
      else if (t < 60) f = ((b & c) | (b & d) | (c & d)) + (0x8f1bbcdc | 0) | 0;
      else f = (b ^ c ^ d) + (0xca62c1d6 | 0) | 0;
      const next = (((a << 5) | (a >>> 27)) + f | 0) + (e + w[t] | 0) | 0;
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
  out[0] = h0;
  out[1] = h1;
  out[2] = h2;
  out[3] = h3;
  out[4] = h4;
}
