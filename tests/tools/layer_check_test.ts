import assert from "node:assert/strict";
import { checkEdge, findViolations } from "../../tools/layer_check.ts";

Deno.test("layer check: imports down the stack and within a folder pass", () => {
  assert.equal(checkEdge("src/graphql/executor.ts", "src/pipeline/pipeline.ts"), undefined);
  assert.equal(checkEdge("src/stores/qdrant/store.ts", "src/remote/json_http.ts"), undefined);
  assert.equal(checkEdge("src/stores/registry.ts", "src/stores/qdrant/declaration.ts"), undefined);
  assert.equal(checkEdge("src/stores/qdrant/store.ts", "src/stores/qdrant/filters.ts"), undefined);
  assert.equal(checkEdge("src/models/manifest.ts", "models/manifest.json"), undefined);
});

Deno.test("layer check: upward, sideways and cross-provider imports fail", () => {
  assert.match(
    checkEdge("src/pipeline/pipeline.ts", "src/graphql/query_error.ts") ?? "",
    /pipeline \(layer 6\) imports graphql \(layer 7\)/,
  );
  assert.match(
    checkEdge("src/vectorizers/transformers.ts", "src/rerankers/cross_encoder/session.ts") ?? "",
    /same layer/,
  );
  assert.match(
    checkEdge("src/stores/pgvector/store.ts", "src/stores/embedded/context.ts") ?? "",
    /provider stores\/pgvector imports provider stores\/embedded/,
  );
  assert.match(checkEdge("src/search/fusion.ts", "src/remote/redact.ts") ?? "", /same layer/);
  assert.match(checkEdge("src/cli/models.ts", "tools/synth/write.ts") ?? "", /src\/ imports tools/);
});

Deno.test("layer check: the tree has no import against the layers", () => {
  assert.deepEqual(findViolations("."), []);
});
