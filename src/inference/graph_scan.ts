/**
 * What a serialized ONNX graph contains, read from its bytes without parsing the protobuf: an op
 * type's name appears verbatim in every node that uses it.
 * @module
 */

/** True when the bytes contain `text` (an op type name in the serialized graph). */
export function containsAscii(bytes: Uint8Array, text: string): boolean {
  const pattern = new TextEncoder().encode(text);
  for (let i = bytes.indexOf(pattern[0]); i >= 0; i = bytes.indexOf(pattern[0], i + 1)) {
    let j = 1;
    while (j < pattern.length && bytes[i + j] === pattern[j]) j++;
    if (j === pattern.length) return true;
  }
  return false;
}

/**
 * The graph quantizes activations at run time (`quantize_dynamic` int8): one scale per batch
 * tensor, so a pair's score depends on its batch-mates.
 */
export function isDynamicQuantized(bytes: Uint8Array): boolean {
  return containsAscii(bytes, "DynamicQuantizeLinear");
}
