/**
 * Issue 11 item 1: the operator's key (from the environment) only goes to the configured base URL
 * or to a host on `modules.baseUrlAllowList`; a base URL from a request header is honoured only
 * together with a key from the same request.
 */
import assert from "node:assert/strict";
import { startFakeServer } from "../rerankers/fake_server.ts";
import { PROVIDERS } from "./providers.ts";

const ENV_KEY = "operator-env-key-7f3a9c";
const REQUEST_KEY = "client-request-key-41b2";

/** `x-cohere-baseurl` as Weaviate spells it: `X-Cohere-Baseurl`. */
function headerName(lower: string): string {
  return lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

for (const p of PROVIDERS) {
  Deno.test(`${p.name}: a header base URL without a request key never gets the env key`, async () => {
    const configured = startFakeServer(p.handler);
    const attacker = startFakeServer(p.handler);
    try {
      const call = p.make({
        baseURL: configured.url,
        env: (n) => n === p.envName ? ENV_KEY : undefined,
        // Loopback stands in for https://attacker.example (the private-host guard is tested apart).
        allowPrivateBaseUrls: true,
      });
      await assert.rejects(call({ [p.baseUrlHeader]: attacker.url }), (err: Error) => {
        assert.ok(!err.message.includes(ENV_KEY), err.message);
        assert.equal(
          err.message,
          `${headerName(p.baseUrlHeader)}: a base URL from the request header needs the key ` +
            `from the request too (${headerName(p.keyHeader)}); the gateway's own key is only ` +
            "sent to its configured base URL and to hosts in modules.baseUrlAllowList",
        );
        return true;
      });
      assert.deepEqual(
        attacker.requests.map((r) => r.headers["authorization"]),
        [],
        "the attacker's host must get no request at all",
      );
      assert.equal(configured.requests.length, 0);
    } finally {
      await configured.close();
      await attacker.close();
    }
  });

  Deno.test(`${p.name}: a header base URL with a request key gets that key only`, async () => {
    const configured = startFakeServer(p.handler);
    const other = startFakeServer(p.handler);
    try {
      const call = p.make({
        baseURL: configured.url,
        env: (n) => n === p.envName ? ENV_KEY : undefined,
        allowPrivateBaseUrls: true,
      });
      await call({ [p.baseUrlHeader]: other.url, [p.keyHeader]: REQUEST_KEY });
      assert.equal(other.requests.length, 1);
      assert.equal(other.requests[0].path, p.path);
      assert.equal(other.requests[0].headers["authorization"], `Bearer ${REQUEST_KEY}`);
      assert.equal(configured.requests.length, 0);
    } finally {
      await configured.close();
      await other.close();
    }
  });

  Deno.test(`${p.name}: the env key goes to a header base URL whose host is allow-listed`, async () => {
    const configured = startFakeServer(p.handler);
    const allowed = startFakeServer(p.handler);
    try {
      const call = p.make({
        baseURL: configured.url,
        env: (n) => n === p.envName ? ENV_KEY : undefined,
        allowPrivateBaseUrls: true,
        baseUrlAllowList: ["127.0.0.1"],
      });
      await call({ [p.baseUrlHeader]: allowed.url });
      assert.equal(allowed.requests.length, 1);
      assert.equal(allowed.requests[0].headers["authorization"], `Bearer ${ENV_KEY}`);
      // Without a header the configured URL is used, as always.
      await call({});
      assert.equal(configured.requests.length, 1);
      assert.equal(configured.requests[0].headers["authorization"], `Bearer ${ENV_KEY}`);
    } finally {
      await configured.close();
      await allowed.close();
    }
  });
}
