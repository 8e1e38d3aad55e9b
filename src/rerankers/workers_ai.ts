/**
 * `reranker-workers-ai`: Cloudflare Workers AI `@cf/baai/bge-reranker-base` through the AI binding
 * (`env.AI`). Deno has no binding; the Workers entry passes it in, tests pass a fake.
 * @module
 */
import { rerankInBatches } from "./batching.ts";
import { callWithRetry } from "./remote.ts";
import type { Reranker, RerankOptions, RerankScore } from "./reranker.ts";

/** The part of the Workers AI binding the gateway uses. */
export interface AiBinding {
  run(model: string, input: unknown): Promise<unknown>;
}

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

/** Races `p` against `signal` (AI.run takes no signal); rejects with the signal's reason. */
export function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    // `run` may abort the signal before it returns, when no abort event is left to listen for.
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
