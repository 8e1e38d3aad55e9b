import assert from "node:assert/strict";
import {
  envGet,
  listenOptions,
  readTextFile,
  resolveConfigPath,
  resolveConfigSource,
  resolveHostname,
  resolvePort,
} from "../../src/runtime/deno.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("runtime: --config <path> and --config=<path>, last wins", () => {
  assert.equal(resolveConfigPath(["--config", "a.json"], env({})), "a.json");
  assert.equal(resolveConfigPath(["--config=b.json"], env({})), "b.json");
  assert.equal(resolveConfigPath(["--config=a.json", "--config", "c.json"], env({})), "c.json");
});

Deno.test("runtime: the flag beats GATEWAY_CONFIG, which beats the default", () => {
  const e = env({ GATEWAY_CONFIG: "/etc/g.json" });
  assert.equal(resolveConfigPath(["--config", "a.json"], e), "a.json");
  assert.equal(resolveConfigPath([], e), "/etc/g.json");
  assert.equal(resolveConfigPath([], env({})), undefined);
  assert.equal(resolveConfigPath([], env({ GATEWAY_CONFIG: "" })), undefined);
});

Deno.test("runtime: --config without a value is an error", () => {
  assert.throws(() => resolveConfigPath(["--config"], env({})), /--config needs a path/);
  assert.throws(() => resolveConfigPath(["--config", "--x"], env({})), /--config needs a path/);
  assert.throws(() => resolveConfigPath(["--config="], env({})), /--config needs a path/);
});

Deno.test("runtime: PORT defaults to 8080 and must be a port number", () => {
  assert.equal(resolvePort(env({})), 8080);
  assert.equal(resolvePort(env({ PORT: "9000" })), 9000);
  assert.equal(resolvePort(env({ PORT: " 0 " })), 0);
  for (const bad of ["abc", "-1", "70000", "80.5"]) {
    assert.throws(() => resolvePort(env({ PORT: bad })), /PORT must be an integer/);
  }
});

Deno.test("runtime: HOST defaults to loopback", () => {
  assert.equal(resolveHostname(env({})), "127.0.0.1");
  assert.equal(resolveHostname(env({ HOST: "0.0.0.0" })), "0.0.0.0");
  assert.deepEqual(listenOptions(env({ HOST: "::", PORT: "1234" })), {
    hostname: "::",
    port: 1234,
  });
});

Deno.test("runtime: readTextFile and envGet use Deno", async () => {
  const text = await readTextFile(
    new URL("../../deno.json", import.meta.url).pathname,
    new AbortController().signal,
  );
  assert.ok(text.includes('"name"'));
  assert.equal(envGet("RERANK_GATEWAY_SURELY_UNSET_VARIABLE"), undefined);
});

Deno.test("runtime: GATEWAY_CONFIG_JSON carries the config itself; --config still wins", () => {
  const json = '{"collections":[]}';
  assert.deepEqual(resolveConfigSource([], env({ GATEWAY_CONFIG_JSON: json })), {
    text: json,
    source: "GATEWAY_CONFIG_JSON",
  });
  assert.deepEqual(
    resolveConfigSource(["--config", "a.json"], env({ GATEWAY_CONFIG_JSON: json })),
    {
      path: "a.json",
    },
  );
  assert.deepEqual(resolveConfigSource([], env({ GATEWAY_CONFIG: "g.json" })), { path: "g.json" });
  assert.deepEqual(resolveConfigSource([], env({ GATEWAY_CONFIG_JSON: " " })), {});
  assert.deepEqual(resolveConfigSource([], env({})), {});
  assert.throws(
    () => resolveConfigSource([], env({ GATEWAY_CONFIG: "g.json", GATEWAY_CONFIG_JSON: json })),
    /set GATEWAY_CONFIG \(a config file\) or GATEWAY_CONFIG_JSON \(the config's JSON\), not both/,
  );
});
