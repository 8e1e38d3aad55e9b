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
  let input = new Uint8Array(16 + name.length);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) {
      // Not ASCII: the UTF-8 bytes.
      const nameBytes = new TextEncoder().encode(name);
      input = new Uint8Array(16 + nameBytes.length);
      input.set(nameBytes, 16);
      break;
    }
    input[16 + i] = c;
  }
  input.set(ns);
  const h = sha1(input);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  return HEX[h[0]] + HEX[h[1]] + HEX[h[2]] + HEX[h[3]] + "-" + HEX[h[4]] + HEX[h[5]] + "-" +
    HEX[h[6]] + HEX[h[7]] + "-" + HEX[h[8]] + HEX[h[9]] + "-" + HEX[h[10]] + HEX[h[11]] +
    HEX[h[12]] + HEX[h[13]] + HEX[h[14]] + HEX[h[15]];
}

/** Two lower-case hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

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

/** The message schedule of {@link sha1}, reused (the hash is synchronous). */
const schedule = new Int32Array(80);

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
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  outView.setInt32(0, h0);
  outView.setInt32(4, h1);
  outView.setInt32(8, h2);
  outView.setInt32(12, h3);
  outView.setInt32(16, h4);
  return out;
}
