/**
 * Upstream faults of the pgvector store through the GraphQL app: timeout, connection refused, a
 * server error and malformed rows each become a GraphQL error on that class only, without the
 * connection string, while a sibling class answers.
 */
import assert from "node:assert/strict";
import type { PgvectorStoreConfig } from "../../src/stores/pgvector/config.ts";
import { gql, type TestCollection, testGateway } from "../helpers/harness.ts";
import { faultyExecutor, pglite, pgStore, seedTable } from "./pgvector_fixture.ts";

const RECORDS = [1, 2, 3].map((n) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  title: `doc ${n}`,
  vector: [1, n],
}));

const cls = (name: string, table: string): TestCollection => ({
  class: name,
  properties: { title: "text" },
  records: RECORDS,
  store: pgStore(table, { timeoutMs: 200 }),
});

const QUERY = "{ Get { Good(nearVector: {vector: [1, 1]}) { title } " +
  "Bad(nearVector: {vector: [1, 1]}) { title } } }";

const CASES = [
  ["hang", /Bad: the database did not answer within 200 ms/],
  ["refused", /Bad: cannot reach the database \(ECONNREFUSED\)/],
  ["error", /Bad: database error 57P01: terminating connection/],
  ["malformed", /Bad: malformed row from the database: _d is not a number/],
] as const;

for (const [mode, message] of CASES) {
  Deno.test(`pgvector faults: ${mode} is an error on that class only`, async () => {
    const db = await pglite();
    const good = cls("Good", "good_docs");
    const bad = cls("Bad", "bad_docs");
    for (const c of [good, bad]) {
      await seedTable(db, {
        class: c.class,
        properties: [{
          name: "title",
          dataType: ["text"],
          tokenization: "word",
          indexFilterable: true,
          indexSearchable: true,
        }],
        vectorizer: "none",
        moduleConfig: {},
        vectorIndexConfig: { distance: "cosine" },
        store: c.store!,
      }, RECORDS);
    }
    const failing = faultyExecutor(db);
    failing.fault(mode);
    const { app } = await testGateway([good, bad], {
      env: { DATABASE_URL: "postgres://user:s3cret@db.internal:5432/app" },
      sqlExecutor: (store: PgvectorStoreConfig) => store.table === "bad_docs" ? failing : db,
    });
    const res = await gql(app, QUERY);
    assert.equal(res.status, 200);
    const data = res.json.data as { Get: Record<string, unknown> };
    assert.equal(data.Get.Bad, null);
    assert.equal((data.Get.Good as unknown[]).length, 3);
    const errors = res.json.errors as { message: string; path: string[] }[];
    assert.equal(errors.length, 1);
    assert.deepEqual(errors[0].path, ["Get", "Bad"]);
    assert.match(errors[0].message, message);
    assert.ok(!res.text.includes("s3cret") && !res.text.includes("db.internal"));
  });
}

Deno.test("pgvector start-up: a missing connection-string variable is a clear error", async () => {
  await assert.rejects(
    testGateway([cls("Good", "good_docs")]),
    /pgvector store needs a connection string in the environment variable DATABASE_URL/,
  );
});
