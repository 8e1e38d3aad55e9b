import assert from "node:assert/strict";
import { ModelUnavailableError } from "../../src/models/unavailable.ts";
import { startVectorIndex } from "../../src/stores/embedded/lazy_vectors.ts";
import type { StoredObject } from "../../src/stores/embedded/load.ts";
import type { Vectorizer } from "../../src/core/vectorizer.ts";
import { collection, prop } from "./embedded_fixtures.ts";

const objects: StoredObject[] = ["a", "b"].map((text, index) => ({
  index,
  source: `docs.json[${index}]`,
  id: `00000000-0000-4000-8000-00000000000${index}`,
  properties: { text },
  creationTimeUnix: 0,
  lastUpdateTimeUnix: 0,
}));
const doc = collection([prop("text", "text")]);
const signal = new AbortController().signal;

/** A vectorizer failing with `failure()` while it returns an Error, counting its calls. */
function flaky(failure: () => Error | undefined): Vectorizer & { calls: number } {
  const v = {
    name: "text2vec-transformers",
    dimensions: 2,
    calls: 0,
    async vectorize(texts: readonly string[]) {
      v.calls++;
      await Promise.resolve();
      const err = failure();
      if (err) throw err;
      return texts.map((t) => [t === "a" ? 1 : 0, t === "a" ? 0 : 1]);
    },
  };
  return v;
}

const missing = () =>
  new ModelUnavailableError("model m is not downloaded: run `deno task models pull m`");

Deno.test("lazy vectors: a model that is not there defers the build; failures are retried, success memoised", async () => {
  let fail = true;
  const vectorizer = flaky(() => fail ? missing() : undefined);
  const warnings: string[] = [];
  const lazy = await startVectorIndex(objects, {
    collection: doc,
    vectorizer,
    signal,
    warn: (l) => warnings.push(l),
  });
  assert.equal(lazy.current, undefined);
  assert.match(warnings[0], /deno task models pull m/);
  await assert.rejects(
    lazy.get(signal),
    /^Error: class Doc: text2vec-transformers could not vectorize the objects without a stored vector: model m is not downloaded: run `deno task models pull m`$/,
  );
  await assert.rejects(lazy.get(signal), /deno task models pull m/);
  assert.equal(vectorizer.calls, 3, "start-up + two queries: a failure is not cached");
  fail = false;
  const [a, b] = await Promise.all([lazy.get(signal), lazy.get(signal)]);
  assert.equal(a, b);
  assert.equal(vectorizer.calls, 4, "concurrent queries share one build");
  assert.equal(await lazy.get(signal), a);
  assert.equal(a.dimensions, 2);
  assert.equal((lazy as { current?: unknown }).current, a);
  assert.equal(vectorizer.calls, 4);
});

Deno.test("lazy vectors: the happy path builds at start-up; other failures still stop start-up", async () => {
  const ok = flaky(() => undefined);
  const lazy = await startVectorIndex(objects, { collection: doc, vectorizer: ok, signal });
  assert.equal(lazy.current?.dimensions, 2);
  assert.equal(ok.calls, 1);
  const broken = flaky(() => new Error("Cohere API Key: no api key"));
  await assert.rejects(
    startVectorIndex(objects, { collection: doc, vectorizer: broken, signal }),
    /at start-up: Cohere API Key: no api key$/,
  );
});

Deno.test("lazy vectors: a query that gives up does not abort the shared build", async () => {
  let fail = true;
  const vectorizer = flaky(() => fail ? missing() : undefined);
  const lazy = await startVectorIndex(objects, {
    collection: doc,
    vectorizer,
    signal,
    warn: () => {},
  });
  fail = false;
  const impatient = new AbortController();
  const first = lazy.get(impatient.signal);
  impatient.abort(new Error("client went away"));
  await assert.rejects(first, /client went away/);
  assert.equal((await lazy.get(signal)).dimensions, 2);
  assert.equal(vectorizer.calls, 2);
});
