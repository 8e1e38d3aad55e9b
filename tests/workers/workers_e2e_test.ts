/**
 * The gateway on Cloudflare Workers, end to end: `wrangler dev` runs worker.ts in local workerd
 * (offline) with local R2 seeded at test time, and the test checks conformance bodies, the seed
 * query reranked by the WASM cross-encoder (a synthetic TinyBERT-L2-shaped int8 model from R2) and
 * a Cohere rerank against a local fake, and the same model read from a URL (a local static host)
 * instead of R2. Ignored when wrangler is not installed (`npm ci`).
 */
import assert from "node:assert/strict";
import { fakeScore, startFakeServer } from "../rerankers/fake_server.ts";
import { cohereHandler } from "../rerankers/fakes.ts";
import { type ModelServer, serveModelFiles } from "../helpers/model_server.ts";
import {
  DATA_SEEDS,
  DOGS,
  MODEL_PREFIX,
  seedQuery,
  testGatewayConfig,
  tinybertSeeds,
} from "./fixtures.ts";
import { BUCKETS, seedR2, startWranglerDev, wranglerBin } from "./wrangler_dev.ts";

const [U0, U1] = DOGS.map((d) => d.id);
const E1_BODY =
  `{"data":{"Get":{"BigFurryMonsterDog":[{"_additional":{"id":"${U1}","rerank":[{"score":12}]}},` +
  `{"_additional":{"id":"${U0}","rerank":[{"score":8}]}}]}}}\n`;
const E6_BODY =
  '{"data":{"Get":{"BigFurryMonsterDog":null}},"errors":[{"locations":[{"column":6,"line":1}],' +
  '"message":"explorer: get class: concurrentTargetVectorSearch): explorer: get class: extend: extend rerank: no properties provided",' +
  '"path":["Get","BigFurryMonsterDog"]}]}\n';

interface Row {
  answer: string;
  _additional: { distance: number; rerank: { score: number }[] };
}

async function post(url: string, query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/v1/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const bin = wranglerBin();
// CI sets GATEWAY_REQUIRE_WRANGLER=1: there a missing wrangler fails instead of skipping.
const required = Deno.env.get("GATEWAY_REQUIRE_WRANGLER") === "1";
if (!bin && !required) {
  console.warn("workers e2e: ignored, wrangler is not installed (run `npm ci` first)");
}

Deno.test({
  name:
    "workers e2e: wrangler dev serves conformance, a WASM rerank from R2 and from a URL, and a Cohere rerank",
  ignore: !bin && !required,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    assert.ok(bin, "wrangler is not installed: run `npm ci` (GATEWAY_REQUIRE_WRANGLER=1)");
    const signal = AbortSignal.timeout(240_000);
    const persistTo = await Deno.makeTempDir({ prefix: "wrangler-state-" });
    const cohere = startFakeServer(cohereHandler);
    let dev: Awaited<ReturnType<typeof startWranglerDev>> | undefined;
    let host: ModelServer | undefined;
    try {
      const model = await tinybertSeeds();
      const enc = new TextEncoder();
      host = serveModelFiles(
        new Map(model.seeds.map((s) => [
          s.key.slice(MODEL_PREFIX.length + 1),
          typeof s.data === "string" ? enc.encode(s.data) : s.data,
        ])),
        MODEL_PREFIX,
      );
      await seedR2(BUCKETS.models, model.seeds, { persistTo, signal });
      await seedR2(BUCKETS.data, DATA_SEEDS, { persistTo, signal });
      dev = await startWranglerDev({
        persistTo,
        vars: {
          GATEWAY_CONFIG: JSON.stringify(testGatewayConfig(cohere.url, host.url)),
          GATEWAY_DEBUG: "1",
          COHERE_APIKEY: "test-key-from-secret",
        },
      });
      const url = dev.url;

      await t.step("E1: nearVector + dummy rerank, Weaviate's exact body", async () => {
        const res = await post(
          url,
          '{Get{BigFurryMonsterDog(nearVector:{vector:[1,0]}){_additional{id} _additional{rerank(property: "second",query: "apple" ){score}}}}}',
        );
        assert.equal(res.status, 200);
        assert.equal(res.text, E1_BODY);
      });

      await t.step("E6: missing rerank property, Weaviate's exact partial-data error", async () => {
        const res = await post(
          url,
          '{Get{BigFurryMonsterDog(nearVector:{vector:[1,0]}){_additional{id rerank(query:"apple"){score}}}}}',
        );
        assert.equal(res.text, E6_BODY);
        const empty = await post(
          url,
          '{Get{EmptyDog{_additional{id rerank(query:"apple"){score}}}}}',
        );
        assert.equal(empty.text, '{"data":{"Get":{"EmptyDog":[]}}}\n');
      });

      await t.step(
        `seed query reranked by the WASM cross-encoder (${MODEL_PREFIX} int8, R2)`,
        async () => {
          const res = await post(url, seedQuery("JeopardyQuestion"));
          assert.equal(res.status, 200, res.text);
          const body = JSON.parse(res.text);
          assert.equal(body.errors, undefined, res.text);
          const rows = body.data.Get.JeopardyQuestion as Row[];
          assert.equal(rows.length, 10);
          const scores = rows.map((r) => r._additional.rerank[0].score);
          for (const s of scores) assert.ok(Number.isFinite(s) && Math.abs(s) < 100, `score ${s}`);
          assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "sorted by rerank score");
          assert.ok(new Set(scores).size > 1, "scores differ between documents");
          const stats = await (await fetch(`${url}/_worker/stats`)).json();
          assert.equal(stats.instances, 1, "one ORT instance per isolate");
          assert.ok(
            stats.heapBytes > 0 && stats.heapBytes < 96 * 2 ** 20,
            `heap ${stats.heapBytes}`,
          );
          const again = await post(url, seedQuery("JeopardyQuestion"));
          assert.equal(again.text, res.text, "a warm isolate answers the same");
        },
      );

      await t.step("the same model from a URL scores as from R2, fetched once", async () => {
        const fromR2 = JSON.parse((await post(url, seedQuery("JeopardyQuestion"))).text);
        const res = await post(url, seedQuery("JeopardyUrl"));
        const again = await post(url, seedQuery("JeopardyUrl").replace("floating", "flying"));
        assert.equal(again.status, 200, again.text);
        const body = JSON.parse(res.text);
        assert.equal(body.errors, undefined, res.text);
        // Distances differ (text2vec-hash embeds the class name too); a pair's score does not.
        const r2 = new Map(
          (fromR2.data.Get.JeopardyQuestion as Row[]).map((r) => [r.answer, r._additional.rerank]),
        );
        const shared = (body.data.Get.JeopardyUrl as Row[]).filter((r) => r2.has(r.answer));
        assert.ok(shared.length >= 5, res.text);
        for (const r of shared) assert.deepEqual(r._additional.rerank, r2.get(r.answer), r.answer);
        assert.equal(host!.gets("model_quantized.onnx"), 1);
        assert.equal(host!.gets("tokenizer.json"), 1);
      });

      await t.step("seed query reranked by Cohere (a local fake, key from the env)", async () => {
        const res = await post(url, seedQuery("JeopardyCohere", 5));
        const rows = JSON.parse(res.text).data.Get.JeopardyCohere as Row[];
        const scores = rows.map((r) => r._additional.rerank[0].score);
        assert.deepEqual(scores, rows.map((r) => fakeScore(r.answer)));
        assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
        assert.equal(cohere.requests.length, 1);
        assert.equal(cohere.requests[0].path, "/v2/rerank");
        assert.equal(cohere.requests[0].headers["authorization"], "Bearer test-key-from-secret");
      });
    } catch (err) {
      if (dev) console.error(dev.log());
      throw err;
    } finally {
      await dev?.close();
      await cohere.close();
      await host?.close();
      await Deno.remove(persistTo, { recursive: true }).catch(() => {});
    }
  },
});
