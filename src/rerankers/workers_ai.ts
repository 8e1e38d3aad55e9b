/**
 * `reranker-workers-ai`: Cloudflare Workers AI `@cf/baai/bge-reranker-base` through the AI binding
 * (`env.AI`). Deno has no binding; the Workers entry passes it in, tests pass a fake.
 * @module
 */
import { abortable } from "../core/abortable.ts";
import type { AiBinding } from "../core/runtime.ts";
import { settingsSchema } from "../config/module_settings.ts";
import { moduleTimeoutMs } from "../core/module_deps.ts";
import { defineModule, type RerankerProvider } from "../core/provider.ts";
import { rerankInBatches } from "./batching.ts";
import { callWithRetry } from "../remote/policy.ts";
import type { Reranker, RerankOptions, RerankScore } from "../core/reranker.ts";

/** The default Workers AI reranker model. */
export const WORKERS_AI_DEFAULT_MODEL = "@cf/baai/bge-reranker-base";
/** No cap is published for the reranker; the bge embedders take 100 inputs, so do we. */
export const WORKERS_AI_MAX_DOCUMENTS = 100;

/** Options of {@link createWorkersAiReranker}. */
export interface WorkersAiRerankerOptions {
  readonly ai: AiBinding;
  readonly model?: string;
  readonly timeoutMs: number;
}

/** Creates the Workers AI reranker: `{query, contexts:[{text}]}` -> `{response:[{id, score}]}`. */
export function createWorkersAiReranker(opts: WorkersAiRerankerOptions): Reranker {
  const model = opts.model ?? WORKERS_AI_DEFAULT_MODEL;
  return {
    name: "reranker-workers-ai",
    maxDocuments: WORKERS_AI_MAX_DOCUMENTS,
    async rerank(query: string, documents: readonly string[], call: RerankOptions) {
      call.signal.throwIfAborted();
      const rankChunk = (chunk: readonly string[], signal: AbortSignal) =>
        callWithRetry(async (attemptSignal): Promise<RerankScore[]> => {
          const input = { query, contexts: chunk.map((text) => ({ text })), top_k: chunk.length };
          // AI.run takes no signal: race it so that a cancelled request stops waiting.
          const answer = await abortable(opts.ai.run(model, input), attemptSignal).catch((err) => {
            if (attemptSignal.aborted) throw err;
            throw new Error(`Workers AI ${model}: ${err instanceof Error ? err.message : err}`);
          });
          const list = (answer as { response?: unknown })?.response;
          if (!Array.isArray(list)) {
            throw new Error(`Workers AI ${model}: no response in the answer`);
          }
          return list.map((r) => ({ index: r?.id, score: r?.score }));
        }, { signal, timeoutMs: opts.timeoutMs, label: `Workers AI run ${JSON.stringify(model)}` });
      return await rerankInBatches(documents, rankChunk, {
        maxDocuments: WORKERS_AI_MAX_DOCUMENTS,
        signal: call.signal,
      });
    },
  };
}

/** The `reranker-workers-ai` declaration: `{model?, timeoutMs?}`; needs the AI binding. */
export const WORKERS_AI_RERANKER: RerankerProvider = defineModule({
  name: "reranker-workers-ai",
  kind: "reranker",
  meta: {
    name: "Reranker - Cloudflare Workers AI",
    documentationHref: "https://developers.cloudflare.com/workers-ai/models/bge-reranker-base/",
  },
  settings: settingsSchema({ model: "string", timeoutMs: "positiveInt" }),
  create(s, deps) {
    if (!deps.ai) {
      throw new Error(
        "reranker-workers-ai needs the Workers AI binding (env.AI), which this runtime does not have",
      );
    }
    return createWorkersAiReranker({
      ai: deps.ai,
      model: s.model,
      timeoutMs: moduleTimeoutMs(s.timeoutMs, deps),
    });
  },
});
