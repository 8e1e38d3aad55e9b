/** The parsed-document cache is bounded by estimated bytes, not entries (issue 11, item 7). */
import assert from "node:assert/strict";
import { parse } from "graphql";
import { DocumentCache, estimateEntryBytes } from "../../src/graphql/document_cache.ts";
import { createGraphQLExecutor } from "../../src/graphql/executor.ts";
import { createDocumentPreparer } from "../../src/graphql/prepare.ts";
import { testGateway } from "../helpers/harness.ts";
import { BOOK } from "./get_dataset.ts";

/** A token-dense, valid ~32 KiB query, unique per `i`. */
function bigQuery(i: number): string {
  const operands = Array.from(
    { length: 640 },
    (_, k) => `{path:["title"],operator:Equal,valueText:"q${i}t${k}"}`,
  );
  return `{Get{Book(where:{operator:Or,operands:[${operands.join(",")}]}){title}}}`;
}

Deno.test("document cache: unique large queries cannot fill it (before: 512 entries, ~2 GB)", async () => {
  const { services } = await testGateway([BOOK]);
  const cache = new DocumentCache();
  const prepare = createDocumentPreparer(createGraphQLExecutor(services).schema, { cache });
  const queries = Array.from({ length: 40 }, (_, i) => bigQuery(i));
  assert.ok(queries[0].length > 32_000 && queries[0].length < 64 * 1024);
  for (const q of queries) assert.deepEqual(prepare(q).validationErrors, []);
  // Each entry holds ~2.1 MB of heap (estimated 2.2 MB): the 64 MiB default keeps ~30 of the 40.
  assert.ok(cache.size < 40, `cache kept ${cache.size} of 40 large documents`);
  assert.ok(cache.bytes <= 64 * 1024 * 1024);
  // The most recent ones stay cached.
  assert.equal(prepare(queries[39]), prepare(queries[39]));
});

Deno.test("document cache: the byte budget comes from limits.documentCacheBytes", async () => {
  const { services } = await testGateway([BOOK], { limits: { documentCacheBytes: 100_000 } });
  const executor = createGraphQLExecutor(services);
  const prepare = createDocumentPreparer(executor.schema, { limits: services.config.limits });
  const q = "{Get{Book(limit:1){title}}}";
  assert.equal(prepare(q), prepare(q), "a small query is cached");
  const big = bigQuery(0);
  assert.notEqual(prepare(big), prepare(big), "an entry larger than the budget is not cached");
});

Deno.test("document cache: LRU eviction by bytes", () => {
  const cache = new DocumentCache({ maxBytes: 100 });
  const entry = { validationErrors: [] };
  cache.set("a", entry, 40);
  cache.set("b", entry, 40);
  assert.equal(cache.get("a"), entry); // a is now the most recent
  cache.set("c", entry, 40); // evicts b
  assert.deepEqual([cache.get("a"), cache.get("b"), cache.get("c")], [entry, undefined, entry]);
  assert.equal(cache.bytes, 80);
  cache.set("huge", entry, 101);
  assert.equal(cache.get("huge"), undefined);
  assert.equal(cache.size, 2);
});

Deno.test("document cache: the estimate grows with tokens, not with string or blank length", () => {
  const dense = "{Get{Book{" + "title ".repeat(1000) + "}}}";
  const blank = "{Get{Book{title" + " ".repeat(6000) + "}}}";
  const d = estimateEntryBytes(dense, { document: parse(dense), validationErrors: [] });
  const b = estimateEntryBytes(blank, { document: parse(blank), validationErrors: [] });
  assert.ok(d > 250 * 1000, `dense: ${d}`);
  assert.ok(b < 2 * blank.length + 256 * 16, `blank: ${b}`);
});
