/**
 * The start-up pull: before the services are built, every manifest model the config names
 * (`text2vec-transformers` / `reranker-transformers` with `model`) that is not under `models/` is
 * pulled with the CLI's code, progress on stderr. `GATEWAY_AUTO_PULL=0` turns it off. A failed
 * pull (offline, proxy, sha256 mismatch, no write access) is one warning naming
 * `deno task models pull <id>`; start-up goes on, and queries needing that model fail with the
 * same command until it is there. Model URLs are skipped: they are read over the network at the
 * first request and never written anywhere.
 * @module
 */
import type { FileAccess } from "../core/runtime.ts";
import type { GatewayConfig } from "../config/types.ts";
import { builtinManifest, findModel, type Manifest, type ManifestModel } from "./manifest.ts";
import { progressBar } from "./progress.ts";
import { hfEndpoint, OfflineError, pullModel } from "./pull.ts";
import { resolveModel } from "./resolve.ts";
import type { ModelDtype } from "../inference/model_files.ts";
import { isModelUnavailable } from "./unavailable.ts";
import { isModelUrl } from "./model_url.ts";

/** A manifest model the config uses, with the graph precision it asks for. */
export interface RequiredModel {
  readonly id: string;
  /** `undefined` = fp32 (the default graph). */
  readonly dtype?: ModelDtype;
  /** `Class (module)` entries that use it, for messages. */
  readonly usedBy: readonly string[];
}

/** Options of {@link ensureModels}. */
export interface EnsureModelsOptions {
  /** The runtime's file system (the Runtime port). */
  readonly fs: FileAccess;
  /** Receives progress and warnings (stderr at the Deno edge). */
  readonly write: (text: string) => void;
  /** Reads `GATEWAY_AUTO_PULL` and `HF_ENDPOINT`. */
  readonly env?: (name: string) => string | undefined;
  /** Default: `models/manifest.json`. */
  readonly manifest?: Manifest;
  /** Default `models`. */
  readonly modelsDir?: string;
  /** Hub base URL; default `HF_ENDPOINT`, else huggingface.co. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Longest wait for a server's response headers (a black-holed network); default 15 s. */
  readonly connectTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** What {@link ensureModels} did, model by model. */
export interface EnsureReport {
  readonly present: string[];
  readonly pulled: string[];
  /** Missing and not pulled: the pull failed, was skipped offline, or auto-pull is off. */
  readonly missing: string[];
}

/** `false` when `GATEWAY_AUTO_PULL` is `0`, `false`, `no` or `off`. */
export function autoPullEnabled(env: (name: string) => string | undefined): boolean {
  const v = env("GATEWAY_AUTO_PULL")?.trim().toLowerCase();
  return !(v === "0" || v === "false" || v === "no" || v === "off");
}

/**
 * The manifest models `config` uses (ids, paths and URLs outside the manifest are not pulled; a
 * model URL has nothing to pull).
 */
export function requiredModels(config: GatewayConfig, manifest: Manifest): RequiredModel[] {
  const byKey = new Map<string, { id: string; dtype?: ModelDtype; usedBy: string[] }>();
  for (const c of config.collections) {
    const modules = c.vectorizer === "text2vec-transformers"
      ? ["text2vec-transformers", "reranker-transformers"]
      : ["reranker-transformers"];
    for (const module of modules) {
      const s = c.moduleConfig[module];
      if (typeof s?.model !== "string" || s.url !== undefined || isModelUrl(s.model)) continue;
      const found = findModel(manifest, s.model);
      if (found === undefined) continue;
      const dtype = s.dtype === "int8" ? "int8" : undefined;
      const key = `${found.id}\0${dtype}`;
      const entry = byKey.get(key) ?? { id: found.id, dtype, usedBy: [] };
      entry.usedBy.push(`${c.class} (${module})`);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}

/** The files a pull for `dtype` needs: every file but the other precision's graph. */
export function filesFor(model: ManifestModel, dtype: ModelDtype | undefined): string[] {
  const names = Object.keys(model.files);
  const skip = dtype === "int8" ? "model.onnx" : "model_quantized.onnx";
  const keep = dtype === "int8" ? "model_quantized.onnx" : "model.onnx";
  return names.includes(keep) ? names.filter((n) => n !== skip) : names;
}

/** Pulls the missing models `config` uses; never throws except on abort (see the module docs). */
export async function ensureModels(
  config: GatewayConfig,
  opts: EnsureModelsOptions,
): Promise<EnsureReport> {
  const manifest = opts.manifest ?? builtinManifest();
  const env = opts.env ?? (() => undefined);
  const report: EnsureReport = { present: [], pulled: [], missing: [] };
  const missing: RequiredModel[] = [];
  for (const m of requiredModels(config, manifest)) {
    const ok = await resolveModel(m.id, {
      manifest,
      fs: opts.fs,
      modelsDir: opts.modelsDir,
      dtype: m.dtype,
    })
      .then(() => true, (err) => {
        if (isModelUnavailable(err)) return false;
        throw err;
      });
    (ok ? report.present : report.missing).push(m.id);
    if (!ok) missing.push(m);
  }
  if (missing.length === 0) return report;
  const hint = (id: string) => `run \`deno task models pull ${id}\``;
  if (!autoPullEnabled(env)) {
    for (const m of missing) {
      opts.write(
        `warning: model ${m.id} is not downloaded and GATEWAY_AUTO_PULL is off: ${hint(m.id)}; ` +
          `until then queries of ${m.usedBy.join(", ")} that need it fail\n`,
      );
    }
    return report;
  }
  const fetchFn = headersWithin(opts.connectTimeoutMs ?? 15_000, opts.fetch ?? fetch);
  let offline: string | undefined;
  for (const m of missing) {
    const warn = (why: string) =>
      opts.write(
        `warning: could not pull model ${m.id}: ${why}\n  the gateway starts anyway; queries of ` +
          `${m.usedBy.join(", ")} that need it fail until you ${hint(m.id)}\n`,
      );
    if (offline !== undefined) {
      warn(`skipped, the Hub is unreachable (${offline})`);
      continue;
    }
    opts.write(`pulling model ${m.id} for ${m.usedBy.join(", ")} into models/${m.id}/\n`);
    try {
      await pullModel(m.id, {
        manifest,
        fs: opts.fs,
        modelsDir: opts.modelsDir,
        baseUrl: opts.baseUrl ?? hfEndpoint(env),
        files: filesFor(manifest.models[m.id], m.dtype),
        progress: progressBar(opts.write),
        log: (line) => opts.write(`  ${line}\n`),
        fetch: fetchFn,
        signal: opts.signal,
      });
      report.missing.splice(report.missing.indexOf(m.id), 1);
      report.pulled.push(m.id);
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      if (err instanceof OfflineError) offline = new URL(opts.baseUrl ?? hfEndpoint(env)).host;
      warn(msg);
    }
  }
  return report;
}

/** `base`, rejecting when the response headers take longer than `ms` (the body may take long). */
function headersWithin(ms: number, base: typeof fetch): typeof fetch {
  return async (input, init) => {
    const timer = new AbortController();
    const signal = init?.signal ? AbortSignal.any([init.signal, timer.signal]) : timer.signal;
    const id = setTimeout(() => timer.abort(new Error(`no answer within ${ms / 1000} s`)), ms);
    try {
      return await base(input, { ...init, signal });
    } finally {
      clearTimeout(id);
    }
  };
}
