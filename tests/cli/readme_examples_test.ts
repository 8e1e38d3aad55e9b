/**
 * The README examples of the rerank extensions and the operator CLI, executed verbatim: each
 * `sh` block runs in the repository root (`sh -c`), GraphQL ones against a gateway started with
 * `gateway.rerank.json` (the README's `localhost:8080` is replaced by its address), and its
 * stdout must equal the block the README shows. Keep this file and the README in step.
 */
import { assertReadmeShows } from "../helpers/readme_shows.ts";
import assert from "node:assert/strict";
import { dirname } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;

/** One README example: the command block and the exact stdout it shows. */
interface Example {
  readonly sh: string;
  readonly stdout: string;
}

const Q = (query: string) =>
  `curl -s localhost:8080/v1/graphql -H 'Content-Type: application/json' -d '{"query":"${query}"}'`;

/** "The rerank window and friends" (gateway.rerank.json: window 20 by default). */
export const GRAPHQL_EXAMPLES: readonly Example[] = [
  {
    // The configured window (20): the best of the first 20 candidates, not of the page.
    sh: Q(
      '{ Get { JeopardyQuestion(nearText: {concepts: [\\"flying\\"]} limit: 3) { answer _additional { rerank(property: \\"answer\\") { score } } } } }',
    ),
    stdout:
      '{"data":{"Get":{"JeopardyQuestion":[{"_additional":{"rerank":[{"score":28}]},"answer":"Count Ferdinand von Zeppelin"},{"_additional":{"rerank":[{"score":24}]},"answer":"the Montgolfier brothers"},{"_additional":{"rerank":[{"score":21}]},"answer":"Alberto Santos-Dumont"}]}}}\n',
  },
  {
    // window: 3 = the page itself: Weaviate's behaviour.
    sh: Q(
      '{ Get { JeopardyQuestion(nearText: {concepts: [\\"flying\\"]} limit: 3) { answer _additional { rerank(property: \\"answer\\" window: 3) { score } } } } }',
    ),
    stdout:
      '{"data":{"Get":{"JeopardyQuestion":[{"_additional":{"rerank":[{"score":19}]},"answer":"the flying squirrel"},{"_additional":{"rerank":[{"score":17}]},"answer":"Charles Lindbergh"},{"_additional":{"rerank":[{"score":4}]},"answer":"bats"}]}}}\n',
  },
  {
    // The next page of the same ranking.
    sh: Q(
      '{ Get { JeopardyQuestion(nearText: {concepts: [\\"flying\\"]} limit: 3 offset: 3) { answer _additional { rerank(property: \\"answer\\") { score } } } } }',
    ),
    stdout:
      '{"data":{"Get":{"JeopardyQuestion":[{"_additional":{"rerank":[{"score":19}]},"answer":"the flying squirrel"},{"_additional":{"rerank":[{"score":19}]},"answer":"the Wright brothers"},{"_additional":{"rerank":[{"score":19}]},"answer":"floating in the air"}]}}}\n',
  },
  {
    sh: Q(
      '{ Get { JeopardyQuestion(nearText: {concepts: [\\"flying\\"]} limit: 5) { answer _additional { rerank(property: \\"answer\\" minScore: 22) { score } } } } }',
    ),
    stdout:
      '{"data":{"Get":{"JeopardyQuestion":[{"_additional":{"rerank":[{"score":28}]},"answer":"Count Ferdinand von Zeppelin"},{"_additional":{"rerank":[{"score":24}]},"answer":"the Montgolfier brothers"}]}}}\n',
  },
  {
    sh: Q(
      '{ Get { JeopardyQuestion(nearText: {concepts: [\\"flying\\"]} limit: 5) { answer _additional { rerank(property: \\"answer\\" autocut: 1) { score } } } } }',
    ),
    stdout:
      '{"data":{"Get":{"JeopardyQuestion":[{"_additional":{"rerank":[{"score":28}]},"answer":"Count Ferdinand von Zeppelin"},{"_additional":{"rerank":[{"score":24}]},"answer":"the Montgolfier brothers"},{"_additional":{"rerank":[{"score":21}]},"answer":"Alberto Santos-Dumont"}]}}}\n',
  },
  {
    // Two properties joined with a newline: "BIRDS & BEASTS\nthe flying squirrel" is 34 bytes.
    sh: Q(
      '{ Get { JeopardyQuestion(nearText: {concepts: [\\"flying\\"]} limit: 2) { category answer _additional { rerank(properties: [\\"category\\", \\"answer\\"] window: 2) { score } } } } }',
    ),
    stdout:
      '{"data":{"Get":{"JeopardyQuestion":[{"_additional":{"rerank":[{"score":34}]},"answer":"the flying squirrel","category":"BIRDS & BEASTS"},{"_additional":{"rerank":[{"score":19}]},"answer":"bats","category":"BIRDS & BEASTS"}]}}}\n',
  },
  {
    sh: Q(
      '{ Get { JeopardyQuestion(limit: 1) { answer _additional { rerank(property: \\"answer\\" properties: [\\"category\\"]) { score } } } } }',
    ),
    stdout:
      '{"data":{"Get":{"JeopardyQuestion":null}},"errors":[{"locations":[{"column":9,"line":1}],"message":"rerank: property and properties cannot both be set, choose one","path":["Get","JeopardyQuestion"]}]}\n',
  },
  {
    // The extension arguments are in the schema of this class only because its config enables them.
    sh: Q(
      '{ __type(name: \\"JeopardyQuestionAdditional\\") { fields(includeDeprecated: true) { name args { name } } } }',
    ) + " | jq -c '.data.__type.fields[] | select(.name == \"rerank\") | [.args[].name]'",
    stdout:
      '["property","query","properties","window","minScore","autocut","inheritQuery","timeoutMs","onTimeout"]\n',
  },
];

/** "Operator CLI", run in the repository root; `notes/` is created and removed by the test. */
export const CLI_EXAMPLES: readonly Example[] = [
  {
    sh: 'deno task -q config check gateway.rerank.json; echo "exit $?"',
    stdout: "gateway.rerank.json: ok (1 collection)\n" +
      "  JeopardyQuestion: embedded store, 68 objects in data/trivia_sample.json, vectorizer " +
      "text2vec-hash, reranker reranker-dummy, rerank extensions\n" +
      "exit 0\n",
  },
  {
    sh: `mkdir -p notes
cat > notes/gateway.json <<'EOF'
{
  "collections": [{
    "class": "Note",
    "properties": [
      { "name": "title", "dataType": ["text"] },
      { "name": "stars", "dataType": ["int"] }
    ],
    "vectorizer": "text2vec-hash",
    "moduleConfig": { "text2vec-hash": {}, "reranker-dummy": {} },
    "store": { "kind": "embedded", "files": ["notes.jsonl"] },
    "rerank": { "window": 0 }
  }]
}
EOF
deno task -q config check notes/gateway.json 2>&1; echo "exit $?"`,
    stdout: "invalid gateway config in notes/gateway.json (1 problem):\n" +
      "  - collections[0].rerank.window: must be >= 1, got 0\n" +
      "exit 1\n",
  },
  {
    sh: `sed -i 's/"window": 0/"window": 50/' notes/gateway.json
deno task -q config check notes/gateway.json 2>&1; echo "exit $?"`,
    stdout: "invalid data for notes/gateway.json (1 problem):\n" +
      "  - collections[0].store.files: No such file or directory (os error 2): open " +
      "'notes/notes.jsonl'\n" +
      "exit 1\n",
  },
  {
    sh: `printf 'title,stars\\nLava flows,5\\n"Ice cores, deep",3\\nTides,\\n' > notes/notes.csv
deno task -q import --config notes/gateway.json --class Note notes/notes.csv; echo "exit $?"`,
    stdout: "imported 3 records into notes/notes.jsonl (3 vectorized)\nexit 0\n",
  },
  {
    sh:
      `deno task -q import --config notes/gateway.json --class Note notes/notes.csv 2>&1; echo "exit $?"`,
    stdout: "error: notes/notes.jsonl exists: pass --force to overwrite it\nexit 1\n",
  },
  {
    sh: `deno task -q config check notes/gateway.json; echo "exit $?"`,
    stdout: "notes/gateway.json: ok (1 collection)\n" +
      "  Note: embedded store, 3 objects in notes/notes.jsonl, vectorizer text2vec-hash, " +
      "reranker reranker-dummy, rerank extensions\n" +
      "exit 0\n",
  },
  {
    sh: `head -c 65 notes/notes.jsonl; echo`,
    stdout: '{"id":"b954cab1-c358-5819-b1de-cc96e12f5165","title":"Lava flows"\n',
  },
];

async function sh(script: string, env: Record<string, string> = {}): Promise<string> {
  const out = await new Deno.Command("sh", {
    args: ["-c", script],
    cwd: ROOT,
    env: {
      PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}`,
      NO_COLOR: "1",
      GATEWAY_CONFIG: "",
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout);
}

Deno.test("README: the rerank extension examples answer what the README shows", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `--config=${ROOT}deno.json`,
      "--allow-net=127.0.0.1",
      "--allow-read",
      "--allow-env",
      `${ROOT}main.ts`,
      "--config",
      `${ROOT}gateway.rerank.json`,
    ],
    env: { PORT: "0", HOST: "127.0.0.1", GATEWAY_AUTO_PULL: "0" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let log = "";
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  try {
    const deadline = Date.now() + 60_000;
    let address: string | undefined;
    while (!address) {
      if (Date.now() > deadline) throw new Error(`no "Listening on" in 60 s:\n${log}`);
      const { value, done } = await reader.read();
      if (done) throw new Error(`the gateway exited:\n${log}`);
      log += value;
      address = log.match(/Listening on http:\/\/(\S+?)\/?\s/)?.[1];
    }
    for (const ex of GRAPHQL_EXAMPLES) {
      assert.equal(await sh(ex.sh.replace("localhost:8080", address)), ex.stdout, ex.sh);
    }
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await reader.cancel();
  }
});

Deno.test("README: the operator CLI examples print what the README shows", async () => {
  await Deno.remove(`${ROOT}notes`, { recursive: true }).catch(() => {});
  try {
    for (const ex of CLI_EXAMPLES) assert.equal(await sh(ex.sh), ex.stdout, ex.sh);
  } finally {
    await Deno.remove(`${ROOT}notes`, { recursive: true }).catch(() => {});
  }
});

Deno.test("README shows these examples verbatim (command and output)", () =>
  assertReadmeShows(
    [...GRAPHQL_EXAMPLES, ...CLI_EXAMPLES].map((e) => ({ command: e.sh, output: e.stdout })),
  ));
