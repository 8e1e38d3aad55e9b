/**
 * The typed-array bm25 index gives exactly (bit for bit) the hits, order, scores and explanations
 * of the Orama index it replaced (kept as the bench contender `bench/orama_bm25.ts`), over random
 * collections with several tokenizations, `text[]` and boosts, for `Or` with one token to match.
 * `And` and `minimumOrTokensMatch` now apply per property (Weaviate's BlockMax-WAND); the Orama
 * index pooled them across properties, so there the reference is Orama run on each property on
 * its own, the per-property scores summed.
 * @module
 */
import assert from "node:assert/strict";
import { buildOramaBm25Index } from "../../bench/orama_bm25.ts";
import type { CollectionConfig } from "../../src/config/types.ts";
import { type Bm25Index, type Bm25Query, buildBm25Index } from "../../src/stores/embedded/bm25.ts";
import type { StoredObject } from "../../src/stores/embedded/load.ts";
import { collection, prop } from "./embedded_fixtures.ts";

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = ["alpha", "Beta", "gamma", "DELTA", "eps", "zeta", "eta", "Theta", "iota", "kappa"];

function corpus(seed: number, n: number): { objects: StoredObject[]; c: CollectionConfig } {
  const rand = rng(seed);
  const word = () => VOCAB[Math.floor(VOCAB.length * rand() ** 2)];
  const words = (k: number) => Array.from({ length: k }, word).join(rand() < 0.2 ? ", " : " ");
  const c = collection([
    prop("title", "text"),
    prop("body", "text"),
    prop("tags", "text[]"),
    prop("code", "text", { tokenization: "whitespace" }),
    prop("name", "text", { tokenization: "lowercase" }),
    prop("plain", "text", { indexSearchable: false }),
  ]);
  const objects: StoredObject[] = [];
  for (let i = 0; i < n; i++) {
    const properties: Record<string, unknown> = {
      title: words(1 + Math.floor(rand() * 4)),
      body: words(Math.floor(rand() * 30)),
      code: words(Math.floor(rand() * 5)),
      name: words(Math.floor(rand() * 3)),
      plain: words(3),
    };
    if (rand() < 0.7) properties.tags = [word(), word()];
    if (rand() < 0.1) delete properties.body;
    objects.push({
      id: `id-${i}`,
      index: i,
      properties,
      source: "mem",
      creationTimeUnix: 0,
      lastUpdateTimeUnix: 0,
    } as unknown as StoredObject);
  }
  return { objects, c };
}

function queries(seed: number): Bm25Query[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const out: Bm25Query[] = [];
  const propSets: (string[] | undefined)[] = [
    undefined,
    ["title"],
    ["body", "title^2"],
    ["tags^0.5", "body"],
    ["code", "title", "name^3"],
    ["title", "title^2"],
  ];
  for (let i = 0; i < 60; i++) {
    const words = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(VOCAB));
    if (rand() < 0.2) words.push(words[0]);
    if (rand() < 0.1) words.push("missing");
    out.push({
      query: words.join(" "),
      properties: pick(propSets),
      operator: rand() < 0.3 ? "And" : "Or",
      minimumOrTokensMatch: rand() < 0.3 ? 2 : undefined,
    });
  }
  return out;
}

function run(index: Bm25Index, q: Bm25Query) {
  return index.search(q).map((h) => [h.index, h.score, h.explainScore()]);
}

Deno.test("bm25 index: same hits, order, scores and explanations as the Orama index", async () => {
  let nonEmpty = 0;
  for (const seed of [1, 2, 3]) {
    const { objects, c } = corpus(seed, 300);
    const fresh = await buildBm25Index(objects, c);
    const orama = await buildOramaBm25Index(objects, c);
    assert.deepEqual(fresh.searchable, orama.searchable);
    for (const q of queries(seed)) {
      if (q.operator === "And" || (q.minimumOrTokensMatch ?? 1) > 1) continue;
      const got = run(fresh, q);
      assert.deepEqual(got, run(orama, q), JSON.stringify(q));
      if (got.length > 0) nonEmpty++;
    }
  }
  // The random queries mostly match something (the comparison is not vacuous).
  assert.ok(nonEmpty > 60, `only ${nonEmpty} Or queries matched`);
});

Deno.test("bm25 index: And and minimumOrTokensMatch apply per property, scores summed", async () => {
  let checked = 0;
  for (const seed of [1, 2, 3]) {
    const { objects, c } = corpus(seed, 300);
    const fresh = await buildBm25Index(objects, c);
    const orama = await buildOramaBm25Index(objects, c);
    for (const q of queries(seed)) {
      if (q.operator !== "And" && (q.minimumOrTokensMatch ?? 1) <= 1) continue;
      const props = q.properties ?? fresh.searchable;
      const names = props.map((p) => p.split("^")[0]);
      if (new Set(names).size !== names.length) continue; // one property named twice: one field
      const expected = new Map<number, number>();
      for (const p of props) {
        for (const h of orama.search({ ...q, properties: [p] })) {
          expected.set(h.index, (expected.get(h.index) ?? 0) + h.score);
        }
      }
      const got = new Map(fresh.search(q).map((h) => [h.index, h.score]));
      assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort(), JSON.stringify(q));
      for (const [i, score] of got) {
        assert.ok(
          Math.abs(score - expected.get(i)!) <= 1e-5 * Math.max(1, score),
          JSON.stringify(q),
        );
      }
      if (got.size > 0) checked++;
    }
  }
  assert.ok(checked > 20, `only ${checked} And / minimum queries matched`);
});

Deno.test("bm25 index: limit and allowed select the same hits as filtering all of them", async () => {
  const { objects, c } = corpus(7, 200);
  const index = await buildBm25Index(objects, c);
  const allowed = new Uint8Array(objects.length).map((_, i) => i % 3 === 0 ? 1 : 0);
  for (const q of queries(7)) {
    const all = index.search(q).map((h) => [h.index, h.score]);
    const kept = all.filter(([i]) => allowed[i] === 1);
    for (const limit of [0, 1, 5, 1000]) {
      assert.deepEqual(
        index.search({ ...q, limit, allowed }).map((h) => [h.index, h.score]),
        kept.slice(0, limit),
      );
      assert.deepEqual(
        index.search({ ...q, limit }).map((h) => [h.index, h.score]),
        all.slice(0, limit),
      );
    }
  }
});

Deno.test("bm25 index: an empty collection and token-less queries find nothing", async () => {
  const { c } = corpus(1, 0);
  const index = await buildBm25Index([], c);
  assert.deepEqual(index.search({ query: "alpha" }), []);
  const { objects } = corpus(1, 10);
  const full = await buildBm25Index(objects, c);
  assert.deepEqual(full.search({ query: " ,, " }), []);
});
