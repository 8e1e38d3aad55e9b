/**
 * Weaviate conformance, second pass, group D (issue 12): graphql-go's wording where graphql-js
 * differs, and the batch endpoint's `%v`. Each test names the source it follows.
 */
import assert from "node:assert/strict";
import { gql, type TestCollection, testGateway } from "../helpers/harness.ts";
import { quotedOrList, suggestionList } from "../../src/graphql/suggestions.ts";

const BOOK: TestCollection = {
  class: "Book",
  properties: { title: "text", pages: "int" },
  records: [{ id: "30000000-0000-0000-0000-000000000001", title: "x", pages: 1 }],
};

function message(json: Record<string, unknown>): string {
  return ((json.errors ?? []) as { message: string }[])[0]?.message ?? "";
}

// tailor-platform/graphql language/parser/parser.go (`Unexpected %v`, `Expected %s, found %s`)
// with language/lexer/lexer.go GetTokenDesc: punctuators print bare.
Deno.test("D: syntax errors print punctuators unquoted, as graphql-go", async () => {
  const { app } = await testGateway([BOOK]);
  const unexpected = await gql(app, "{Get{Book(){title}}}");
  assert.equal(
    message(unexpected.json),
    "Syntax Error GraphQL request (1:11) Expected Name, found )\n\n1: {Get{Book(){title}}}\n" +
      "             ^\n",
  );
  const close = await gql(app, "{Get{Book{title}}}}");
  assert.match(message(close.json), /^Syntax Error GraphQL request \(1:19\) Unexpected }\n/);
  // Values keep their quotes: graphql-go prints `String "..."` like graphql-js.
  const str = await gql(app, '{Get{Book{title}} ")"}');
  assert.match(message(str.json), /found String "\)"/);
});

// tailor-platform/graphql rules.go suggestionList / quotedOrList.
Deno.test("D: 'Did you mean' uses graphql-go's threshold max(len/2, len(option)/2, 1)", async () => {
  // Both at distance 2; ties keep the options' order.
  assert.deepEqual(suggestionList("titel", ["title", "pages", "tile"]), ["title", "tile"]);
  // A long option allows more edits: graphql-go max(1, 3) = 3 for "vec" / "vector", where
  // graphql-js allows floor(0.4 * 3) + 1 = 2.
  assert.deepEqual(suggestionList("vec", ["vector", "id"]), ["vector"]);
  // graphql-go compares case-sensitively (graphql-js lower-cases both sides first).
  assert.deepEqual(suggestionList("TITLE", ["title"]), []);
  assert.equal(quotedOrList(["a", "b", "c", "d", "e", "f"]), '"a", "b", "c", "d", or "e"');
  assert.equal(quotedOrList(["a", "b"]), '"a" or "b"');

  const { app } = await testGateway([BOOK]);
  const field = await gql(app, "{Get{Book{titel}}}");
  assert.equal(
    message(field.json),
    'Cannot query field "titel" on type "Book". Did you mean "title"?',
  );
  const vec = await gql(app, "{Get{Book{_additional{vec}}}}");
  assert.equal(
    message(vec.json),
    'Cannot query field "vec" on type "BookAdditional". Did you mean "vector"?',
  );
  const upper = await gql(app, "{Get{Book{TITLE}}}");
  assert.equal(message(upper.json), 'Cannot query field "TITLE" on type "Book".');
  const arg = await gql(app, "{Get{Book(lim:1){title}}}");
  assert.equal(
    message(arg.json),
    'Unknown argument "lim" on field "Book" of type "GetObjectsObj". Did you mean "limit"?',
  );
  const none = await gql(app, "{Get{Book{_additional{rerank{score}}}}}");
  assert.equal(message(none.json), 'Cannot query field "rerank" on type "BookAdditional".');
});

// adapters/handlers/rest/handlers_graphql.go: `expected map[string]interface{}, received %v`;
// port of test/acceptance/batch_request_endpoints/graphql_test.go gqlMalformedRequest.
Deno.test("D: the batch endpoint prints non-object variables with %v", async () => {
  const { app } = await testGateway([BOOK]);
  const post = async (variables: unknown) => {
    const res = await app.request("/v1/graphql/batch", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify([{ query: "{Get{Book{title}}}", variables }]),
    });
    const body = await res.json() as { errors?: { message: string }[] }[];
    return body[0].errors?.[0]?.message;
  };
  assert.equal(await post([1, 2, 3]), "422: expected map[string]interface{}, received [1 2 3]");
  assert.equal(await post("x"), "422: expected map[string]interface{}, received x");
  assert.equal(await post(true), "422: expected map[string]interface{}, received true");
  assert.equal(await post(1e6), "422: expected map[string]interface{}, received 1e+06");
  assert.equal(
    await post([{ b: 1, a: "s" }, null]),
    "422: expected map[string]interface{}, received [map[a:s b:1] <nil>]",
  );
});
