/**
 * The README's `/v2/rerank`, `/rerank`, `/metrics`, `Server-Timing` and `--log json` examples,
 * run as written (curl in a shell) against `main.ts --config gateway.offline.json --log json`;
 * only `localhost:8080` is replaced by the test server's address.
 */
import { assertReadmeShows } from "../helpers/readme_shows.ts";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** [command, exact stdout] pairs, in order (the metrics line counts the rerank calls above it). */
export const README_EXAMPLES: readonly (readonly [string, string])[] = [
  [
    `curl -s localhost:8080/v2/rerank -H 'Content-Type: application/json' -H 'X-Request-Id: readme-1' -d '{"model":"JeopardyQuestion","query":"capital","documents":["Paris","Ottawa is the capital of Canada","Rome"],"top_n":2}'`,
    `{"id":"readme-1","results":[{"index":1,"relevance_score":31},{"index":0,"relevance_score":5}],"meta":{"api_version":{"version":"2"},"billed_units":{"search_units":1}}}`,
  ],
  [
    `curl -s -w '\\n%{http_code}\\n' localhost:8080/v2/rerank -H 'Content-Type: application/json' -H 'X-Request-Id: readme-2' -d '{"model":"JeopardyQuestion","query":"capital","documents":[]}'`,
    `{"id":"readme-2","message":"invalid request: list of documents must not be empty"}\n400`,
  ],
  [
    `curl -s localhost:8080/rerank -H 'Content-Type: application/json' -d '{"query":"capital","texts":["Paris","Ottawa is the capital of Canada"],"return_text":true}'`,
    `[{"index":1,"text":"Ottawa is the capital of Canada","score":31},{"index":0,"text":"Paris","score":5}]`,
  ],
  [
    `curl -s -w '\\n%{http_code}\\n' localhost:8080/rerank -H 'Content-Type: application/json' -d '{"query":"capital","texts":[]}'`,
    '{"error":"`texts` cannot be empty","error_type":"Empty"}\n400',
  ],
  [
    `curl -s localhost:8080/metrics | grep '^gateway_http_requests_total{route="/v2/rerank"'`,
    `gateway_http_requests_total{route="/v2/rerank",method="POST",status="200"} 1\ngateway_http_requests_total{route="/v2/rerank",method="POST",status="400"} 1`,
  ],
  [
    `curl -s -o /dev/null -w '%header{server-timing}\\n' localhost:8080/v1/graphql -H 'Content-Type: application/json' -d '{"query":"{ Get { JeopardyQuestion(limit: 1) { question } } }"}' | sed -E 's/dur=[0-9.]+/dur=N/g'`,
    "parse;dur=N, retrieve;dur=N, rerank;dur=N, encode;dur=N",
  ],
  [
    `deno eval 'import { CohereClientV2 } from "npm:cohere-ai@8.1.0"; const co = new CohereClientV2({ token: "unused", environment: "http://localhost:8080" }); const r = await co.rerank({ model: "JeopardyQuestion", query: "capital", documents: ["Paris", "Ottawa is the capital of Canada"] }); console.log(JSON.stringify(r.results));'`,
    `[{"index":1,"relevanceScore":31},{"index":0,"relevanceScore":5}]`,
  ],
];

Deno.test({
  name: "README examples: /v2/rerank, /rerank, /metrics, Server-Timing, --log json",
  ignore: Deno.build.os === "windows",
  async fn() {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        `--config=${ROOT}deno.json`,
        "--allow-net=127.0.0.1",
        "--allow-read",
        "--allow-env",
        `${ROOT}main.ts`,
        "--config",
        `${ROOT}gateway.offline.json`,
        "--log",
        "json",
      ],
      env: { PORT: "0", HOST: "127.0.0.1", GATEWAY_AUTO_PULL: "0" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    let log = "";
    const reading = (async () => {
      for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) log += chunk;
    })();
    try {
      const deadline = Date.now() + 60_000;
      let origin: string | undefined;
      while (origin === undefined) {
        const m = log.match(/"msg":"listening","url":"(http:\/\/[^"]+?)\/?"/);
        if (m) origin = m[1];
        else if (Date.now() > deadline) throw new Error(`no listening line in 60 s:\n${log}`);
        else await new Promise((r) => setTimeout(r, 50));
      }
      const host = origin.replace("http://", "");
      for (const [command, expected] of README_EXAMPLES) {
        const out = await new Deno.Command("sh", {
          args: ["-c", command.replaceAll("localhost:8080", host)],
          // `deno eval` as a README reader runs it (the test's own Deno on PATH first).
          env: { PATH: `${Deno.execPath().replace(/\/[^/]*$/, "")}:${Deno.env.get("PATH") ?? ""}` },
          stdout: "piped",
          stderr: "inherit",
        }).output();
        const text = new TextDecoder().decode(out.stdout).trimEnd();
        assert.equal(text, expected, command);
      }
      // Every gateway line is JSON; the first example's request line carries its id.
      const lines = log.split("\n").filter((l) => l.startsWith("{"));
      const request = lines.map((l) => JSON.parse(l)).find((l) => l.request_id === "readme-1");
      assert.equal(request.msg, "request");
      assert.equal(request.route, "/v2/rerank");
      assert.equal(request.status, 200);
    } finally {
      child.kill("SIGTERM");
      await child.status;
      await reading;
    }
  },
});

Deno.test("README shows these examples verbatim (command and answer)", () =>
  assertReadmeShows(README_EXAMPLES.map(([command, output]) => ({ command, output }))));
