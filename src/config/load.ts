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
import type { ProviderCatalog } from "../core/provider.ts";

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
  /** The providers whose declarations validate module settings and stores. */
  readonly catalog: ProviderCatalog<unknown>;
  readonly signal: AbortSignal;
}

/**
 * Reads and validates the config. Throws {@link ConfigError} listing every problem (unreadable
 * file, invalid JSON, or validation problems). Store file paths in the result are absolute.
 */
export async function loadConfig(opts: LoadConfigOptions): Promise<GatewayConfig> {
  if (opts.text !== undefined) {
    return parseText(opts.text, opts.source ?? "inline config", resolve(opts.baseDir ?? "."), opts);
  }
  if (opts.path === undefined) return defaultConfig(opts.catalog);
  const path = resolve(opts.path);
  let text: string;
  try {
    text = await opts.readText(path, opts.signal);
  } catch (err) {
    if (opts.signal.aborted) throw err;
    throw new ConfigError([`cannot read the config file: ${messageOf(err)}`], { source: path });
  }
  return parseText(text, path, dirname(path), opts);
}

function parseText(
  text: string,
  source: string,
  baseDir: string,
  opts: LoadConfigOptions,
): GatewayConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`invalid JSON: ${messageOf(err)}`], { source });
  }
  const result = parseConfig(raw, opts.catalog);
  if (!result.ok) throw new ConfigError(result.problems, { source });
  return resolveStoreFiles(result.config, baseDir);
}

/**
 * Makes every relative entry of a store's `files` list (the embedded store's data files, or any
 * store that reads files) absolute against `baseDir`.
 */
export function resolveStoreFiles(config: GatewayConfig, baseDir: string): GatewayConfig {
  const collections = config.collections.map((c): CollectionConfig => {
    if (!("files" in c.store) || !Array.isArray(c.store.files)) return c;
    const files = c.store.files.map((f: string) => isAbsolute(f) ? f : resolve(baseDir, f));
    return { ...c, store: { ...c.store, files } };
  });
  return { ...config, collections };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
