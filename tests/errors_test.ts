import assert from "node:assert/strict";
import {
  codeMessageBody,
  errorResponse,
  ERRORS,
  GatewayError,
  httpError,
  weaviateErrorBody,
} from "../src/errors/http_errors.ts";

Deno.test("errors: weaviateErrorBody is Weaviate's ErrorResponse", () => {
  assert.deepEqual(weaviateErrorBody("query cannot be empty"), {
    error: [{ message: "query cannot be empty" }],
  });
});

Deno.test("errors: codeMessageBody is go-openapi's error body", () => {
  assert.deepEqual(codeMessageBody(401, "unauthorized: invalid api key"), {
    code: 401,
    message: "unauthorized: invalid api key",
  });
});

Deno.test("errors: httpError fills the detail and carries status and shape", () => {
  const e = httpError("variables_not_object", "[]interface {}");
  assert.ok(e instanceof GatewayError);
  assert.equal(e.code, "variables_not_object");
  assert.equal(e.status, 422);
  assert.equal(e.shape, "errorList");
  assert.equal(e.message, "variables must be a JSON object, got []interface {}");
  assert.equal(httpError("query_empty").message, "query cannot be empty");
});

Deno.test("errors: errorResponse renders each shape", async () => {
  const list = errorResponse(httpError("query_empty"));
  assert.equal(list.status, 422);
  assert.equal(list.headers.get("content-type"), "application/json");
  assert.equal(await list.text(), '{"error":[{"message":"query cannot be empty"}]}\n');

  const auth = errorResponse(httpError("invalid_api_key"));
  assert.equal(auth.status, 401);
  assert.deepEqual(await auth.json(), { code: 401, message: "unauthorized: invalid api key" });

  const empty = errorResponse(httpError("not_found"));
  assert.equal(empty.status, 404);
  assert.equal(await empty.text(), "");
});

Deno.test("errors: unknown errors are masked as a bare 500", async () => {
  const res = errorResponse(new Error("connect https://user:pw@upstream.example failed"));
  assert.equal(res.status, 500);
  const text = await res.text();
  assert.ok(!text.includes("upstream"));
  assert.deepEqual(JSON.parse(text), { error: [{ message: "internal server error" }] });
});

Deno.test("errors: the cause is kept for logs but never rendered", async () => {
  const cause = new Error("secret detail");
  const e = httpError("invalid_json", "unexpected end", { cause });
  assert.equal(e.cause, cause);
  assert.ok(!(await errorResponse(e).text()).includes("secret detail"));
});

Deno.test("errors: every catalogue entry has a valid status and message", () => {
  for (const [code, entry] of Object.entries(ERRORS)) {
    assert.ok(entry.status >= 400 && entry.status < 600, code);
    assert.ok(entry.message.length > 0, code);
  }
});
