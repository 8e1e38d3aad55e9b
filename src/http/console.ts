/**
 * The console: `GET /v1/graphql` from a browser (`Accept: text/html`) answers GraphiQL on the
 * gateway's own schema (introspected through `POST /v1/graphql`), with the seed query filled in.
 * Its assets (GraphiQL 3.9.0, React 18.3.1, copied from their npm packages into
 * `src/http/console/vendor/`, see the README there) are served from `/v1/console/*`: nothing is
 * loaded from a CDN, so the console works offline.
 *
 * The page and its assets are public (they hold no data): with anonymous access off, the headers
 * pane opens with an `Authorization: Bearer ` line to paste a key into (GraphiQL keeps it in the
 * browser's localStorage); queries go through the usual authentication.
 * @module
 */
import { Hono } from "hono";
import type { Services } from "../pipeline/services.ts";

/** Reads one vendored console asset by file name; `undefined` when this build has none. */
export interface ConsoleAssets {
  read(name: string): Promise<Uint8Array | undefined>;
}

/** The vendored files `/v1/console/<name>` may serve, with their content types. */
export const CONSOLE_ASSETS: Readonly<Record<string, string>> = {
  "graphiql.min.css": "text/css; charset=utf-8",
  "graphiql.min.js": "text/javascript; charset=utf-8",
  "react.production.min.js": "text/javascript; charset=utf-8",
  "react-dom.production.min.js": "text/javascript; charset=utf-8",
};

/** The query the console opens with (the README's first example, over the sample data). */
export const SEED_QUERY = `{
  Get {
    JeopardyQuestion(nearText: {concepts: "flying"}, limit: 10) {
      answer
      question
      _additional {
        distance
        rerank(property: "answer", query: "floating") {
          score
        }
      }
    }
  }
}
`;

/** True for the requests the console answers without authentication. */
export function isConsoleRequest(req: Request, path: string): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (path.startsWith("/v1/console/")) return true;
  return path === "/v1/graphql" && wantsHtml(req.headers.get("accept"));
}

function wantsHtml(accept: string | null): boolean {
  return accept !== null && /(^|[\s,])text\/html\b/i.test(accept);
}

/** A first query for `services`: the seed query when its class is served, else a plain `Get`. */
export function seedQueryFor(services: Services): string {
  const seed = services.collections.get("JeopardyQuestion");
  if (seed?.reranker && seed.config.vectorizer !== "none") return SEED_QUERY;
  const first = [...services.collections.values()][0];
  if (!first) return "{\n  Get {\n  }\n}\n";
  const props = first.config.properties.slice(0, 3).map((p) => `      ${p.name}\n`).join("");
  return `{\n  Get {\n    ${first.config.class}(limit: 10) {\n${props}      _additional {\n` +
    `        id\n      }\n    }\n  }\n}\n`;
}

/** Text safe inside `<script type="application/json">`. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** The console page. */
export function consolePage(services: Services): string {
  const auth = !services.config.authentication.anonymousAccessEnabled;
  const config = {
    url: "/v1/graphql",
    query: seedQueryFor(services),
    headers: auth ? JSON.stringify({ Authorization: "Bearer " }, null, 2) : "",
    auth,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rerank-gateway console</title>
<link rel="stylesheet" href="/v1/console/graphiql.min.css">
<style>
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; }
#console { flex: 1; min-height: 0; }
#auth-hint { margin: 0; padding: 6px 12px; font: 14px sans-serif; background: #fff3cd; }
</style>
</head>
<body>
${
    auth
      ? `<p id="auth-hint">Authentication is on: paste your API key after <code>Bearer </code> in the
Headers tab below, then re-fetch the schema (Shift+Ctrl+R) and run the query.</p>
`
      : ""
  }<div id="console">Loading the console...</div>
<script type="application/json" id="console-config">${scriptJson(config)}</script>
<script src="/v1/console/react.production.min.js"></script>
<script src="/v1/console/react-dom.production.min.js"></script>
<script src="/v1/console/graphiql.min.js"></script>
<script>
(function () {
  var cfg = JSON.parse(document.getElementById("console-config").textContent);
  var fetcher = GraphiQL.createFetcher({ url: cfg.url });
  var props = {
    fetcher: fetcher,
    defaultQuery: cfg.query,
    shouldPersistHeaders: true,
    defaultEditorToolsVisibility: cfg.auth ? "headers" : false,
  };
  // A stored tab (an earlier visit) wins over the defaults, as in any GraphiQL.
  if (cfg.headers) props.defaultHeaders = cfg.headers;
  ReactDOM.createRoot(document.getElementById("console"))
    .render(React.createElement(GraphiQL, props));
})();
</script>
</body>
</html>
`;
}

/** `GET /v1/graphql` (HTML) and `/v1/console/*`; requests that are not the console fall through. */
export function createConsoleApp(services: Services, assets?: ConsoleAssets): Hono {
  const app = new Hono();
  app.get("/v1/graphql", async (c, next) => {
    if (!assets || !wantsHtml(c.req.header("accept") ?? null)) return await next();
    return c.html(consolePage(services), 200, { "Cache-Control": "no-store" });
  });
  app.get("/v1/console/:name", async (c, next) => {
    const name = c.req.param("name");
    const type = Object.hasOwn(CONSOLE_ASSETS, name) ? CONSOLE_ASSETS[name] : undefined;
    const bytes = type && assets ? await assets.read(name) : undefined;
    if (!type || !bytes) return await next();
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": type,
      "Cache-Control": "public, max-age=3600",
    });
  });
  return app;
}
