/**
 * The Deno runtime edge: the only module besides `main.ts` that touches `Deno.*`. Everything here
 * either reads the file system / environment or turns CLI + env input into plain values.
 *
 * Env variables: `GATEWAY_CONFIG` (config file, overridden by `--config`), `GATEWAY_CONFIG_JSON`
 * (the config's JSON itself, for hosts such as Deno Deploy where env is easier to set than a file
 * is to ship; not together with `GATEWAY_CONFIG`), `PORT` (default 8080),
 * `HOST` (default 127.0.0.1, so a fresh checkout is not reachable from the network; containers set
 * `HOST=0.0.0.0`), `GATEWAY_LOG` (`json`: structured log lines, as `--log json`); `GATEWAY_AUTO_PULL` and `HF_ENDPOINT` are read by the start-up pull
 * (`src/models/ensure.ts`).
 * @module
 */
import type { InferenceHost } from "../core/runtime.ts";

/** Looks up one environment variable. */
export type EnvLookup = (name: string) => string | undefined;

/** Default listening port (Weaviate's). */
export const DEFAULT_PORT = 8080;
/** Default listening address: loopback only. Use `HOST=0.0.0.0` in containers. */
export const DEFAULT_HOSTNAME = "127.0.0.1";

/** Reads a UTF-8 text file; aborts with `signal`. */
export function readTextFile(path: string, signal: AbortSignal): Promise<string> {
  return Deno.readTextFile(path, { signal });
}

/** Opens a file as a byte stream; the stream is cancelled (and the file closed) with `signal`. */
export async function openFileStream(
  path: string,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  signal.throwIfAborted();
  const file = await Deno.open(path, { read: true });
  const stream = file.readable;
  signal.addEventListener("abort", () => stream.cancel(signal.reason).catch(() => {}), {
    once: true,
  });
  return stream;
}

/** Writes `text` to stderr as is (progress bars redraw their line with `\r`). */
export function writeStderr(text: string): void {
  const bytes = new TextEncoder().encode(text);
  for (let n = 0; n < bytes.length;) n += Deno.stderr.writeSync(bytes.subarray(n));
}

/**
 * Resolves `hostname` to every IPv4 and IPv6 address (A and AAAA; CNAMEs are followed) for the
 * private-address guard of per-request base URLs. Rejects when neither query gives an address
 * (no such name, no DNS permission): the guard then refuses the URL. Needs `--allow-net`.
 */
export async function resolveHost(hostname: string, signal: AbortSignal): Promise<string[]> {
  const answers = await Promise.allSettled([
    Deno.resolveDns(hostname, "A", { signal }),
    Deno.resolveDns(hostname, "AAAA", { signal }),
  ]);
  const addresses = answers.flatMap((a) => a.status === "fulfilled" ? a.value : []);
  if (addresses.length === 0) {
    const failed = answers.find((a) => a.status === "rejected");
    throw failed?.reason ?? new Error(`${hostname} has no address`);
  }
  return addresses;
}

/**
 * Calls `onSignal` at every `SIGHUP` (the conventional "reload your config" signal). Returns
 * false where the platform has no SIGHUP (Windows, Deno Deploy): reload through the admin
 * endpoint there.
 */
export function onReloadSignal(onSignal: () => void): boolean {
  try {
    Deno.addSignalListener("SIGHUP", onSignal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where local inference runs on Deno: a server loads onnxruntime-node (falling back to threaded
 * WASM) in a worker thread with threads = cores; Deno Deploy (`DENO_DEPLOYMENT_ID` set) has no
 * native addons and no workers, so WASM on the calling thread, one thread.
 */
export function denoInferenceHost(env: EnvLookup = envGet): InferenceHost {
  if (env("DENO_DEPLOYMENT_ID")) {
    return { platform: "deno-deploy", nativeAllowed: false, defaultThreads: 1, offThread: false };
  }
  return {
    platform: "deno-server",
    nativeAllowed: true,
    defaultThreads: Math.max(1, navigator.hardwareConcurrency || 1),
    offThread: typeof Worker === "function",
  };
}

/** Reads an environment variable; `undefined` when unset. Needs `--allow-env`. */
export function envGet(name: string): string | undefined {
  return Deno.env.get(name);
}

/**
 * The config file named by `--config <path>` / `--config=<path>` (last one wins), else by
 * `GATEWAY_CONFIG`; `undefined` = use the built-in default. Throws when `--config` has no value.
 */
export function resolveConfigPath(args: readonly string[], env: EnvLookup): string | undefined {
  const path = configFlag(args);
  if (path !== undefined) return path;
  const fromEnv = env("GATEWAY_CONFIG");
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}

/** Where the config comes from: a file (`path`), the JSON itself (`text`), or neither (default). */
export interface ConfigSource {
  readonly path?: string;
  readonly text?: string;
  /** Names `text`'s origin in messages. */
  readonly source?: string;
}

/**
 * `--config` (wins), else `GATEWAY_CONFIG_JSON` (the JSON itself) or `GATEWAY_CONFIG` (a file),
 * else nothing (the built-in default). Setting both env variables is an error.
 */
export function resolveConfigSource(args: readonly string[], env: EnvLookup): ConfigSource {
  const flag = configFlag(args);
  if (flag !== undefined) return { path: flag };
  const json = env("GATEWAY_CONFIG_JSON");
  const path = resolveConfigPath([], env);
  if (json === undefined || json.trim() === "") return path === undefined ? {} : { path };
  if (path !== undefined) {
    throw new Error(
      "set GATEWAY_CONFIG (a config file) or GATEWAY_CONFIG_JSON (the config's JSON), not both",
    );
  }
  return { text: json, source: "GATEWAY_CONFIG_JSON" };
}

function configFlag(args: readonly string[]): string | undefined {
  let path: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--config") {
      const next = args[i + 1];
      if (next === undefined || next === "" || next.startsWith("--")) {
        throw new Error("--config needs a path: --config <path> or --config=<path>");
      }
      path = next;
      i++;
    } else if (arg.startsWith("--config=")) {
      path = arg.slice("--config=".length);
      if (path === "") throw new Error("--config needs a path: --config <path> or --config=<path>");
    }
  }
  return path;
}

/** The port from `PORT` (default 8080). Throws on anything but an integer in 0..65535. */
export function resolvePort(env: EnvLookup): number {
  const raw = env("PORT");
  if (raw === undefined || raw.trim() === "") return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got ${JSON.stringify(raw)}`);
  }
  return port;
}

/** The listening address from `HOST` (default 127.0.0.1). */
export function resolveHostname(env: EnvLookup): string {
  const raw = env("HOST")?.trim();
  return raw === undefined || raw === "" ? DEFAULT_HOSTNAME : raw;
}

/** `{hostname, port}` for `Deno.serve`, from `HOST` and `PORT`. */
export function listenOptions(env: EnvLookup): { hostname: string; port: number } {
  return { hostname: resolveHostname(env), port: resolvePort(env) };
}

/**
 * The log format: `--log json` / `--log=json` (last one wins), else `GATEWAY_LOG`, else `text`.
 * Throws on any other value.
 */
export function resolveLogFormat(args: readonly string[], env: EnvLookup): "text" | "json" {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--log") {
      value = args[i + 1] ?? "";
      i++;
    } else if (arg.startsWith("--log=")) {
      value = arg.slice("--log=".length);
    }
  }
  const from = value === undefined ? "GATEWAY_LOG" : "--log";
  value ??= env("GATEWAY_LOG")?.trim() || "text";
  if (value !== "text" && value !== "json") {
    throw new Error(`${from} must be text or json, got ${JSON.stringify(value)}`);
  }
  return value;
}
