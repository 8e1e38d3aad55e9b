/**
 * `deno task config check [FILE]`: what the server would report at start-up, without starting it.
 * FILE defaults to `GATEWAY_CONFIG`. Checks, in the server's order:
 *
 * 1. the config: readable, JSON, valid (every problem with its key path, the server's texts);
 * 2. the data of every embedded store: each file read and each record checked as at start-up
 *    (the first problem of a collection, with file and line);
 * 3. the start-up warnings: anonymous access off without a key, manifest models not downloaded.
 *
 * Upstream stores (weaviate, qdrant, pgvector, vectorize) are not contacted; the report says so.
 * Exit codes: 0 valid (warnings on stderr), 1 problems found, 2 usage.
 * @module
 */
import { ConfigError } from "../config/schema.ts";
import type { GatewayConfig } from "../config/types.ts";
import { rerankerModule } from "../config/collection_modules.ts";
import { builtinManifest } from "../models/manifest.ts";
import { requiredModels } from "../models/ensure.ts";
import { resolveModel } from "../models/resolve.ts";
import { isModelUnavailable } from "../models/unavailable.ts";
import { authWarning } from "../pipeline/build_services.ts";
import { loadConfig } from "../pipeline/catalog.ts";
import { loadObjects } from "../stores/embedded/load.ts";
import { envGet, openFileStream, readTextFile } from "../runtime/deno.ts";
import { denoFiles } from "../runtime/files.ts";
import { shown, userPath } from "./import.ts";

/** The outcome of {@link checkConfig}: lines for stdout, stderr and the exit code. */
export interface CheckReport {
  readonly out: string[];
  readonly err: string[];
  readonly code: 0 | 1;
}

/** Replaces every absolute store file path in `text` by its shown form. */
function relativeIn(text: string, files: readonly string[]): string {
  let out = text;
  for (const f of [...files].sort((a, b) => b.length - a.length)) out = out.replaceAll(f, shown(f));
  return out;
}

/** Checks `path` as the server's start-up would (see the module docs). */
export async function checkConfig(
  path: string,
  opts: { env?: (name: string) => string | undefined; signal?: AbortSignal } = {},
): Promise<CheckReport> {
  const env = opts.env ?? envGet;
  const signal = opts.signal ?? new AbortController().signal;
  let config: GatewayConfig;
  try {
    config = await loadConfig({ path: userPath(path), readText: readTextFile, signal });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { out: [], err: [new ConfigError(err.problems, { source: path }).message], code: 1 };
  }
  const out: string[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  for (const [i, c] of config.collections.entries()) {
    const modules = [
      c.vectorizer !== "none" ? `vectorizer ${c.vectorizer}` : "no vectorizer",
      rerankerModule(c) ? `reranker ${rerankerModule(c)}` : "no reranker",
      ...(c.rerank ? ["rerank extensions"] : []),
    ].join(", ");
    if (c.store.kind !== "embedded") {
      out.push(`  ${c.class}: ${c.store.kind} store (not contacted), ${modules}`);
      continue;
    }
    const files = (c.store as { files: readonly string[] }).files;
    try {
      const objects = await loadObjects({
        collection: c,
        readText: readTextFile,
        readStream: openFileStream,
        signal,
      });
      const where = files.map(shown).join(", ");
      out.push(`  ${c.class}: embedded store, ${objects.length} objects in ${where}, ${modules}`);
    } catch (err) {
      if (signal.aborted) throw err;
      problems.push(
        `collections[${i}].store.files: ${relativeIn((err as Error).message, files)}`,
      );
    }
  }
  const auth = authWarning(config, env);
  if (auth) notes.push(auth);
  const manifest = builtinManifest();
  for (const m of requiredModels(config, manifest)) {
    const present = await resolveModel(m.id, { manifest, fs: denoFiles, dtype: m.dtype }).then(
      () => true,
      (err) => {
        if (isModelUnavailable(err)) return false;
        throw err;
      },
    );
    if (!present) {
      notes.push(
        `warning: model ${m.id} (${m.usedBy.join(", ")}) is not downloaded: the server pulls it ` +
          `at start-up unless GATEWAY_AUTO_PULL=0; or run \`deno task models pull ${m.id}\``,
      );
    }
  }
  if (problems.length > 0) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    return {
      out: [],
      err: [`invalid data for ${path} (${count}):`, ...problems.map((p) => `  - ${p}`), ...notes],
      code: 1,
    };
  }
  const n = config.collections.length;
  return {
    out: [`${path}: ok (${n} collection${n === 1 ? "" : "s"})`, ...out],
    err: notes,
    code: 0,
  };
}

const USAGE = "usage: deno task config check [FILE]   (default: $GATEWAY_CONFIG)\n" +
  "  exit 0: valid (warnings on stderr), 1: problems found, 2: usage";

/** The CLI (`deno task config <command>`); returns the exit code. */
export async function runConfigCli(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === "help" || command === "--help") {
    console.log(USAGE);
    return 0;
  }
  const path = rest[0] ?? (envGet("GATEWAY_CONFIG") || undefined);
  if (command !== "check" || rest.length > 1 || path === undefined || path.startsWith("--")) {
    console.error(USAGE);
    return 2;
  }
  const report = await checkConfig(path);
  for (const line of report.out) console.log(line);
  for (const line of report.err) console.error(line);
  return report.code;
}

if (import.meta.main) Deno.exit(await runConfigCli(Deno.args));
