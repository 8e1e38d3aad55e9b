/**
 * Which local models the configured collections need, and whether they are there now:
 * `GET /v1/.well-known/models` and the start-up summary read it. Checked on every call (a model
 * pulled after start-up is used by the next query without a restart, so its state changes too).
 *
 * Readiness is a documented choice: `/v1/.well-known/ready` means "serving" (list, `bm25` and
 * `where` queries answer even without models), and this endpoint says which models are missing.
 * @module
 */
import type { FileAccess } from "../core/runtime.ts";
import type { GatewayConfig } from "../config/types.ts";
import { builtinManifest, findModel } from "../models/manifest.ts";
import { isModelUrl } from "../models/model_url.ts";
import { resolveModel } from "../models/resolve.ts";

/** One local model of one collection's module. */
export interface ModelStatus {
  readonly class: string;
  readonly module: string;
  /** As configured: a manifest id, a folder or file path, or a model URL. */
  readonly model: string;
  /**
   * `present`: the files are there; `missing`: queries that need it fail until it is pulled;
   * `url`: fetched at the first query that needs it; `unchecked`: no file system to look in.
   */
  readonly state: "present" | "missing" | "url" | "unchecked";
  /** For a missing manifest model: the command that fetches it. */
  readonly pull?: string;
}

/** Options of {@link modelStatuses}. */
export interface ModelStatusOptions {
  /** The file system models live in; without one every local model is `unchecked`. */
  readonly fs?: FileAccess;
  /** Default `models`. */
  readonly modelsDir?: string;
}

const LOCAL_MODULES = ["text2vec-transformers", "reranker-transformers"] as const;

/** The local models of `config`, collection by collection, with their current state. */
export async function modelStatuses(
  config: GatewayConfig,
  opts: ModelStatusOptions = {},
): Promise<ModelStatus[]> {
  const manifest = builtinManifest();
  const out: ModelStatus[] = [];
  for (const c of config.collections) {
    for (const module of LOCAL_MODULES) {
      if (module === "text2vec-transformers" && c.vectorizer !== module) continue;
      const s = c.moduleConfig[module];
      if (typeof s?.model !== "string" || s.url !== undefined) continue;
      const base = { class: c.class, module, model: s.model };
      if (isModelUrl(s.model)) {
        out.push({ ...base, state: "url" });
        continue;
      }
      if (!opts.fs) {
        out.push({ ...base, state: "unchecked" });
        continue;
      }
      const dtype = s.dtype === "int8" ? "int8" : undefined;
      const present = await resolveModel(s.model, {
        manifest,
        fs: opts.fs,
        modelsDir: opts.modelsDir,
        dtype,
      }).then(() => true, () => false);
      const id = findModel(manifest, s.model)?.id;
      out.push(
        present
          ? { ...base, state: "present" }
          : { ...base, state: "missing", ...(id ? { pull: `deno task models pull ${id}` } : {}) },
      );
    }
  }
  return out;
}
