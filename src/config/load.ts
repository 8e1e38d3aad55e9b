/**
 * Loads the gateway config: reads a JSON file through the runtime's reader (or takes the JSON
 * itself, e.g. from `GATEWAY_CONFIG_JSON`), validates it, and resolves `store.files` against the
 * config file's folder (the working directory for inline JSON). Without either, the built-in
 * default.
 * @module
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { defaultConfig } from "./default.ts";
import { ConfigError, parseConfig } from "./schema.ts";
import type { CollectionConfig, GatewayConfig } from "./types.ts";

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Config file; absent (and no `text`) = the built-in default (sample Jeopardy collection). */
  readonly path?: string;
  /** The config's JSON itself, instead of a file; store files are relative to `baseDir`. */
  readonly text?: string;
  /** Names `text`'s origin in messages (default `inline config`). */
  readonly source?: string;
  /** Folder that relative store files of `text` are resolved against (default: the cwd). */
  readonly baseDir?: string;
  /** Reads a text file (the runtime edge decides how). */
  readonly readText: (path: string, signal: AbortSignal) => Promise<string>;
  readonly signal: AbortSignal;
}

/**
 * Reads and validates the config. Throws {@link ConfigError} listing every problem (unreadable
 * file, invalid JSON, or validation problems). Store file paths in the result are absolute.
 */
export async function loadConfig(opts: LoadConfigOptions): Promise<GatewayConfig> {
  if (opts.text !== undefined) {
    return parseText(opts.text, opts.source ?? "inline config", resolve(opts.baseDir ?? "."));
  }
  if (opts.path === undefined) return defaultConfig();
  const path = resolve(opts.path);
  let text: string;
  try {
    text = await opts.readText(path, opts.signal);
  } catch (err) {
    if (opts.signal.aborted) throw err;
    throw new ConfigError([`cannot read the config file: ${messageOf(err)}`], { source: path });
  }
  return parseText(text, path, dirname(path));
}

function parseText(text: string, source: string, baseDir: string): GatewayConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`invalid JSON: ${messageOf(err)}`], { source });
  }
  const result = parseConfig(raw);
  if (!result.ok) throw new ConfigError(result.problems, { source });
  return resolveStoreFiles(result.config, baseDir);
}

/** Makes every relative `store.files` entry absolute against `baseDir`. */
export function resolveStoreFiles(config: GatewayConfig, baseDir: string): GatewayConfig {
  const collections = config.collections.map((c): CollectionConfig =>
    c.store.kind !== "embedded" ? c : {
      ...c,
      store: {
        ...c.store,
        files: c.store.files.map((f) => (isAbsolute(f) ? f : resolve(baseDir, f))),
      },
    }
  );
  return { ...config, collections };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
