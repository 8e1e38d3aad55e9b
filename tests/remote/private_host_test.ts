/**
 * Issue 11 item 12: the private-address guard of header base URLs knows the embedded-IPv4 forms
 * (NAT64, 6to4, IPv4-compatible), site-local IPv6, the special-use IPv4 blocks and internal
 * single-label names, and checks every address a name resolves to (fake resolver: no real DNS).
 */
import assert from "node:assert/strict";
import { checkHeaderBaseUrl, isPrivateHost } from "../../src/remote/base_url.ts";
import type { HostResolver } from "../../src/core/runtime.ts";

Deno.test("private host: embedded IPv4, site-local, special-use blocks and internal names", () => {
  for (
    const host of [
      "[64:ff9b::a00:1]", // NAT64 of 10.0.0.1
      "[64:ff9b::7f00:1]", // NAT64 of 127.0.0.1
      "[64:ff9b::169.254.169.254]",
      "[64:ff9b:1::1]", // local-use NAT64 (RFC 8215)
      "[2002:a00:1::1]", // 6to4 of 10.0.0.1
      "[2002:a9fe:a9fe::]", // 6to4 of 169.254.169.254
      "[::10.0.0.1]", // IPv4-compatible
      "[::127.0.0.1]",
      "[::a9fe:a9fe]",
      "[fec0::1]", // site-local
      "[feff::1]",
      "198.18.0.1", // benchmarking
      "198.19.255.255",
      "192.0.0.8", // IETF protocol assignments
      "192.0.2.1", // TEST-NET-1
      "198.51.100.7", // TEST-NET-2
      "203.0.113.9", // TEST-NET-3
      "metadata", // single-label names resolve through the search domain
      "kubernetes",
      "kubernetes.default.svc",
      "my-svc.my-ns.svc.cluster.local",
      "router.lan",
    ]
  ) {
    assert.equal(isPrivateHost(host), true, host);
  }
  for (
    const host of [
      "api.cohere.com",
      "8.8.8.8",
      "198.20.0.1",
      "192.0.3.1",
      "[64:ff9b::808:808]", // NAT64 of a public address
      "[2002:808:808::1]", // 6to4 of a public address
      "[2606:4700::1111]",
    ]
  ) {
    assert.equal(isPrivateHost(host), false, host);
  }
});

/** A resolver that answers from a table and records every name asked. */
function fakeResolver(table: Record<string, string[]>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = (host: string) => {
    asked.push(host);
    const hit = table[host];
    return hit ? Promise.resolve(hit) : Promise.reject(new Error(`no such host ${host}`));
  };
  return Object.assign(resolve, { asked });
}

const check = (raw: string, resolveHost?: HostResolver) =>
  checkHeaderBaseUrl(raw, {
    header: "X-Cohere-Baseurl",
    allowPrivate: false,
    resolveHost,
    signal: new AbortController().signal,
  });

Deno.test("header base URL: every resolved address is checked", async () => {
  const resolver = fakeResolver({
    "api.example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
    "rebind.example.com": ["93.184.215.14", "10.0.0.5"],
    "v6only.example.com": ["fd00::5"],
    "nat64.example.com": ["64:ff9b::a9fe:a9fe"],
  });
  assert.equal(await check("https://api.example.com/v1/", resolver), "https://api.example.com/v1");
  for (const host of ["rebind.example.com", "v6only.example.com", "nat64.example.com"]) {
    await assert.rejects(check(`https://${host}`, resolver), {
      message: "X-Cohere-Baseurl: base URL must not point to a private or loopback address",
    }, host);
  }
  assert.deepEqual(resolver.asked, [
    "api.example.com",
    "rebind.example.com",
    "v6only.example.com",
    "nat64.example.com",
  ]);
});

Deno.test("header base URL: a name that does not resolve is refused (fail closed)", async () => {
  await assert.rejects(check("https://nowhere.example.com", fakeResolver({})), {
    message: "X-Cohere-Baseurl: base URL host nowhere.example.com does not resolve",
  });
});

Deno.test("header base URL: literal addresses are not resolved; no resolver = literal checks", async () => {
  const resolver = fakeResolver({});
  assert.equal(await check("https://8.8.8.8", resolver), "https://8.8.8.8");
  assert.deepEqual(resolver.asked, []);
  // Workers: no DNS API, so only the literal checks apply.
  assert.equal(await check("https://api.example.com"), "https://api.example.com");
  await assert.rejects(check("https://metadata"), /private or loopback/);
});
