/**
 * `models/manifest.json`: the models the gateway knows by id (Hugging Face repo, pinned revision,
 * files with sizes and sha256, licence, head settings), parsed and validated into typed values.
 * Every problem is reported at once with its key path.
 * @module
 */

import { z } from "zod";
import manifestJson from "../../models/manifest.json" with { type: "json" };

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "expected 64 lowercase hex digits");
const revision = z.string().min(1);

const fileSchema = z.object({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "expected owner/name").optional(),
  revision: revision.optional(),
  path: z.string().min(1).refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), {
    message: "expected a relative path inside the repo",
  }),
  size: z.number().int().positive().nullable(),
  sha256: sha256.nullable(),
  note: z.string().optional(),
});

const common = {
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "expected owner/name"),
  revision,
  revisionNote: z.string().optional(),
  license: z.string().min(1),
  architecture: z.enum(["bert", "xlm-roberta"]),
  multilingual: z.boolean().optional(),
  inputs: z.array(z.enum(["input_ids", "attention_mask", "token_type_ids"])).min(2),
  maxLength: z.number().int().positive(),
  files: z.record(z.string().regex(/^[\w.-]+$/, "expected a plain file name"), fileSchema)
    .refine((f) => "tokenizer.json" in f && "config.json" in f, {
      message: "a model needs tokenizer.json and config.json",
    })
    .refine((f) => "model.onnx" in f || "model_quantized.onnx" in f, {
      message: "a model needs model.onnx or model_quantized.onnx",
    }),
  notes: z.string().optional(),
};

const modelSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("reranker"), activation: z.enum(["Identity", "Sigmoid"]), ...common }),
  z.object({
    kind: z.literal("embedder"),
    pooling: z.enum(["mean", "cls"]),
    normalize: z.boolean(),
    dimensions: z.number().int().positive(),
    ...common,
  }),
]);

const manifestSchema = z.object({
  $comment: z.string().optional(),
  version: z.literal(1),
  models: z.record(z.string().regex(/^[\w.-]+$/, "expected a plain model id"), modelSchema),
});

/** One file of a model: where it lives on the Hub and what it must hash to. */
export type ManifestFile = z.infer<typeof fileSchema>;
/** One model of the manifest (a reranker or an embedder). */
export type ManifestModel = z.infer<typeof modelSchema>;
/** The whole manifest. */
export type Manifest = z.infer<typeof manifestSchema>;

/** Validates raw manifest JSON; throws one Error listing every problem with its key path. */
export function parseManifest(raw: unknown, source = "models/manifest.json"): Manifest {
  const parsed = manifestSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.map((k) => typeof k === "number" ? `[${k}]` : `.${String(k)}`);
    return `  ${path.join("").replace(/^\./, "") || "(root)"}: ${issue.message}`;
  });
  throw new Error(`${source}: ${problems.length} problem(s)\n${problems.join("\n")}`);
}

let builtin: Manifest | undefined;

/** The manifest shipped in `models/manifest.json`, parsed once on first use. */
export function builtinManifest(): Manifest {
  builtin ??= parseManifest(manifestJson);
  return builtin;
}

/** The model `id`, or `undefined`; also matches a model by its HF repo (`owner/name`). */
export function findModel(
  manifest: Manifest,
  idOrRepo: string,
): { id: string; model: ManifestModel } | undefined {
  const direct = Object.hasOwn(manifest.models, idOrRepo) ? manifest.models[idOrRepo] : undefined;
  if (direct !== undefined) return { id: idOrRepo, model: direct };
  for (const [id, model] of Object.entries(manifest.models)) {
    if (model.repo.toLowerCase() === idOrRepo.toLowerCase()) return { id, model };
  }
  return undefined;
}

/** `{base}/{repo}/resolve/{revision}/{path}` for one file (file-level repo/revision win). */
export function fileUrl(base: string, model: ManifestModel, file: ManifestFile): string {
  const repo = file.repo ?? model.repo;
  const rev = file.revision ?? (file.repo === undefined ? model.revision : "main");
  const path = file.path.split("/").map(encodeURIComponent).join("/");
  return `${base.replace(/\/+$/, "")}/${repo}/resolve/${encodeURIComponent(rev)}/${path}`;
}
