/**
 * The README's examples, executed. Every fenced `sh` block of README.md is run in order against a
 * gateway started by this test (127.0.0.1, a free port, a scratch working directory without
 * models), and every `json` block marked as an expected answer is compared with what the last
 * `curl` printed. Rules (README authors: keep new examples executable):
 *
 * - `sh` lines (with `\` continuations, `# comments` ignored) may be
 *   `[npx -y deno@V] deno task start [args]` (starts or restarts the gateway with those args;
 *   `localhost:8080` in later commands is rewritten to its address),
 *   `deno task models synth [args]` (run in the scratch directory), `curl ...` (run by bash) or
 *   `[npx -y deno@V] deno task test` (the suite this test is part of: not run again).
 *   Anything else fails the test, unless the block is preceded by
 *   `<!-- readme-test: skip: <why> -->`.
 * - `<!-- readme-test: expect -->` before a `json` block: the answer of the last `curl`. Without
 *   `...` the two must be equal as JSON; with `...` the text is a pattern (`...` matches
 *   anything; whitespace outside strings is ignored).
 * - `<!-- readme-test: file: NAME -->` before a `json` block: written to NAME in the scratch
 *   directory (a config the README tells the reader to save).
 * - `<!-- readme-test: skip: <why> -->` before any block: not executed (say why).
 *
 * The gateway's log is checked as well: no Deno notice or third-party warning box.
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const START_TIMEOUT_MS = 120_000;
const CURL_TIMEOUT_S = 60;

/** One fenced block of the README. */
export interface ReadmeBlock {
  readonly lang: string;
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The `readme-test:` directive just above the block, if any. */
  readonly directive?: string;
}

/** The fenced blocks of a Markdown text, with the `<!-- readme-test: ... -->` just above each. */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split("\n");
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^(\s*)```(\w*)\s*$/);
    if (!open) continue;
    const indent = open[1].length;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) body.push(lines[j++].slice(indent));
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === "") k--;
    const d = k >= 0 ? lines[k].trim().match(/^<!--\s*readme-test:\s*(.*?)\s*-->$/) : null;
    blocks.push({ lang: open[2], code: body.join("\n"), line: i + 1, directive: d?.[1] });
    i = j;
  }
  return blocks;
}

/** Shell lines of a block: `\` continuations joined, blank lines and full-line comments dropped. */
export function shellCommands(code: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const raw of code.split("\n")) {
    const line = raw.trimEnd();
    if (line.endsWith("\\")) {
      current += line.slice(0, -1) + " ";
      continue;
    }
    current += line;
    const cmd = current.trim();
    current = "";
    if (cmd !== "" && !cmd.startsWith("#")) out.push(cmd);
  }
  return out;
}

/** Drops whitespace outside JSON strings. */
export function squeezeJson(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === "\\") out += text[++i] ?? "";
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (!/\s/.test(ch)) out += ch;
  }
  return out;
}

/** Does `actual` match the README's `expected` (exact JSON, or a pattern with `...`)? */
export function matchesExpected(expected: string, actual: string): boolean {
  if (!expected.includes("...")) {
    try {
      assert.deepEqual(JSON.parse(actual), JSON.parse(expected));
      return true;
    } catch {
      return false;
    }
  }
  const pattern = squeezeJson(expected).split("...").map((p) =>
    p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  ).join("[\\s\\S]*?");
  return new RegExp(`^${pattern}$`).test(squeezeJson(actual.trim()));
}

/** Shell command under `# comment` removal for non-curl lines (`deno task start   # ...`). */
function stripComment(cmd: string): string {
  return cmd.replace(/\s+#.*$/, "").trim();
}

const DENO_TASK = /^(?:npx -y deno@[\d.]+|deno) task (\S+)(.*)$/;

interface Gateway {
  readonly base: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

async function startGateway(cwd: string, args: string[]): Promise<Gateway> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `--config=${ROOT}deno.json`,
      `--lock=${ROOT}deno.full.lock`,
      "--allow-net",
      "--allow-read",
      "--allow-env",
      "--allow-write=models",
      `${ROOT}main.ts`,
      ...args,
    ],
    cwd,
    env: { PORT: "0", HOST: "127.0.0.1", GATEWAY_AUTO_PULL: "0", NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  const pump = (s: ReadableStream<Uint8Array>) =>
    (async () => {
      for await (const chunk of s) text += decoder.decode(chunk, { stream: true });
    })();
  const pumps = [pump(child.stdout), pump(child.stderr)];
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
    await Promise.allSettled(pumps);
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited = false;
  child.status.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    const m = text.match(/Listening on (http:\/\/127\.0\.0\.1:\d+)\//);
    if (m) return { base: m[1], log: () => text, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`the gateway (${args.join(" ")}) did not start:\n${text}`);
}

async function run(cmd: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    cwd,
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  const text = dec.decode(out.stdout) + dec.decode(out.stderr);
  if (!out.success) throw new Error(`${cmd.join(" ")} failed:\n${text}`);
  return dec.decode(out.stdout);
}

/** A scratch directory that looks like the checkout to the gateway, without any model. */
async function scratchDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "readme-test-" });
  await Deno.symlink(`${ROOT}data`, `${dir}/data`);
  for (const f of ["gateway.offline.json", "gateway.example.json"]) {
    await Deno.copyFile(`${ROOT}${f}`, `${dir}/${f}`);
  }
  return dir;
}

Deno.test({
  name: "README: every sh block runs and every expected answer matches",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const blocks = readmeBlocks(await Deno.readTextFile(`${ROOT}README.md`));
    const cwd = await scratchDir();
    let gateway: Gateway | undefined;
    let gatewayArgs: string | undefined;
    let last: { cmd: string; out: string; line: number } | undefined;
    const logs: string[] = [];
    const stopGateway = async () => {
      if (gateway) {
        await gateway.stop();
        logs.push(gateway.log());
      }
      gateway = undefined;
    };
    try {
      for (const b of blocks) {
        const where = `README.md:${b.line}`;
        if (b.directive?.startsWith("skip")) {
          assert.match(b.directive, /^skip: \S/, `${where}: say why a block is skipped`);
          continue;
        }
        if (b.directive?.startsWith("file:")) {
          await Deno.writeTextFile(`${cwd}/${b.directive.slice(5).trim()}`, b.code + "\n");
          continue;
        }
        if (b.lang === "json" && b.directive === "expect") {
          assert.ok(last, `${where}: an expected answer without a curl before it`);
          await t.step(`${where} (answer of the curl at README.md:${last.line})`, () => {
            assert.ok(
              matchesExpected(b.code, last!.out),
              `${where}: the README says\n${b.code}\nbut \`${last!.cmd}\` printed\n${last!.out}`,
            );
          });
          continue;
        }
        assert.equal(b.directive, undefined, `${where}: unknown directive ${b.directive}`);
        if (b.lang !== "sh") continue;
        for (const raw of shellCommands(b.code)) {
          const task = stripComment(raw).match(DENO_TASK);
          if (task?.[1] === "test") continue;
          if (task?.[1] === "start") {
            const args = task[2].trim();
            if (gateway && gatewayArgs === args) continue;
            await stopGateway();
            gateway = await startGateway(cwd, args === "" ? [] : args.split(/\s+/));
            gatewayArgs = args;
          } else if (task?.[1] === "models") {
            await run([
              Deno.execPath(),
              "run",
              `--config=${ROOT}deno.json`,
              `--lock=${ROOT}deno.full.lock`,
              "--allow-read",
              "--allow-write=models",
              "--allow-env",
              `${ROOT}tools/models.ts`,
              ...task[2].trim().split(/\s+/),
            ], cwd);
          } else if (raw.startsWith("curl ")) {
            assert.ok(gateway, `${where}: curl before any \`deno task start\``);
            const cmd = raw.replaceAll("localhost:8080", gateway.base.replace("http://", ""));
            const out = await run([
              "bash",
              "-c",
              cmd.replace(/^curl /, `curl --max-time ${CURL_TIMEOUT_S} `),
            ], cwd);
            last = { cmd: raw, out, line: b.line };
          } else {
            assert.fail(
              `${where}: the README test cannot run \`${raw}\`; make it a curl / deno task ` +
                `start / deno task models synth line, or mark the block ` +
                "<!-- readme-test: skip: <why> -->",
            );
          }
        }
      }
      assert.ok(last, "the README has no executed curl example");
    } finally {
      await stopGateway();
      await Deno.remove(cwd, { recursive: true });
    }
    const log = logs.join("\n");
    assert.doesNotMatch(log, /legacy behavior/, "no Deno notice in the gateway's log");
    assert.doesNotMatch(log, /Ignored build scripts|[╭╰]/, "no warning box in the gateway's log");
  },
});

Deno.test("README test helpers: blocks, directives, commands, patterns", () => {
  const md = [
    "<!-- readme-test: skip: needs a key -->",
    "",
    "```sh",
    "curl -s a \\",
    "  -d b",
    "# comment",
    "```",
    "```json",
    '{"a": [1, 2]}',
    "```",
  ].join("\n");
  const [sh, js] = readmeBlocks(md);
  assert.deepEqual([sh.lang, sh.directive, sh.line], ["sh", "skip: needs a key", 3]);
  assert.deepEqual(shellCommands(sh.code), ["curl -s a    -d b"]);
  assert.equal(js.directive, undefined);
  assert.ok(matchesExpected('{"a": [1, 2]}', '{"a":[1,2]}\n'));
  assert.ok(!matchesExpected('{"a": [1, 2]}', '{"a":[1,3]}'));
  assert.ok(matchesExpected('{"a":[{"s":...}], ...', '{"a":[{"s":1.5}],"b":2}'));
  assert.ok(matchesExpected('{"d":0.5...}', '{"d":0.5123}'));
  assert.ok(!matchesExpected('{"d":0.5...}', '{"d":0.6123}'));
  assert.equal(squeezeJson('{ "a b": 1 }'), '{"a b":1}');
});
