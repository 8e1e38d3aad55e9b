/**
 * The console in a real headless Chromium (Debian's `chromium`, driven over the DevTools protocol
 * on a WebSocket, no extra package): the page loads GraphiQL from the gateway's own assets, shows
 * the seed query, runs it, and the result pane holds the reranked answer. With anonymous access
 * off, the key pasted into the headers pane is what authenticates the query. The screenshot is
 * kept at `tests/artifacts/console.png`.
 *
 * Without chromium the test is ignored with a notice; CI sets GATEWAY_REQUIRE_CHROMIUM=1 (and
 * installs chromium in .ci/run), so there a missing browser fails.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { createApp } from "../../src/http/app.ts";
import { buildServices } from "../../src/pipeline/build_services.ts";
import { loadConfig } from "../../src/pipeline/catalog.ts";
import { readTextFile } from "../../src/runtime/deno.ts";
import { denoFiles } from "../../src/runtime/files.ts";
import { vendoredConsoleAssets } from "../../src/runtime/deno_startup.ts";
import { testRuntime } from "../../tools/testing/runtime.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ARTIFACTS = `${ROOT}tests/artifacts`;
const KEY = "console-test-key";

function chromiumPath(): string | undefined {
  const candidates = [
    Deno.env.get("CHROMIUM_PATH"),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      if (Deno.statSync(c).isFile) return c;
    } catch { /* not there */ }
  }
  return undefined;
}

const chromium = chromiumPath();
const required = Deno.env.get("GATEWAY_REQUIRE_CHROMIUM") === "1";
if (!chromium && !required) {
  console.warn(
    "console browser test: ignored, chromium is not installed (apt-get install chromium)",
  );
}

/** A minimal DevTools-protocol client over the browser's WebSocket, one page session. */
class Cdp {
  #id = 0;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  sessionId?: string;
  constructor(private readonly ws: WebSocket) {
    ws.onmessage = (e) => {
      const msg = JSON.parse(e.data as string);
      const p = msg.id !== undefined ? this.#pending.get(msg.id) : undefined;
      if (!p) return;
      this.#pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${msg.error.message} (${JSON.stringify(msg.error)})`));
      else p.resolve(msg.result);
    };
  }
  static async connect(url: string): Promise<Cdp> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    });
    return new Cdp(ws);
  }
  send<T = Record<string, unknown>>(method: string, params: unknown = {}, session = true) {
    const id = ++this.#id;
    const msg = {
      id,
      method,
      params,
      ...(session && this.sessionId ? { sessionId: this.sessionId } : {}),
    };
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify(msg));
    });
  }
  /** Evaluates `expression` in the page; returns its JSON value. */
  async eval<T>(expression: string): Promise<T> {
    const r = await this.send<{ result: { value?: T }; exceptionDetails?: unknown }>(
      "Runtime.evaluate",
      { expression, returnByValue: true, awaitPromise: true },
    );
    if (r.exceptionDetails) throw new Error(`page error: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value as T;
  }
  /** Polls `expression` until it is truthy (bounded). */
  async waitFor<T>(expression: string, what: string, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const v = await this.eval<T>(expression);
      if (v) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  close() {
    this.ws.close();
  }
}

async function launchChromium(path: string, profile: string) {
  const child = new Deno.Command(path, {
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--no-default-browser-check",
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let text = "";
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  const timer = setTimeout(() => reader.cancel(), 60_000);
  let ws: string | undefined;
  while (!ws) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    ws = text.match(/DevTools listening on (ws:\/\/\S+)/)?.[1];
  }
  clearTimeout(timer);
  // Keep draining stderr so chromium never blocks on a full pipe.
  (async () => {
    try {
      while (!(await reader.read()).done) { /* drain */ }
    } catch { /* closed */ }
  })();
  if (!ws) {
    child.kill("SIGKILL");
    throw new Error(`chromium did not start:\n${text}`);
  }
  return { child, ws };
}

async function serveGateway(anonymous: boolean) {
  const config = await loadConfig({
    path: `${ROOT}gateway.offline.json`,
    readText: readTextFile,
    signal: AbortSignal.timeout(30_000),
  });
  const withAuth = {
    ...config,
    authentication: { ...config.authentication, anonymousAccessEnabled: anonymous },
  };
  const services = await buildServices(withAuth, {
    runtime: testRuntime({ readText: readTextFile }),
  });
  const keyed = anonymous ? services : { ...services, apiKeys: [KEY] };
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} },
    createApp(keyed, { console: vendoredConsoleAssets(denoFiles), log: () => {} }).fetch,
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    stop: async () => (ac.abort(), await server.finished),
  };
}

/** The text of GraphiQL's result pane (CodeMirror 5 keeps its editor on the wrapper element). */
const RESULT_TEXT =
  `(() => { const cm = document.querySelector(".result-window .CodeMirror"); const v = cm && cm.CodeMirror.getValue(); return v && v.trim().startsWith("{") ? v : ""; })()`;

Deno.test({
  name: "console: GraphiQL in headless Chromium loads, runs the seed query and shows the result",
  ignore: !chromium && !required,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    assert.ok(
      chromium,
      "chromium is not installed: apt-get install -y chromium (GATEWAY_REQUIRE_CHROMIUM=1)",
    );
    const profile = await Deno.makeTempDir({ prefix: "console-chromium-" });
    const browser = await launchChromium(chromium, profile);
    const cdp = await Cdp.connect(browser.ws);
    try {
      const { targetId } = await cdp.send<{ targetId: string }>("Target.createTarget", {
        url: "about:blank",
      }, false);
      const { sessionId } = await cdp.send<{ sessionId: string }>(
        "Target.attachToTarget",
        { targetId, flatten: true },
        false,
      );
      cdp.sessionId = sessionId;
      await cdp.send("Page.enable");
      await cdp.send("Runtime.enable");
      await cdp.send("Emulation.setDeviceMetricsOverride", {
        width: 1280,
        height: 800,
        deviceScaleFactor: 1,
        mobile: false,
      });
      // Offline: any request that is not to the gateway fails the page.
      await cdp.send("Network.enable");

      await t.step(
        "anonymous access: seed query runs, result pane shows reranked answers",
        async () => {
          const gw = await serveGateway(true);
          try {
            await cdp.send("Page.navigate", { url: `${gw.url}/v1/graphql` });
            await cdp.waitFor(`!!document.querySelector(".graphiql-execute-button")`, "GraphiQL");
            const query = await cdp.waitFor<string>(
              `(() => { const cm = document.querySelector(".graphiql-query-editor .CodeMirror"); return cm && cm.CodeMirror.getValue(); })()`,
              "the query editor",
            );
            assert.match(query, /JeopardyQuestion\(nearText: \{concepts: "flying"\}, limit: 10\)/);
            assert.match(query, /rerank\(property: "answer", query: "floating"\)/);
            await cdp.eval(`document.querySelector(".graphiql-execute-button").click()`);
            const text = await cdp.waitFor<string>(RESULT_TEXT, "the result pane");
            const body = JSON.parse(text);
            const items = body.data.Get.JeopardyQuestion as {
              _additional: { rerank: { score: number }[] };
            }[];
            assert.equal(items.length, 10);
            const scores = items.map((i) => i._additional.rerank[0].score);
            assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "sorted by rerank score");
            assert.equal(body.errors, undefined);
            // The schema is the gateway's (introspected): the docs explorer lists the class.
            await cdp.eval(
              `document.querySelector('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]').click()`,
            );
            await cdp.waitFor(
              `(() => { const d = document.querySelector(".graphiql-doc-explorer"); return !!d && d.innerText.includes("Get"); })()`,
              "the docs explorer",
            );
            await cdp.eval(
              `[...document.querySelectorAll(".graphiql-doc-explorer a")].find((a) => a.innerText === "Get")?.click()`,
            );
            await cdp.waitFor(
              `document.querySelector(".graphiql-doc-explorer").innerText.includes("JeopardyQuestion")`,
              "the JeopardyQuestion class in the docs",
            );
            const shot = await cdp.send<{ data: string }>("Page.captureScreenshot", {
              format: "png",
            });
            await Deno.mkdir(ARTIFACTS, { recursive: true });
            await Deno.writeFile(
              `${ARTIFACTS}/console.png`,
              Uint8Array.from(atob(shot.data), (c) => c.charCodeAt(0)),
            );
            // Only the gateway's own origin was contacted (no CDN).
            const origins = await cdp.eval<string[]>(
              `[...new Set(performance.getEntriesByType("resource").map((e) => new URL(e.name).origin))]`,
            );
            assert.deepEqual(origins, [gw.url]);
          } finally {
            await gw.stop();
          }
        },
      );

      await t.step(
        "auth on: the headers pane asks for a Bearer key; the pasted key is used",
        async () => {
          const gw = await serveGateway(false);
          try {
            await cdp.send("Page.navigate", { url: `${gw.url}/v1/graphql` });
            await cdp.waitFor(`!!document.querySelector(".graphiql-execute-button")`, "GraphiQL");
            const headers = await cdp.waitFor<string>(
              `(() => { const cm = document.querySelector(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"); return cm && cm.CodeMirror.getValue(); })()`,
              "the headers editor",
            );
            assert.match(headers, /"Authorization": "Bearer "/);
            await cdp.eval(
              `document.querySelector(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror").CodeMirror.setValue(${
                JSON.stringify(JSON.stringify({ Authorization: `Bearer ${KEY}` }))
              })`,
            );
            await cdp.eval(`document.querySelector(".graphiql-execute-button").click()`);
            // Before the key, the schema fetch was refused; the answer replaces that error.
            const text = await cdp.waitFor<string>(
              `(() => { const v = ${RESULT_TEXT}; return v.includes('"Get"') ? v : ""; })()`,
              "the answer in the result pane",
            );
            assert.equal(JSON.parse(text).data?.Get?.JeopardyQuestion?.length, 10, text);
            assert.match(
              await cdp.eval<string>(`document.getElementById("auth-hint").innerText`),
              /paste your API key/,
            );
          } finally {
            await gw.stop();
          }
        },
      );
    } finally {
      cdp.close();
      browser.child.kill("SIGKILL");
      await browser.child.status;
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    }
  },
});
