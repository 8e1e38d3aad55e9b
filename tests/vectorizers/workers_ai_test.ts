import assert from "node:assert/strict";
import type { AiBinding } from "../../src/core/runtime.ts";
import { createVectorizer } from "../../src/vectorizers/registry.ts";
import { createWorkersAiVectorizer } from "../../src/vectorizers/workers_ai.ts";
import { conceptVector } from "./fakes.ts";

type Calls = { model: string; input: unknown }[];

/** A fake `env.AI` answering like bge-base-en-v1.5: `{shape: [n, d], data}`. */
function fakeAi(embed = conceptVector): AiBinding & { calls: Calls } {
  const calls: Calls = [];
  return {
    calls,
    run(model, input) {
      calls.push({ model, input });
      const data = (input as { text: string[] }).text.map(embed);
      return Promise.resolve({ shape: [data.length, data[0]?.length ?? 0], data });
    },
  };
}

const signal = () => new AbortController().signal;

Deno.test("text2vec-workers-ai: runs @cf/baai/bge-base-en-v1.5 with {text}", async () => {
  const ai = fakeAi();
  const v = createWorkersAiVectorizer({ ai, timeoutMs: 5000 });
  const vectors = await v.vectorize(["a blimp", "a boat"], { signal: signal() });
  assert.deepEqual(vectors, [conceptVector("a blimp"), conceptVector("a boat")]);
  assert.deepEqual(ai.calls, [{
    model: "@cf/baai/bge-base-en-v1.5",
    input: { text: ["a blimp", "a boat"] },
  }]);
  assert.equal(v.dimensions, 4);
});

Deno.test("text2vec-workers-ai: 250 texts -> 100 + 100 + 50, in order; the class's model", async () => {
  const ai = fakeAi();
  const texts = Array.from({ length: 250 }, (_, i) => "car ".repeat(i % 5) + `t${i}`);
  const v = createVectorizer("text2vec-workers-ai", {
    settings: { model: "@cf/baai/bge-small-en-v1.5" },
    ai,
  });
  assert.deepEqual(
    await v.vectorize(texts, { signal: signal(), purpose: "document" }),
    texts.map(
      conceptVector,
    ),
  );
  assert.deepEqual(
    ai.calls.map((c) => (c.input as { text: string[] }).text.length).sort((a, b) => b - a),
    [100, 100, 50],
  );
  assert.ok(ai.calls.every((c) => c.model === "@cf/baai/bge-small-en-v1.5"));
});

Deno.test("text2vec-workers-ai: binding errors, bad answers and slow answers reach the caller", async () => {
  const failing: AiBinding = { run: () => Promise.reject(new Error("3040: Capacity exceeded")) };
  await assert.rejects(
    createWorkersAiVectorizer({ ai: failing, timeoutMs: 5000 }).vectorize(["a"], {
      signal: signal(),
    }),
    { message: "Workers AI @cf/baai/bge-base-en-v1.5: 3040: Capacity exceeded" },
  );
  const empty: AiBinding = { run: () => Promise.resolve({ shape: [0, 0] }) };
  await assert.rejects(
    createWorkersAiVectorizer({ ai: empty, timeoutMs: 5000 }).vectorize(["a"], {
      signal: signal(),
    }),
    { message: "Workers AI @cf/baai/bge-base-en-v1.5: no data in the answer" },
  );
  let release = () => {};
  const slow: AiBinding = {
    run: () => new Promise((resolve) => release = () => resolve({ data: [[1]] })),
  };
  await assert.rejects(
    createWorkersAiVectorizer({ ai: slow, timeoutMs: 100 }).vectorize(["a"], { signal: signal() }),
    {
      message: 'Workers AI run "@cf/baai/bge-base-en-v1.5": context deadline exceeded ' +
        "(timeout after 100 ms)",
    },
  );
  release();
});

Deno.test("text2vec-workers-ai: a vector length other than the configured one is refused", async () => {
  const v = createWorkersAiVectorizer({ ai: fakeAi(), timeoutMs: 5000, dimensions: 768 });
  await assert.rejects(v.vectorize(["a"], { signal: signal() }), {
    message: "Workers AI @cf/baai/bge-base-en-v1.5: the provider returned a vector of 4 " +
      'dimensions, expected 768 (the configured "dimensions")',
  });
});

Deno.test("text2vec-workers-ai: the caller's abort stops waiting with its reason", async () => {
  const ctl = new AbortController();
  const reason = new Error("request cancelled");
  const ai: AiBinding = {
    run: () => {
      ctl.abort(reason);
      return new Promise(() => {});
    },
  };
  const v = createWorkersAiVectorizer({ ai, timeoutMs: 5000 });
  await assert.rejects(v.vectorize(["a"], { signal: ctl.signal }), (err) => err === reason);
});

Deno.test("text2vec-workers-ai: without the binding the module refuses to start", () => {
  assert.throws(
    () => createVectorizer("text2vec-workers-ai", { settings: {} }),
    /text2vec-workers-ai needs the Workers AI binding \(env\.AI\)/,
  );
});
