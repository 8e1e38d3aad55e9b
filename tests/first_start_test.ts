/**
 * The first `deno task start` fetches only what the server imports (issue 13, item 1). `deno task`
 * installs every npm package of the import map and of the lockfile it reads (deno.lock) before
 * any task runs, so both must hold the server's packages only; test, bench and tool packages are
 * inline `npm:` specifiers pinned in deno.full.lock, which every task passes with `--lock`.
 * Measured: a cold `deno task start` with a fresh DENO_DIR caches ~51 MB (733 MB before).
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Packages the server must never pull in at start-up. */
const NOT_AT_START = [
  "onnxruntime-node",
  "onnxruntime-web",
  "sharp",
  "@huggingface/transformers",
  "@electric-sql/pglite",
  "@electric-sql/pglite-pgvector",
  "weaviate-ts-client",
  "onnx-proto",
  "@hono/graphql-server",
  "protobufjs",
];

const denoJson = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));

function packageName(specifier: string): string {
  const bare = specifier.replace(/^npm:\/?/, "");
  const at = bare.indexOf("@", 1);
  return at < 0 ? bare.replace(/\/$/, "") : bare.slice(0, at);
}

Deno.test("first start: the import map and deno.lock hold the server's packages only", async () => {
  const npmImports = Object.values(denoJson.imports as Record<string, string>)
    .filter((v) => v.startsWith("npm:"))
    .map((v) => v.replace(/^npm:\/?/, "npm:").replace(/\/$/, ""));
  for (const name of NOT_AT_START) {
    assert.ok(!npmImports.some((s) => packageName(s) === name), `${name} is in the import map`);
  }
  const lock = JSON.parse(await Deno.readTextFile(`${ROOT}deno.lock`));
  assert.deepEqual(
    Object.keys(lock.specifiers).sort(),
    [...new Set(npmImports)].sort(),
    "deno.lock pins exactly the import map (run tests and tools through `deno task`, which use deno.full.lock)",
  );
  for (const key of Object.keys(lock.npm)) {
    assert.ok(!NOT_AT_START.includes(packageName(key)), `deno.lock lists ${key}`);
  }
});

Deno.test("first start: every task that runs Deno uses deno.full.lock; the unstable flags are on", () => {
  for (const [name, cmd] of Object.entries(denoJson.tasks as Record<string, string>)) {
    for (const m of cmd.matchAll(/deno (run|test|check|install)\b[^&]*/g)) {
      assert.match(m[0], /--lock=deno\.full\.lock/, `task ${name}: ${m[0]}`);
    }
  }
  for (const flag of ["npm-lazy-caching", "lazy-dynamic-imports", "no-legacy-abort"]) {
    assert.ok(denoJson.unstable.includes(flag), flag);
  }
});

Deno.test("first start: main.ts's module graph has no test, bench or model-runtime package", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "info",
      "--json",
      `--config=${ROOT}deno.json`,
      `--lock=${ROOT}deno.full.lock`,
      `${ROOT}main.ts`,
    ],
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout));
  // `npmPackages` is the whole lockfile snapshot: walk from the graph's npm modules instead.
  const all = (info.npmPackages ?? {}) as Record<string, { dependencies?: string[] }>;
  const seen = new Set<string>();
  const stack: string[] = (info.modules as { kind: string; npmPackage?: string }[])
    .filter((m) => m.kind === "npm" && m.npmPackage).map((m) => m.npmPackage!);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(all[id]?.dependencies ?? []));
  }
  const packages = [...seen].map(packageName);
  assert.ok(packages.includes("hono"), "the graph was read");
  // onnxruntime-web is in `deno info`'s graph as a type-only import of
  // src/inference/onnxruntime_web.ts (`deno run` skips those); the package itself is loaded by a
  // computed specifier at the first WASM session.
  const lazy = new Set(["onnxruntime-web", "onnxruntime-common", "protobufjs"]);
  for (const name of NOT_AT_START.filter((n) => !lazy.has(n))) {
    assert.ok(!packages.includes(name), `main.ts imports ${name}`);
  }
});
