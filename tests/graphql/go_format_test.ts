import assert from "node:assert/strict";
import {
  Float32Value,
  formatFloat32,
  formatFloat32Go,
  formatFloat64,
} from "../../src/core/go_format.ts";
import { toWeaviateJson } from "../../src/graphql/weaviate_json.ts";

Deno.test("float32 values print with float32 precision (Weaviate distances)", () => {
  assert.equal(formatFloat32(0.16765535), "0.16765535");
  assert.equal(formatFloat32(1 / 3), "0.33333334");
  assert.equal(formatFloat32(0.1), "0.1");
  assert.equal(formatFloat32(1e-7), "1e-7");
  assert.equal(formatFloat32(0), "0");
  assert.equal(formatFloat32(12), "12");
});

Deno.test("float64 values print as Go's encoding/json does", () => {
  assert.equal(formatFloat64(0.357119), "0.357119");
  assert.equal(formatFloat64(12), "12");
  assert.equal(formatFloat64(1.5e-7), "1.5e-7");
  assert.equal(formatFloat64(1e21), "1e+21");
  assert.throws(() => formatFloat64(NaN));
});

Deno.test("score strings follow fmt %v of a float32", () => {
  assert.equal(formatFloat32Go(1.917839), "1.917839");
  assert.equal(formatFloat32Go(2.2325633), "2.2325633");
  assert.equal(formatFloat32Go(0), "0");
  assert.equal(formatFloat32Go(0.00012), "0.00012");
  assert.equal(formatFloat32Go(0.00001), "1e-05");
  assert.equal(formatFloat32Go(1234567), "1.234567e+06");
  assert.equal(formatFloat32Go(123456), "123456");
  assert.equal(formatFloat32Go(1 / 3), "0.33333334");
});

Deno.test("Weaviate JSON: keys sorted at every level, float32 boxes, no HTML escaping", () => {
  const body = toWeaviateJson({
    data: {
      Get: {
        C: [{ question: "<b>&", _additional: { distance: new Float32Value(1 / 3), id: "x" } }],
      },
    },
    errors: undefined,
  });
  assert.equal(
    body,
    '{"data":{"Get":{"C":[{"_additional":{"distance":0.33333334,"id":"x"},"question":"<b>&"}]}}}\n',
  );
  assert.equal(
    toWeaviateJson({ b: 1, a: [null, true, "\u2028"] }),
    '{"a":[null,true,"\\u2028"],"b":1}\n',
  );
});

/** The shortest round-tripping float32 digits by trying every precision in turn (the definition). */
function shortestByScan(x: number): string {
  const f = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return formatFloat64(candidate);
  }
  return formatFloat64(f);
}

Deno.test("float32 digits equal the precision-by-precision scan (every power of two, 200k samples)", () => {
  const check = (x: number) => assert.equal(formatFloat32(x), shortestByScan(x), String(x));
  // Powers of two are the only float32 values whose rounding interval is lopsided.
  for (let k = -149; k <= 127; k++) {
    check(2 ** k);
    check(-(2 ** k));
  }
  const bits = new Uint32Array(1);
  const asFloat = new Float32Array(bits.buffer);
  let seed = 12345;
  for (let i = 0; i < 200_000; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    bits[0] = seed;
    if (Number.isFinite(asFloat[0])) check(asFloat[0]);
    check(Math.random() * 2 - 1);
  }
});
