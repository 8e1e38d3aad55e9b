import assert from "node:assert/strict";
import { lineChart, tickLabel, ticks } from "../../bench/svg_chart.ts";

Deno.test("ticks: powers of ten on a log axis", () => {
  assert.deepEqual(ticks(10, 1000, true), [10, 100, 1000]);
  assert.deepEqual(ticks(15, 900, true), [10, 100, 1000]);
});

Deno.test("ticks: nice steps from 0 on a linear axis", () => {
  assert.deepEqual(ticks(0.3, 9, false), [0, 2, 4, 6, 8, 10]);
});

Deno.test("tickLabel: compact units", () => {
  assert.equal(tickLabel(1500), "1.5k");
  assert.equal(tickLabel(100000), "100k");
  assert.equal(tickLabel(0.25), "0.25");
});

Deno.test("lineChart: an SVG document with one path per series and escaped text", () => {
  const svg = lineChart({
    title: "a < b",
    xLabel: "x",
    yLabel: "y",
    logX: true,
    series: [
      { name: "one", points: [[10, 1], [100, 2]] },
      { name: "two", points: [[10, 3], [100, NaN]], dashed: true },
    ],
  });
  assert.ok(svg.startsWith("<svg "));
  assert.ok(svg.trimEnd().endsWith("</svg>"));
  assert.equal(svg.match(/<path /g)?.length, 2);
  assert.ok(svg.includes("a &lt; b"));
  assert.ok(svg.includes("stroke-dasharray"));
  assert.ok(!svg.includes("NaN"));
});
