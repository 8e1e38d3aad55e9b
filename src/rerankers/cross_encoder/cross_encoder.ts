/**
 * `reranker-transformers` with a local model: a BERT cross-encoder on ONNX Runtime (WASM
 * everywhere, native onnxruntime-node on servers where it is installed). Nothing happens at
 * start-up: the model is resolved, read and compiled at the first rerank, so a gateway whose model
 * is not pulled yet still starts, and that query fails with an error naming the pull command.
 * @module
 */
import { abortable } from "../../core/abortable.ts";
import type { Reranker, RerankerStats, RerankOptions, RerankScore } from "../../core/reranker.ts";
import { type Activation, activationFromConfig, applyActivation } from "./activation.ts";
import { defaultTokenBudget, yieldToEventLoop } from "../../inference/batching.ts";
import type { TokenizerSpec } from "../../inference/pair_scoring.ts";
import { queueFor } from "../../inference/run_queue.ts";
import type { InferenceHost } from "../../core/runtime.ts";
import { type CacheStats, createScoreCache, scoreKey } from "./cache.ts";
import { loadModelFiles, type ModelIo, type ModelResolver } from "../../inference/model_files.ts";
import {
  type BackendName,
  type BackendPreference,
  getSession,
  type ModelSession,
} from "../../inference/session.ts";
import { checkBertTokenizer, modelMaxLength } from "../../inference/tokenize.ts";

/** Options of {@link createCrossEncoderReranker}. */
export interface CrossEncoderOptions {
  /** Manifest id (`ms-marco-MiniLM-L-6-v2`) or a path to an HF-layout folder or `.onnx` file. */
  readonly model: string;
  /** Turns `model` into a path; the caller supplies the models catalogue's resolver. */
  readonly resolve: ModelResolver;
  /** Lowers the model's own max length (512 for MiniLM); never raises it. */
  readonly maxLength?: number;
  /** Most pairs per inference run; default no cap (the token budget decides). */
  readonly batchSize?: number;
  /** Padded tokens per run; default per model ({@link defaultTokenBudget}). */
  readonly tokenBudget?: number;
  /** Default `auto`: onnxruntime-node where the host allows it and it loads, else WASM. */
  readonly backend?: BackendPreference;
  /** Inference threads; default the host's (cores on a Deno server), else 1. */
  readonly numThreads?: number;
  /** Worker-hosted sessions the threads are split over; default one per thread, at most 4. */
  readonly sessions?: number;
  /** Where inference runs (the Runtime port's); absent: in-thread. */
  readonly host?: InferenceHost;
  /** The operator's log (the fallback notice). */
  readonly log?: (line: string) => void;
  /** Cached scores (LRU); default 10,000, 0 disables the cache. */
  readonly cacheSize?: number;
  /**
   * Score each pair alone so that its score never depends on the rest of the page. Default: on
   * for dynamically quantized (int8) graphs, whose activation scale is per batch; fp32 graphs are
   * padding-invariant and batch.
   */
  readonly batchIndependent?: boolean;
  /** Longest inference stretch between event-loop turns; default 50 ms. */
  readonly yieldAfterMs?: number;
  /** Model-file access (the Runtime port's model source). */
  readonly io: ModelIo;
  /** Module specifier of onnxruntime-node (benchmarks pass an `npm:` one). */
  readonly nodeSpecifier?: string;
}

/** The cross-encoder reranker plus what `/v1/meta` and tests observe. */
export interface CrossEncoderReranker extends Reranker {
  /** The active backend, or `not loaded` before the first rerank. */
  readonly backend: BackendName | "not loaded";
  cacheStats(): CacheStats;
  /** Number of inference calls so far. */
  readonly inferenceCalls: number;
  /** The `/v1/meta` details: model and backend. */
  meta(): Record<string, unknown>;
  /** Tokens run through the model, score-cache hits and misses, model load time. */
  stats(): RerankerStats;
}

interface Loaded {
  readonly session: ModelSession;
  /** Built where the session runs (its worker thread on a Deno server). */
  readonly tokenizer: TokenizerSpec;
  readonly activation: Activation;
  readonly independent: boolean;
  readonly padId: number;
  readonly tokenBudget: number;
}

/** Default score cache size. */
export const DEFAULT_CACHE_SIZE = 10_000;

/** Longest stretch of score-cache hashing before a yield (100 kB passages hash for ms each). */
const HASH_SLICE_MS = 20;

/** Creates the local cross-encoder; loads nothing until the first rerank. */
export function createCrossEncoderReranker(opts: CrossEncoderOptions): CrossEncoderReranker {
  const cache = createScoreCache(opts.cacheSize ?? DEFAULT_CACHE_SIZE);
  let loading: Promise<Loaded> | undefined;
  let backend: BackendName | "not loaded" = "not loaded";
  let calls = 0;
  let tokens = 0;
  let loadSeconds: number | undefined;

  const load = (signal: AbortSignal): Promise<Loaded> => {
    if (!loading) {
      const started = performance.now();
      const attempt = loadModel(opts, new AbortController().signal);
      loading = attempt;
      // A failure (model not pulled yet, bad file) is retried by the next request.
      attempt.then((m) => {
        backend = m.session.backend;
        loadSeconds = (performance.now() - started) / 1000;
      }, () => {
        if (loading === attempt) loading = undefined;
      });
    }
    return abortable(loading, signal);
  };

  return {
    name: "reranker-transformers",
    // Batching happens inside; the pipeline hands over the whole page.
    maxDocuments: 100_000,
    get backend() {
      return backend;
    },
    get inferenceCalls() {
      return calls;
    },
    cacheStats: () => cache.stats(),
    meta: () => ({ backend, model: opts.model }),
    stats: () => {
      const c = cache.stats();
      return {
        tokens,
        cacheHits: c.hits,
        cacheMisses: c.misses,
        ...(loadSeconds === undefined ? {} : { modelLoadSeconds: loadSeconds }),
      };
    },
    async rerank(query: string, documents: readonly string[], ro: RerankOptions) {
      ro.signal.throwIfAborted();
      if (documents.length === 0) return [];
      const scores = new Array<number | undefined>(documents.length);
      const keys = cache.enabled ? new Array<string>(documents.length) : undefined;
      const missing: number[] = [];
      let since = performance.now();
      for (const [i, d] of documents.entries()) {
        if (keys) {
          if (performance.now() - since >= HASH_SLICE_MS) {
            await yieldToEventLoop();
            ro.signal.throwIfAborted();
            since = performance.now();
          }
          keys[i] = scoreKey(opts.model, query, d);
          scores[i] = cache.getByKey(keys[i]);
        }
        if (scores[i] === undefined) missing.push(i);
      }
      if (missing.length > 0) {
        const m = await load(ro.signal);
        // Tokenized and planned where the session runs: off the event loop on a Deno server.
        const job = await m.session.pairJob({
          tokenizer: m.tokenizer,
          query,
          documents: missing.map((i) => documents[i]),
          independent: m.independent,
          tokenBudget: m.tokenBudget,
          batchSize: opts.batchSize,
          padId: m.padId,
        }, ro.signal);
        try {
          tokens += job.tokens;
          const tasks = Array.from({ length: job.chunks }, (_, k) => async () => {
            const chunk = await job.score(k);
            calls += chunk.runs;
            return chunk;
          });
          const queue = queueFor(m.session, {
            inFlight: m.session.offThread ? 2 * m.session.lanes : 1,
          });
          const chunks = await queue.submit(tasks, ro.signal, {
            yieldAfterMs: m.session.offThread ? Infinity : opts.yieldAfterMs,
          });
          for (const chunk of chunks) {
            chunk.indices.forEach((k, row) => {
              const i = missing[k];
              const score = applyActivation(m.activation, chunk.logits[row]);
              scores[i] = score;
              if (keys) cache.setByKey(keys[i], score);
            });
          }
        } finally {
          job.release();
        }
      }
      return scores.map((score, index): RerankScore => ({ index, score: score! }));
    },
  };
}

async function loadModel(opts: CrossEncoderOptions, signal: AbortSignal): Promise<Loaded> {
  const files = await loadModelFiles(opts.model, { resolve: opts.resolve, io: opts.io, signal });
  const limit = modelMaxLength(files.tokenizerConfig, files.config);
  const maxLength = Math.min(opts.maxLength ?? limit, limit);
  checkBertTokenizer(files.tokenizerJson, { maxLength });
  const tokenizer: TokenizerSpec = {
    key: `${files.dir}\0${maxLength}`,
    json: files.tokenizerJson,
    config: files.tokenizerConfig,
    maxLength,
  };
  const activation = activationFromConfig(files.config);
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
  const padId = typeof files.config.pad_token_id === "number" ? files.config.pad_token_id : 0;
  const independent = opts.batchIndependent ?? session.dynamicQuantized;
  const tokenBudget = opts.tokenBudget ?? defaultTokenBudget(files.config);
  return { session, tokenizer, activation, independent, padId, tokenBudget };
}
