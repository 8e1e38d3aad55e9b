import assert from "node:assert/strict";
import { erf, referenceHidden, referenceLogits } from "../../tools/testing/reference_bert.ts";
import { SHAPES } from "../../tools/synth/shapes.ts";
import { synthesizeModel } from "../../tools/synth/synthesize.ts";
import { encodeBatch, maxAbsDiff, PAIRS, runOrt, tinyTokenizer } from "./helpers.ts";

Deno.test("reference: erf matches known values to 1e-12", () => {
  const known: [number, number][] = [
    [0, 0],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [-2, -0.9953222650189527],
    [3.5, 0.9999992569016276],
  ];
  for (const [x, y] of known) assert.ok(Math.abs(erf(x) - y) < 1e-12, `erf(${x})`);
});

Deno.test("reference: plain-TS forward pass matches ORT logits within 1e-4 (padded batch)", async () => {
  for (const seed of [42, 7]) {
    const model = synthesizeModel("tiny", { seed });
    const batch = encodeBatch(tinyTokenizer(), PAIRS);
    assert.ok(batch.attentionMask.some((row) => row.includes(0)), "the batch has padding");
    const ort = await runOrt(model.onnx, batch);
    const ref = referenceLogits(SHAPES.tiny, model.parameters, batch);
    const diff = maxAbsDiff(ref, ort.rows);
    assert.ok(diff <= 1e-4, `max |ref - ORT| = ${diff}`);
  }
});

Deno.test("reference: hidden states match ORT's last_hidden_state within 1e-4 on real tokens", async () => {
  const model = synthesizeModel("tiny", { head: "hidden" });
  const batch = encodeBatch(tinyTokenizer(), PAIRS.slice(0, 3));
  const ort = await runOrt(model.onnx, batch, "last_hidden_state");
  const ref = referenceHidden(SHAPES.tiny, model.parameters, batch);
  const H = SHAPES.tiny.hiddenSize;
  let diff = 0;
  ref.forEach((rows, b) =>
    rows.forEach((row, s) => {
      if (batch.attentionMask[b][s] === 0) return;
      row.forEach((v, i) => diff = Math.max(diff, Math.abs(v - ort.rows[b][s * H + i])));
    })
  );
  assert.ok(diff <= 1e-4, `max |ref - ORT| = ${diff}`);
});
