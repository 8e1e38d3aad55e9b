/** `--log json` / `GATEWAY_LOG=json`, and the JSON form of the operator's text lines. */
import assert from "node:assert/strict";
import { resolveLogFormat } from "../../src/runtime/deno.ts";
import { jsonLogLine, operatorLineAsJson } from "../../src/http/log.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("resolveLogFormat: --log wins over GATEWAY_LOG; default text; anything else refused", () => {
  assert.equal(resolveLogFormat([], env({})), "text");
  assert.equal(resolveLogFormat([], env({ GATEWAY_LOG: "json" })), "json");
  assert.equal(resolveLogFormat(["--log", "json"], env({})), "json");
  assert.equal(resolveLogFormat(["--log=json"], env({ GATEWAY_LOG: "text" })), "json");
  assert.equal(resolveLogFormat(["--log=text"], env({ GATEWAY_LOG: "json" })), "text");
  assert.equal(resolveLogFormat(["--config", "x.json", "--log", "json"], env({})), "json");
  assert.throws(
    () => resolveLogFormat(["--log", "yaml"], env({})),
    /--log must be text or json, got "yaml"/,
  );
  assert.throws(() => resolveLogFormat(["--log"], env({})), /--log must be text or json, got ""/);
  assert.throws(() => resolveLogFormat([], env({ GATEWAY_LOG: "xml" })), /GATEWAY_LOG must be/);
});

Deno.test("operator lines as JSON: time, level, msg; warnings and failures get their level", () => {
  const info = JSON.parse(operatorLineAsJson("rerank-gateway: reloaded in 3 ms: 1 classes (Note)"));
  assert.deepEqual(Object.keys(info), ["time", "level", "msg"]);
  assert.equal(info.level, "info");
  assert.equal(info.msg, "reloaded in 3 ms: 1 classes (Note)");
  assert.equal(
    JSON.parse(operatorLineAsJson("warning: anonymous access is disabled")).level,
    "warn",
  );
  assert.equal(
    JSON.parse(operatorLineAsJson("rerank-gateway: reload failed, the previous config")).level,
    "error",
  );
  assert.deepEqual(
    Object.keys(JSON.parse(jsonLogLine("info", "request", { request_id: "r" }))),
    ["time", "level", "msg", "request_id"],
  );
});
