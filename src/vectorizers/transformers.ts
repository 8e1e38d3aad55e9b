/**
 * `text2vec-transformers` with a local model: a sentence-transformers style ONNX bi-encoder on the
 * cross-encoder's runtime (same sessions, tokenizer and micro-batching). Texts are encoded as
 * `[CLS] t [SEP]`, pooled as the model's `1_Pooling/config.json` says (mean, CLS or max; mean
 * when the folder has none) and L2-normalised. Loaded at the first vectorization, never at import.
 * @module
 */
import { defineModule, type VectorizerProvider } from "../core/provider.ts";
import { modelAccess } from "../models/access.ts";
import {
  transformersVectorizerRules,
  transformersVectorizerSettings,
} from "../models/local_model_settings.ts";
import { abortable } from "../core/abortable.ts";
import { defaultTokenBudget, runInBatches } from "../inference/batching.ts";
import { queueFor } from "../inference/run_queue.ts";
import type { InferenceHost } from "../core/runtime.ts";
import { loadModelFiles, type ModelIo, type ModelResolver } from "../inference/model_files.ts";
import {
  type BackendName,
  type BackendPreference,
  getSession,
  type ModelSession,
} from "../inference/session.ts";
import { type BertTokenizer, createBertTokenizer, modelMaxLength } from "../inference/tokenize.ts";
import type { VectorizeOptions, Vectorizer } from "../core/vectorizer.ts";

/** How token vectors become one text vector. */
export type Pooling = "mean" | "cls" | "max";

/** Options of {@link createTransformersVectorizer}. */
export interface TransformersVectorizerOptions {
  /** Manifest id or a path to an HF-layout folder or `.onnx` file. */
  readonly model: string;
  readonly resolve: ModelResolver;
  /** Lowers the model's max length; never raises it. */
  readonly maxLength?: number;
  /** Most texts per inference run; default no cap (the token budget decides). */
  readonly batchSize?: number;
  /** Padded tokens per run; default per model (`defaultTokenBudget`). */
  readonly tokenBudget?: number;
  readonly backend?: BackendPreference;
  /** Default the host's (cores on a Deno server), else 1. */
  readonly numThreads?: number;
  /** Worker-hosted sessions the threads are split over; default one per thread, at most 4. */
  readonly sessions?: number;
  /** Where inference runs (the Runtime port's); absent: in-thread. */
  readonly host?: InferenceHost;
  /** The operator's log (the fallback notice). */
  readonly log?: (line: string) => void;

  /** Model-file access (the Runtime port's model source). */
  readonly io: ModelIo;
  readonly nodeSpecifier?: string;
}

/** The vectorizer plus its `/v1/meta` details. */
export interface TransformersVectorizer extends Vectorizer {
  readonly backend: BackendName | "not loaded";
  meta(): Record<string, unknown>;
}

interface Loaded {
  readonly session: ModelSession;
  readonly tokenizer: BertTokenizer;
  readonly pooling: Pooling;
  readonly hidden: number;
  readonly padId: number;
  readonly tokenBudget: number;
}

/** The pooling mode of a sentence-transformers `1_Pooling/config.json` (mean without one). */
export function poolingFromConfig(config: Readonly<Record<string, unknown>> | undefined): Pooling {
  if (config?.pooling_mode_cls_token === true) return "cls";
  if (config?.pooling_mode_max_tokens === true) return "max";
  if (config === undefined || config.pooling_mode_mean_tokens !== false) return "mean";
  throw new Error("unsupported pooling in 1_Pooling/config.json (expected mean, cls or max)");
}

/** Pools row `r` of `[rows, seq, hidden]` over its real tokens and L2-normalises the result. */
export function poolRow(
  data: Float32Array,
  mask: BigInt64Array,
  r: number,
  dims: { seq: number; hidden: number; pooling: Pooling },
): number[] {
  const { seq, hidden, pooling } = dims;
  const out = new Array<number>(hidden).fill(pooling === "max" ? -Infinity : 0);
  let count = 0;
  for (let t = 0; t < seq; t++) {
    if (mask[r * seq + t] === 0n || (pooling === "cls" && t > 0)) continue;
    count++;
    const o = (r * seq + t) * hidden;
    for (let h = 0; h < hidden; h++) {
      out[h] = pooling === "max" ? Math.max(out[h], data[o + h]) : out[h] + data[o + h];
    }
  }
  if (pooling === "mean" && count > 0) { for (let h = 0; h < hidden; h++) out[h] /= count; }
  let norm = 0;
  for (const v of out) norm += v * v;
  norm = Math.sqrt(norm);
  return norm > 0 ? out.map((v) => v / norm) : out;
}

/** Creates the local bi-encoder; loads nothing until the first call. */
export function createTransformersVectorizer(
  opts: TransformersVectorizerOptions,
): TransformersVectorizer {
  let loading: Promise<Loaded> | undefined;
  let loaded: Loaded | undefined;
  const load = (signal: AbortSignal) => {
    if (!loading) {
      const attempt = loadEmbedder(opts);
      loading = attempt;
      attempt.then((m) => loaded = m, () => {
        if (loading === attempt) loading = undefined;
      });
    }
    return abortable(loading, signal);
  };
  return {
    name: "text2vec-transformers",
    get dimensions() {
      return loaded?.hidden ?? 0;
    },
    get backend() {
      return loaded?.session.backend ?? "not loaded";
    },
    meta: () => ({ backend: loaded?.session.backend ?? "not loaded", model: opts.model }),
    async vectorize(texts: readonly string[], vo: VectorizeOptions): Promise<number[][]> {
      vo.signal.throwIfAborted();
      if (texts.length === 0) return [];
      const m = await load(vo.signal);
      const inputs = texts.map((t) => m.tokenizer.encodeText(t));
      return await runInBatches(inputs, async (tensors, rows) => {
        const out = await m.session.run(tensors);
        const name = m.session.outputNames.includes("last_hidden_state")
          ? "last_hidden_state"
          : m.session.outputNames[0];
        const t = out[name];
        const seq = tensors.input_ids.dims[1];
        // A graph that pools itself (`sentence_embedding`, [rows, hidden]) is only normalised.
        const pooled = t.dims.length === 2;
        const dims = { seq: pooled ? 1 : seq, hidden: t.dims.at(-1)!, pooling: m.pooling };
        const mask = pooled ? new BigInt64Array(rows).fill(1n) : tensors.attention_mask.data;
        return Array.from({ length: rows }, (_, r) => poolRow(t.data, mask, r, dims));
      }, {
        batchSize: opts.batchSize,
        tokenBudget: m.tokenBudget,
        independent: m.session.dynamicQuantized,
        signal: vo.signal,
        padId: m.padId,
        queue: queueFor(m.session, { inFlight: m.session.offThread ? 2 * m.session.lanes : 1 }),
        yieldAfterMs: m.session.offThread ? Infinity : undefined,
      });
    },
  };
}

async function loadEmbedder(opts: TransformersVectorizerOptions): Promise<Loaded> {
  const signal = new AbortController().signal;
  const files = await loadModelFiles(opts.model, { resolve: opts.resolve, io: opts.io, signal });
  const limit = modelMaxLength(files.tokenizerConfig, files.config);
  const maxLength = Math.min(opts.maxLength ?? limit, limit);
  const tokenizer = createBertTokenizer(files.tokenizerJson, files.tokenizerConfig, { maxLength });
  const session = await getSession(files.onnxPath, {
    backend: opts.backend,
    numThreads: opts.numThreads,
    sessions: opts.sessions,
    readBytes: opts.io.readBytes,
    nodeSpecifier: opts.nodeSpecifier,
    host: opts.host,
    log: opts.log,
    label: opts.model,
    signal,
  });
  const hidden = typeof files.config.hidden_size === "number" ? files.config.hidden_size : 0;
  const padId = typeof files.config.pad_token_id === "number" ? files.config.pad_token_id : 0;
  const tokenBudget = opts.tokenBudget ?? defaultTokenBudget(files.config);
  const pooling = poolingFromConfig(files.pooling);
  return { session, tokenizer, pooling, hidden, padId, tokenBudget };
}

/** The `text2vec-transformers` declaration (a local ONNX bi-encoder, `model` required). */
export const TRANSFORMERS_VECTORIZER: VectorizerProvider = defineModule({
  name: "text2vec-transformers",
  kind: "vectorizer",
  meta: {
    name: "Text2Vec - Transformers",
    documentationHref: "https://weaviate.io/developers/weaviate/modules",
  },
  settings: transformersVectorizerSettings,
  rules: transformersVectorizerRules,
  create: (s, deps) =>
    createTransformersVectorizer({
      model: s.model,
      ...modelAccess(s.model, deps, s),
      maxLength: s.maxLength,
      batchSize: s.batchSize,
      tokenBudget: s.tokenBudget,
      numThreads: s.numThreads,
      sessions: s.sessions,
      backend: s.backend,
      host: deps.inference,
      log: deps.log,
    }),
});
