/** The request-budget limits: defaults, overrides and validation. */
import assert from "node:assert/strict";
import { parseConfig } from "../../src/pipeline/catalog.ts";

const base = () => ({
  collections: [{
    class: "Note",
    properties: [{ name: "body", dataType: ["text"] }],
    store: { kind: "embedded", files: ["notes.json"] },
  }],
});

Deno.test("config: request budget defaults and overrides", () => {
  const d = parseConfig(base());
  assert.ok(d.ok);
  assert.equal(d.config.limits.requestTimeoutMs, 60_000);
  assert.equal(d.config.limits.maxConcurrentRequests, 64);
  assert.equal(d.config.limits.maxQueuedRequests, 256);
  const o = parseConfig({
    ...base(),
    limits: { requestTimeoutMs: 5000, maxConcurrentRequests: 4, maxQueuedRequests: 0 },
  });
  assert.ok(o.ok);
  assert.equal(o.config.limits.requestTimeoutMs, 5000);
  assert.equal(o.config.limits.maxConcurrentRequests, 4);
  assert.equal(o.config.limits.maxQueuedRequests, 0, "0: no queue, refuse at once");
});

Deno.test("config: request budget values are checked", () => {
  const r = parseConfig({
    ...base(),
    limits: { requestTimeoutMs: 0, maxConcurrentRequests: 1.5, maxQueuedRequests: -1 },
  });
  assert.ok(!r.ok);
  assert.ok(r.problems.includes("limits.requestTimeoutMs: must be >= 1, got 0"), r.problems.join());
  assert.ok(r.problems.some((p) => p.startsWith("limits.maxConcurrentRequests: ")));
  assert.ok(
    r.problems.includes("limits.maxQueuedRequests: must be >= 0, got -1"),
    r.problems.join(),
  );
});
