/**
 * Weaviate conformance, second pass, groups B and C (issue 12): input Weaviate refuses, refused
 * with Weaviate's full (wrapped) texts. Each test names the Weaviate file the text comes from; the
 * data is the gateway's own.
 */
import assert from "node:assert/strict";
import { gql, type TestCollection, testGateway } from "../helpers/harness.ts";

const U1 = "10000000-0000-0000-0000-000000000001";
const U2 = "10000000-0000-0000-0000-000000000002";

const LAMP: TestCollection = {
  class: "Lamp",
  properties: {
    name: "text",
    tags: "text[]",
    watts: "int",
    price: "number",
    lit: "boolean",
    made: "date",
    maker: "uuid",
  },
  records: [
    { id: U1, name: "desk lamp", tags: ["desk"], watts: 40, price: 9.5, lit: true, vector: [1, 0] },
    {
      id: U2,
      name: "floor lamp",
      tags: ["floor"],
      watts: 60,
      price: 20,
      lit: false,
      vector: [0, 1],
    },
  ],
};

const gateway = testGateway([LAMP]);

/** The one error of a query, checked to be a class error of `Lamp` (HTTP 200, data null). */
async function classError(args: string, select = "name"): Promise<string> {
  const { app } = await gateway;
  const res = await gql(app, `{Get{Lamp(${args}){${select}}}}`);
  assert.equal(res.status, 200);
  const errors = res.json.errors as { message: string; path: string[] }[] | undefined;
  assert.ok(errors?.length === 1, res.text);
  assert.deepEqual(errors[0].path, ["Get", "Lamp"], res.text);
  return errors[0].message;
}

const where = (w: string) => `where:{${w}}`;

// B. entities/filters/cursor_validator.go ValidateCursor, wrapped "cursor api: invalid 'after'
// parameter" by usecases/traverser/explorer.go; port of
// test/acceptance/graphql_resolvers/local_get_cursor_test.go "error with no limit set".
Deno.test("B: after without limit, and an after that is no uuid, are refused", async () => {
  assert.equal(
    await classError(`after:"${U1}"`),
    "cursor api: invalid 'after' parameter: limit parameter must be set",
  );
  assert.equal(
    await classError('after:"abc" limit:1'),
    "cursor api: invalid 'after' parameter: after parameter 'abc' is not a valid uuid: " +
      "invalid UUID length: 3",
  );
  assert.equal(
    await classError('after:"zzzzzzzz-0000-0000-0000-000000000000" limit:1'),
    "cursor api: invalid 'after' parameter: after parameter " +
      "'zzzzzzzz-0000-0000-0000-000000000000' is not a valid uuid: invalid UUID format",
  );
  const { app } = await gateway;
  const ok = await gql(app, `{Get{Lamp(after:"" limit:1){name}}}`);
  assert.equal(ok.json.errors, undefined, ok.text);
});

// B/C. entities/filters/filters_validator.go validateClause, wrapped "invalid 'where' filter" by
// usecases/traverser/traverser_get.go; cases as in entities/filters/filters_validator_test.go.
Deno.test("B: value types must fit the property type (filters_validator.go)", async () => {
  const cases: [string, string][] = [
    [
      'path:["price"] operator:Equal valueInt:9',
      'data type filter cannot use "valueInt" on type "number", use "valueNumber" instead',
    ],
    [
      'path:["watts"] operator:Equal valueNumber:40',
      'data type filter cannot use "valueNumber" on type "int", use "valueInt" instead',
    ],
    [
      'path:["name"] operator:Equal valueInt:1',
      'data type filter cannot use "valueInt" on type "text", use "valueText" instead',
    ],
    [
      'path:["tags"] operator:Equal valueBoolean:true',
      'data type filter cannot use "valueBoolean" on type "text[]", use "valueText" instead',
    ],
    [
      'path:["made"] operator:Equal valueText:"2020-01-01T00:00:00Z"',
      'data type filter cannot use "valueText" on type "date", use "valueDate" instead',
    ],
    [
      'path:["lit"] operator:Equal valueInt:1',
      'data type filter cannot use "valueInt" on type "boolean", use "valueBoolean" instead',
    ],
    [
      'path:["watts"] operator:IsNull valueInt:1',
      "operator IsNull requires a booleanValue, got valueInt instead",
    ],
    [
      'path:["_id"] operator:Equal valueInt:1',
      'using ["_id"] to filter by uuid: must use "valueText" to specify the id',
    ],
    [
      'path:["_creationTimeUnix"] operator:Equal valueInt:1',
      'using ["_creationTimeUnix"] to filter by timestamp: must use "valueText" or "valueDate"',
    ],
    [
      'path:["maker"] operator:Equal valueInt:1',
      'property "maker" is of type "uuid" or "uuid[]": specify uuid as string using "valueText"',
    ],
    [
      `path:["maker"] operator:Like valueText:"${U1}"`,
      'operator "Like" cannot be used on uuid/uuid[] props',
    ],
    [
      'path:["nope"] operator:Equal valueText:"x"',
      "no such prop with name 'nope' found in class 'Lamp' in the schema. Check your schema " +
      "files for which properties in this class are available",
    ],
    [
      'operator:And operands:[{path:["name"] operator:Equal valueText:"x"},' +
      '{path:["watts"] operator:Equal valueText:"x"},{path:["price"] operator:Equal valueInt:1}]',
      'child operand at position 1: data type filter cannot use "valueText" on type "int", use ' +
      '"valueInt" instead, child operand at position 2: data type filter cannot use "valueInt" ' +
      'on type "number", use "valueNumber" instead',
    ],
  ];
  for (const [w, inner] of cases) {
    assert.equal(await classError(where(w)), `invalid 'where' filter: ${inner}`, w);
  }
  // valueString is valueText's deprecated alias (filters_validator.go deprecatedDataTypeAliases).
  const { app } = await gateway;
  const alias = await gql(
    app,
    '{Get{Lamp(where:{path:["name"] operator:Equal valueString:"desk"}){name}}}',
  );
  assert.equal(alias.json.errors, undefined, alias.text);
});

// C. entities/filters/sort_validator.go, wrapped "invalid 'sort' parameter" by explorer.go.
Deno.test("C: sort errors carry Weaviate's position prefix", async () => {
  assert.equal(
    await classError('sort:[{path:["watts"]},{path:["nope"]}]'),
    "invalid 'sort' parameter: sort parameter at position 1: no such prop with name 'nope' " +
      "found in class 'Lamp' in the schema. Check your schema files for which properties in " +
      "this class are available",
  );
  assert.equal(
    await classError('sort:{path:["maker"]}'),
    "invalid 'sort' parameter: sort parameter at position 0: prop \"maker\" is of type " +
      "uuid/uuid[]: sorting by uuid is currently not supported - if you believe it should be, " +
      "please open a feature request on github.com/weaviate/weaviate",
  );
});

// C. adapters/handlers/graphql/local/get/class_builder_fields.go (failed to extract ... params),
// usecases/traverser/explorer.go and near_params_vector.go (vectorize params / search vector).
Deno.test("C: search argument errors carry Weaviate's wrapping", async () => {
  assert.equal(
    await classError("nearVector:{vector:[1,0] distance:0.1 certainty:0.9}"),
    "failed to extract nearVector params: cannot provide distance and certainty",
  );
  assert.equal(
    await classError(`nearObject:{id:"${U1}" distance:0.1 certainty:0.9}`),
    "failed to extract nearObject params: cannot provide distance and certainty",
  );
  assert.equal(
    await classError('hybrid:{query:"x" vector:[1,0] searches:{nearVector:{vector:[1,0]}}}'),
    "failed to extract hybrid params: cannot have both vector and nearVectorParams",
  );
  assert.equal(
    await classError(`nearVector:{vector:[1,0]} nearObject:{id:"${U1}"}`),
    "explorer: get class: vectorize params: found both 'nearVector' and 'nearObject' " +
      "parameters which are conflicting, choose one instead",
  );
  assert.equal(
    await classError('nearObject:{id:"20000000-0000-0000-0000-000000000009"}'),
    "explorer: get class: concurrentTargetVectorSearch): explorer: get class: vectorize " +
      "search vector: nearObject params: vector not found",
  );
});

// C. adapters/repos/db/search.go getTotalLimit ("invalid pagination params", the full
// QUERY_MAXIMUM_RESULTS sentence) wrapped by each search path in usecases/traverser/explorer.go.
Deno.test("C: QUERY_MAXIMUM_RESULTS errors carry the path prefix and the full sentence", async () => {
  const tail = "query maximum results exceeded: the total limit calculated from the provided " +
    "offset '9995' and limit '10' exceeds the configured value for QUERY_MAXIMUM_RESULTS " +
    "'10000'. If you've supplied a negative offset or limit, this may be an underflow error";
  assert.equal(
    await classError("offset:9995 limit:10"),
    `explorer: list class: search: invalid pagination params: ${tail}`,
  );
  assert.equal(
    await classError('bm25:{query:"lamp"} offset:9995 limit:10'),
    `explorer: get class: vector search: invalid pagination params: ${tail}`,
  );
  assert.equal(
    await classError("nearVector:{vector:[1,0]} offset:9995 limit:10"),
    "explorer: get class: concurrentTargetVectorSearch): explorer: get class: vector search: " +
      `invalid pagination params: ${tail}`,
  );
});
