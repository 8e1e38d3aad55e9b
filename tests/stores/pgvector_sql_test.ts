/**
 * The pgvector SQL compiler: every operator compiles to parameterised SQL (values only ever as
 * `$n`), identifiers come quoted from the config, query input never becomes SQL text.
 */
import assert from "node:assert/strict";
import type { CompareOperator, Filter, FilterValue } from "../../src/core/plan.ts";
import { listStatement, nearStatement, textStatement } from "../../src/stores/pgvector/compile.ts";
import { filterSql } from "../../src/stores/pgvector/filter_sql.ts";
import { pgvectorSchemaSql } from "../../src/stores/pgvector/schema_sql.ts";
import { likePattern, quoteIdent, SqlParams } from "../../src/stores/pgvector/sql.ts";
import { pgTable } from "../../src/stores/pgvector/table.ts";
import { contractCollection, contractPlan } from "./contract_data.ts";
import { pgStore } from "./pgvector_fixture.ts";

const collection = {
  ...contractCollection(),
  store: pgStore('docs"; DROP TABLE x; --', { columns: { title: "Title Col" } }),
};
const table = pgTable(collection, collection.store);

function compile(filter: Filter): { sql: string; values: unknown[] } {
  const params = new SqlParams();
  return { sql: filterSql(filter, table, params), values: params.values };
}

const leaf = (operator: CompareOperator, path: string, value: FilterValue): Filter => ({
  operator,
  path: [path],
  value,
});

const CASES: [string, Filter][] = [
  ["Equal text", leaf("Equal", "title", { type: "text", value: "Paper planes" })],
  ["NotEqual field", leaf("NotEqual", "cat", { type: "text", value: "a" })],
  ["GreaterThan int", leaf("GreaterThan", "n", { type: "int", value: 3 })],
  ["GreaterThanEqual number", leaf("GreaterThanEqual", "price", { type: "number", value: 2.5 })],
  ["LessThan date", leaf("LessThan", "day", { type: "date", value: "2004-01-01T00:00:00Z" })],
  ["LessThanEqual text", leaf("LessThanEqual", "title", { type: "text", value: "m" })],
  ["Like", leaf("Like", "title", { type: "text", value: "pap*r?" })],
  ["IsNull", leaf("IsNull", "tags", { type: "boolean", value: true })],
  ["ContainsAny", leaf("ContainsAny", "tags", { type: "text", value: ["craft", "x"] })],
  ["ContainsAll", leaf("ContainsAll", "n", { type: "int", value: [1, 2] })],
  ["ContainsNone", leaf("ContainsNone", "flag", { type: "boolean", value: [true] })],
  [
    "Equal id",
    leaf("Equal", "id", { type: "text", value: "00000000-0000-4000-8000-000000000001" }),
  ],
  ["Not", { operator: "Not", operands: [leaf("Equal", "n", { type: "int", value: 2 })] }],
];

for (const [name, filter] of CASES) {
  Deno.test(`pgvector sql: ${name} compiles to parameterised SQL`, () => {
    const { sql, values } = compile(filter);
    if (!("operands" in filter) && filter.operator !== "IsNull") {
      assert.ok(values.length > 0, "values are bound");
    }
    const placeholders = new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    assert.deepEqual([...placeholders].sort((a, b) => a - b), values.map((_, i) => i + 1));
    const constants = ["'[^[:alnum:]]+'", "'[[:space:]]+'", "'latitude'", "'longitude'", "' '"];
    const rest = constants.reduce((t, c) => t.replaceAll(c, ""), sql);
    assert.ok(!rest.includes("'"), `no string literal besides the config's: ${sql}`);
  });
}

Deno.test("pgvector sql: an injection attempt in a value stays a bound parameter", () => {
  const evil = "x' OR '1'='1'; DROP TABLE docs; --";
  for (const op of ["Equal", "Like", "GreaterThan"] as const) {
    const { sql, values } = compile(leaf(op, "cat", { type: "text", value: evil }));
    assert.ok(!sql.includes("DROP TABLE docs"), sql);
    assert.ok(values.some((v) => String(v).includes("DROP")), "the value is a parameter");
  }
  const bm25 = textStatement(table, contractPlan({ kind: "bm25", query: evil }), {
    query: evil,
    limit: 10,
  })!;
  assert.ok(!bm25.text.includes("DROP TABLE docs"));
});

Deno.test("pgvector sql: identifiers are quoted from the config", () => {
  assert.equal(quoteIdent('a"b'), '"a""b"');
  const s = listStatement(table, contractPlan({ kind: "list" }));
  assert.match(s.text, /FROM "docs""; DROP TABLE x; --"/);
  assert.match(s.text, /"Title Col" AS "c0"/);
});

Deno.test("pgvector sql: unknown properties are refused, in filters, sort and bm25", () => {
  assert.throws(
    () => compile(leaf("Equal", "nope", { type: "text", value: "a" })),
    /no such prop with name 'nope' found in class 'ContractDoc'/,
  );
  assert.throws(
    () =>
      listStatement(
        table,
        contractPlan({ kind: "list" }, { sort: [{ path: ["x;--"], order: "asc" }] }),
      ),
    /no such prop with name 'x;--'/,
  );
  assert.throws(
    () =>
      textStatement(table, contractPlan({ kind: "list" }), {
        query: "a",
        properties: ["pwn"],
        limit: 1,
      }),
    /no such prop with name 'pwn'/,
  );
  assert.throws(
    () => compile(leaf("Equal", "_creationTimeUnix", { type: "text", value: "1" })),
    /no such column/,
  );
});

Deno.test("pgvector sql: Like wildcards are translated and LIKE metacharacters escaped", () => {
  assert.equal(likePattern("a*b?c%d_e\\"), "a%b_c\\%d\\_e\\\\");
});

Deno.test("pgvector sql: distance operators per metric, vector bound as ::vector", () => {
  const ops = { cosine: "<=>", "l2-squared": "<->", dot: "<#>", manhattan: "<+>" } as const;
  for (const [metric, op] of Object.entries(ops)) {
    const t = pgTable(
      { ...collection, vectorIndexConfig: { distance: metric as "dot" } },
      collection.store,
    );
    const s = nearStatement(t, contractPlan({ kind: "nearVector", vector: [1, 2, 3] }), {
      vector: [1, 2, 3],
      limit: 5,
    });
    assert.ok(s.text.includes(`"embedding" ${op} $1::vector`), s.text);
    assert.equal(s.params[0], "[1,2,3]");
  }
  const hamming = pgTable(
    { ...collection, vectorIndexConfig: { distance: "hamming" } },
    collection.store,
  );
  assert.throws(
    () => nearStatement(hamming, contractPlan({ kind: "list" }), { vector: [1], limit: 1 }),
    /hamming/,
  );
});

Deno.test("pgvector sql: the DDL has the table, an HNSW index and (scalar text) a GIN index", () => {
  const c = {
    ...contractCollection(),
    properties: contractCollection().properties.filter((p) => p.name !== "tags"),
    store: pgStore("docs"),
  };
  const ddl = pgvectorSchemaSql(c, { dimensions: 3 });
  assert.ok(ddl.includes(`CREATE TABLE IF NOT EXISTS "docs" (\n  "id" uuid PRIMARY KEY,`), ddl);
  assert.match(ddl, /"embedding" vector\(3\)/);
  assert.match(ddl, /USING hnsw \("embedding" vector_cosine_ops\)/);
  assert.match(ddl, /USING gin \(\(to_tsvector\('english'::regconfig, coalesce\("title", ''\)\)/);
});
