/** Start-up warning when authentication is required but no API key is configured. */
import assert from "node:assert/strict";
import { buildServices } from "../../src/pipeline/build_services.ts";
import { testRuntime } from "../../tools/testing/runtime.ts";
import { testConfig } from "../helpers/harness.ts";

const NOTE = { class: "Note", properties: { body: "text" as const }, records: [] };

async function startUp(opts: { anonymous: boolean; keys?: string }): Promise<string[]> {
  const lines: string[] = [];
  const config = testConfig([NOTE], {
    anonymousAccessEnabled: opts.anonymous,
    ...(opts.keys !== undefined ? { apiKeys: [] } : {}),
  });
  await buildServices(config, {
    runtime: testRuntime({
      readText: () => Promise.resolve("[]"),
      env: (name) => name === "TEST_API_KEYS" ? opts.keys : undefined,
      log: (line) => lines.push(line),
    }),
  });
  return lines;
}

Deno.test("auth: anonymous access off and no API key configured warns at start-up", async () => {
  for (const keys of [undefined, "", " , "]) {
    const lines = await startUp({ anonymous: false, keys });
    assert.equal(lines.length, 1, `keys ${JSON.stringify(keys)}: ${lines.join("\n")}`);
    assert.match(lines[0], /^warning: anonymous access is disabled but no API key is configured/);
    assert.match(lines[0], /every request except the \/v1\/\.well-known probes is refused \(401\)/);
  }
});

Deno.test("auth: no warning when a key is configured or anonymous access is on", async () => {
  assert.deepEqual(await startUp({ anonymous: false, keys: "k1" }), []);
  assert.deepEqual(await startUp({ anonymous: true }), []);
});
