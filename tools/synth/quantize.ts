/**
 * Per-tensor symmetric int8 quantization exactly as `onnxruntime.quantization.quantize_dynamic`
 * does it for `QInt8` weights: zero point 0, scale `max|w| / 127`, values rounded half to even
 * and clipped to [-127, 127].
 * @module
 */

/** A quantized tensor: int8 values and the scale that dequantizes them (zero point 0). */
export interface QuantizedTensor {
  readonly values: Int8Array;
  readonly scale: number;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round rounds .5 up; numpy (which ORT uses) rounds ties to even.
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Quantizes `data` to symmetric per-tensor int8. */
export function quantizeSymmetricInt8(data: Float32Array): QuantizedTensor {
  let absMax = 0;
  for (let i = 0; i < data.length; i++) absMax = Math.max(absMax, Math.abs(data[i]));
  const scale = Math.fround(absMax === 0 ? 1 : absMax / 127);
  const values = new Int8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    values[i] = Math.max(-127, Math.min(127, roundHalfEven(data[i] / scale)));
  }
  return { values, scale };
}
