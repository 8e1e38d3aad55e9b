/**
 * The Workers runtime edge: turns a Worker's `env` (vars, secrets, bindings) into the gateway's
 * {@link Services}. The config is the `GATEWAY_CONFIG` var (a JSON string, or a table in
 * wrangler.toml); embedded-store files come from the files bundled into the Worker or from the R2
 * bucket bound as `DATA`; local models from the R2 bucket bound as `MODELS`; secrets (API keys)
 * are plain `env` strings set with `wrangler secret put`.
 * @module
 */
import { buildServices } from "../pipeline/build_services.ts";
import { ConfigError } from "../config/schema.ts";
import { parseConfig } from "../pipeline/catalog.ts";
import type { GatewayConfig } from "../config/types.ts";
import type { AiBinding, Runtime } from "../core/runtime.ts";
import type { Services } from "../pipeline/services.ts";
import { isR2Bucket, r2ModelSource, unboundModelSource } from "./worker_models.ts";

/** A Worker's `env`: vars and secrets are strings, bindings are objects. */
export type WorkerEnv = Readonly<Record<string, unknown>>;

/**
 * Settings the local cross-encoder gets on Workers unless the config sets them: 128 MB per
 * isolate and no threads (edge-runtime.md §4, performance.md G7).
 */
export const WORKERS_TRANSFORMERS_DEFAULTS: Readonly<Record<string, unknown>> = {
  backend: "wasm",
  numThreads: 1,
  batchSize: 4,
  maxLength: 256,
};

/** Upper bounds on Workers: a larger micro-batch or max length could exceed 128 MB of heap. */
export const WORKERS_TRANSFORMERS_CAPS = { batchSize: 16, maxLength: 256 } as const;

const LOCAL_MODULES = ["reranker-transformers", "text2vec-transformers"];

/** Options of {@link buildWorkerServices}. */
export interface WorkerServicesOptions {
  /** Files bundled into the Worker, by the path the config names them with. */
  readonly bundledFiles?: Readonly<Record<string, () => string>>;
  readonly signal?: AbortSignal;
}

/**
 * The validated config from `env.GATEWAY_CONFIG`, with the Workers defaults and caps applied to
 * the local transformer modules. Throws {@link ConfigError} listing every problem.
 */
export function workerConfig(env: WorkerEnv): GatewayConfig {
  const source = "GATEWAY_CONFIG";
  let raw = env.GATEWAY_CONFIG;
  if (raw === undefined || raw === "") {
    throw new ConfigError(["missing: set the GATEWAY_CONFIG var in wrangler.toml"], { source });
  }
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch (err) {
      throw new ConfigError([`invalid JSON: ${err instanceof Error ? err.message : err}`], {
        source,
      });
    }
  }
  const result = parseConfig(withWorkersDefaults(raw));
  if (!result.ok) throw new ConfigError(result.problems, { source });
  return result.config;
}

/** `raw` with {@link WORKERS_TRANSFORMERS_DEFAULTS} and caps in every local transformer module. */
export function withWorkersDefaults(raw: unknown): unknown {
  const config = structuredClone(raw) as { collections?: unknown };
  if (!Array.isArray(config?.collections)) return config;
  for (const c of config.collections as { moduleConfig?: Record<string, unknown> }[]) {
    for (const module of LOCAL_MODULES) {
      const settings = c?.moduleConfig?.[module] as Record<string, unknown> | undefined;
      if (typeof settings !== "object" || settings === null || settings.model === undefined) {
        continue;
      }
      const merged: Record<string, unknown> = { ...WORKERS_TRANSFORMERS_DEFAULTS, ...settings };
      for (const [key, cap] of Object.entries(WORKERS_TRANSFORMERS_CAPS)) {
        if (typeof merged[key] === "number") merged[key] = Math.min(merged[key] as number, cap);
      }
      c.moduleConfig![module] = merged;
    }
  }
  return config;
}

/** Builds the services of one isolate from the Worker's `env`. */
export async function buildWorkerServices(
  env: WorkerEnv,
  opts: WorkerServicesOptions = {},
): Promise<Services> {
  const signal = opts.signal ?? new AbortController().signal;
  const config = workerConfig(env);
  const data = env.DATA;
  const readText = async (path: string, s: AbortSignal): Promise<string> => {
    s.throwIfAborted();
    const bundled = opts.bundledFiles?.[path];
    if (bundled) return bundled();
    if (!isR2Bucket(data)) {
      throw new Error(
        `${path} is neither bundled into the Worker nor readable: bind an R2 bucket as DATA ` +
          "and upload it with `npx wrangler r2 object put <bucket>/" + path + " --file " + path +
          "`",
      );
    }
    const object = await data.get(path);
    if (object === null) throw new Error(`${path} is not in the R2 bucket bound as DATA`);
    return await object.text();
  };
  const ai = env.AI as Partial<AiBinding> | undefined;
  const runtime: Runtime = {
    kind: "workers",
    readText,
    env: (name) => typeof env[name] === "string" ? env[name] as string : undefined,
    bindings: env,
    ai: typeof ai?.run === "function" ? ai as AiBinding : undefined,
    models: isR2Bucket(env.MODELS) ? r2ModelSource(env.MODELS) : unboundModelSource(),
    // No `resolveHost`: Workers have no DNS API, so header base URLs get the literal checks only
    // (see src/remote/base_url.ts).
    log: (line) => console.error(line),
    inference: { platform: "workers", nativeAllowed: false, defaultThreads: 1, offThread: false },
  };
  return await buildServices(config, { runtime, signal });
}
