import assert from "node:assert/strict";
import { createReranker } from "../../src/rerankers/registry.ts";
import type { AiBinding } from "../../src/core/runtime.ts";
import { createWorkersAiReranker } from "../../src/rerankers/workers_ai.ts";
import { rerankerContract } from "./contract.ts";
import { fakeScore } from "./fake_server.ts";

/** A fake `env.AI` answering like bge-reranker-base: `{response:[{id, score}]}`, best first. */
function fakeAi(): AiBinding & { calls: { model: string; input: unknown }[] } {
  const calls: { model: string; input: unknown }[] = [];
  return {
    calls,
    run(model, input) {
      calls.push({ model, input });
      const { contexts } = input as { contexts: { text: string }[] };
      const response = contexts.map((c, id) => ({ id, score: fakeScore(c.text) }))
        .sort((a, b) => b.score - a.score);
      return Promise.resolve({ response });
    },
  };
}

rerankerContract("reranker-workers-ai", () => {
  const ai = fakeAi();
  return Promise.resolve({
    reranker: createWorkersAiReranker({ ai, timeoutMs: 5000 }),
    expected: fakeScore,
    calls: () => ai.calls.length,
    close: () => Promise.resolve(),
  });
});

Deno.test("reranker-workers-ai: runs @cf/baai/bge-reranker-base with {query, contexts}", async () => {
  const ai = fakeAi();
  const r = createWorkersAiReranker({ ai, timeoutMs: 5000 });
  await r.rerank("floating", ["a", "bb"], { signal: new AbortController().signal });
  assert.deepEqual(ai.calls, [{
    model: "@cf/baai/bge-reranker-base",
    input: { query: "floating", contexts: [{ text: "a" }, { text: "bb" }], top_k: 2 },
  }]);
});

Deno.test("reranker-workers-ai: binding errors and slow answers reach the client", async () => {
  const failing: AiBinding = { run: () => Promise.reject(new Error("3040: Capacity exceeded")) };
  await assert.rejects(
    createWorkersAiReranker({ ai: failing, timeoutMs: 5000 })
      .rerank("q", ["a"], { signal: new AbortController().signal }),
    { message: "Workers AI @cf/baai/bge-reranker-base: 3040: Capacity exceeded" },
  );
  let release = () => {};
  const slow: AiBinding = {
    run: () => new Promise((resolve) => release = () => resolve({ response: [] })),
  };
  await assert.rejects(
    createWorkersAiReranker({ ai: slow, timeoutMs: 100 })
      .rerank("q", ["a"], { signal: new AbortController().signal }),
    {
      message: 'Workers AI run "@cf/baai/bge-reranker-base": context deadline exceeded ' +
        "(timeout after 100 ms)",
    },
  );
  release();
});

Deno.test("reranker-workers-ai: without the binding the module refuses to start", () => {
  assert.throws(
    () => createReranker("reranker-workers-ai", { settings: {} }),
    /needs the Workers AI binding \(env\.AI\)/,
  );
});
