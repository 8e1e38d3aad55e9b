/**
 * `text2vec-workers-ai`: Cloudflare Workers AI text embeddings (`@cf/baai/bge-base-en-v1.5` by
 * default) through the AI binding (`env.AI`). Deno has no binding; the Workers entry passes it in,
 * tests pass a fake. The bge models embed documents and queries alike, so `purpose` is not sent.
 * @module
 */
import { settingsSchema } from "../config/module_settings.ts";
import { moduleTimeoutMs } from "../core/module_deps.ts";
import { defineModule, type VectorizerProvider } from "../core/provider.ts";
import { abortable } from "../core/abortable.ts";
import type { AiBinding } from "../core/runtime.ts";
import { callWithRetry } from "../remote/policy.ts";
import { DimensionGuard, embedInBatches } from "./batching.ts";
import type { VectorizeOptions, Vectorizer } from "../core/vectorizer.ts";

/** The default Workers AI embedding model (768 dimensions). */
export const WORKERS_AI_EMBED_DEFAULT_MODEL = "@cf/baai/bge-base-en-v1.5";
/** The bge embedders take at most 100 texts per call. */
export const WORKERS_AI_MAX_TEXTS = 100;
/** `AI.run` calls in flight at once when many objects are embedded. */
export const WORKERS_AI_EMBED_CONCURRENCY = 4;

/** Options of {@link createWorkersAiVectorizer}. */
export interface WorkersAiVectorizerOptions {
  readonly ai: AiBinding;
  /** Default {@link WORKERS_AI_EMBED_DEFAULT_MODEL}. */
  readonly model?: string;
  /** Budget per `AI.run` call. */
  readonly timeoutMs: number;
  /** Expected vector length; otherwise learnt from the first answer. */
  readonly dimensions?: number;
}

/** Creates the Workers AI embedder: `{text: [...]}` -> `{shape: [n, d], data: number[][]}`. */
export function createWorkersAiVectorizer(opts: WorkersAiVectorizerOptions): Vectorizer {
  const model = opts.model ?? WORKERS_AI_EMBED_DEFAULT_MODEL;
  const guard = new DimensionGuard(opts.dimensions);
  const fail = (message: string) => new Error(`Workers AI ${model}: ${message}`);
  return {
    name: "text2vec-workers-ai",
    get dimensions() {
      return guard.dimensions;
    },
    async vectorize(texts: readonly string[], call: VectorizeOptions): Promise<number[][]> {
      call.signal.throwIfAborted();
      const embedChunk = (chunk: readonly string[], signal: AbortSignal) =>
        callWithRetry(async (attemptSignal): Promise<number[][]> => {
          const answer = await abortable(opts.ai.run(model, { text: [...chunk] }), attemptSignal)
            .catch((err) => {
              if (attemptSignal.aborted) throw err;
              throw fail(err instanceof Error ? err.message : String(err));
            });
          const data = (answer as { data?: unknown })?.data;
          if (!Array.isArray(data)) throw fail("no data in the answer");
          if (data.length !== chunk.length) {
            throw fail(`${data.length} embeddings for ${chunk.length} texts`);
          }
          try {
            guard.check(data);
          } catch (err) {
            throw fail((err as Error).message);
          }
          return data as number[][];
        }, { signal, timeoutMs: opts.timeoutMs, label: `Workers AI run ${JSON.stringify(model)}` });
      return await embedInBatches(texts, embedChunk, {
        maxTexts: WORKERS_AI_MAX_TEXTS,
        concurrency: WORKERS_AI_EMBED_CONCURRENCY,
        signal: call.signal,
      });
    },
  };
}

/** The `text2vec-workers-ai` declaration: `{model?, timeoutMs?, dimensions?}`; needs the binding. */
export const WORKERS_AI_VECTORIZER: VectorizerProvider = defineModule({
  name: "text2vec-workers-ai",
  kind: "vectorizer",
  meta: {
    name: "Text2Vec - Cloudflare Workers AI",
    documentationHref: "https://developers.cloudflare.com/workers-ai/models/bge-base-en-v1.5/",
  },
  settings: settingsSchema({
    model: "string",
    timeoutMs: "positiveInt",
    dimensions: "positiveInt",
  }),
  create(s, deps) {
    if (!deps.ai) {
      throw new Error(
        "text2vec-workers-ai needs the Workers AI binding (env.AI), which this runtime does not " +
          "have",
      );
    }
    return createWorkersAiVectorizer({
      ai: deps.ai,
      model: s.model,
      dimensions: s.dimensions,
      timeoutMs: moduleTimeoutMs(s.timeoutMs, deps),
    });
  },
});
