/**
 * `wrangler dev` as a test fixture: the repo's worker.ts in local workerd (offline) on 127.0.0.1,
 * with local R2 state in a temporary folder seeded through `wrangler r2 bulk put --local`. Shared
 * by the Workers end-to-end test and `bench/workers.ts`.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repo root (where wrangler.toml is). */
export const REPO_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** Bucket names of wrangler.toml's `MODELS` and `DATA` bindings. */
export const BUCKETS = { models: "rerank-gateway-models", data: "rerank-gateway-data" } as const;

/** `node_modules/.bin/wrangler` when `npm ci` has run, else `undefined`. */
export function wranglerBin(): string | undefined {
  const bin = join(REPO_ROOT, "node_modules", ".bin", "wrangler");
  try {
    return Deno.statSync(bin).isFile ? bin : undefined;
  } catch {
    return undefined;
  }
}

const QUIET_ENV = { WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1", FORCE_COLOR: "0" };

async function run(args: string[], signal: AbortSignal): Promise<string> {
  const out = await new Deno.Command(wranglerBin()!, {
    args,
    cwd: REPO_ROOT,
    env: QUIET_ENV,
    stdout: "piped",
    stderr: "piped",
    signal,
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`wrangler ${args.slice(0, 3).join(" ")} failed:\n${text}`);
  return text;
}

/** One object to put into local R2. */
export interface R2Seed {
  readonly key: string;
  readonly data: Uint8Array | string;
}

/** Writes `objects` into the local R2 `bucket` under `persistTo` (one wrangler call). */
export async function seedR2(
  bucket: string,
  objects: readonly R2Seed[],
  opts: { persistTo: string; signal: AbortSignal },
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "r2-seed-" });
  try {
    const list = [];
    for (const [i, o] of objects.entries()) {
      const file = join(dir, String(i));
      await Deno.writeFile(
        file,
        typeof o.data === "string" ? new TextEncoder().encode(o.data) : o.data,
      );
      list.push({ key: o.key, file });
    }
    const listFile = join(dir, "list.json");
    await Deno.writeTextFile(listFile, JSON.stringify(list));
    await run([
      "r2",
      "bulk",
      "put",
      bucket,
      "--filename",
      listFile,
      "--local",
      "--persist-to",
      opts.persistTo,
    ], opts.signal);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A running `wrangler dev`. */
export interface WranglerDev {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Milliseconds from spawn to the first successful readiness answer. */
  readonly startMs: number;
  /** Everything wrangler printed so far. */
  log(): string;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Options of {@link startWranglerDev}. */
export interface StartOptions {
  readonly persistTo: string;
  /** `--var NAME:VALUE` overrides (config, test-only keys). */
  readonly vars?: Readonly<Record<string, string>>;
  /** Readiness budget; default 90 s (the first build bundles ~2 MB of JS). */
  readonly timeoutMs?: number;
  /**
   * Polled until it answers 200; default `/v1/.well-known/live` (which builds the services).
   * `/_worker/stats` (with `GATEWAY_DEBUG=1`) leaves the isolate cold.
   */
  readonly readyPath?: string;
}

/** Starts `wrangler dev` on a free loopback port; waits until it answers. Always `close()` it. */
export async function startWranglerDev(opts: StartOptions): Promise<WranglerDev> {
  const port = freePort();
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--local"];
  args.push("--persist-to", opts.persistTo, "--inspector-port", String(freePort()));
  args.push("--show-interactive-dev-session=false", "--log-level", "warn");
  for (const [k, v] of Object.entries(opts.vars ?? {})) args.push("--var", `${k}:${v}`);
  const started = performance.now();
  const child = new Deno.Command(wranglerBin()!, {
    args,
    cwd: REPO_ROOT,
    env: QUIET_ENV,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  const drain = (s: ReadableStream<Uint8Array>) =>
    s.pipeTo(new WritableStream({ write: (c) => void (text += decoder.decode(c)) })).catch(
      () => {},
    );
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    const timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, 5000);
    await child.status;
    clearTimeout(timer);
    await drained;
  };
  const deadline = started + (opts.timeoutMs ?? 90_000);
  let exited = false;
  child.status.then(() => exited = true);
  while (performance.now() < deadline && !exited) {
    try {
      const res = await fetch(`${url}${opts.readyPath ?? "/v1/.well-known/live"}`, {
        signal: AbortSignal.timeout(5000),
      });
      await res.body?.cancel();
      if (res.ok) {
        return { url, startMs: performance.now() - started, log: () => text, close };
      }
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  await close();
  throw new Error(`wrangler dev did not become ready (exited: ${exited}):\n${text}`);
}
