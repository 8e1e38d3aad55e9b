/**
 * Splitting a page into provider-sized chunks and mapping the scores back. Shared by every remote
 * reranker: Weaviate sends chunks of `maxDocuments` in parallel and fails the query on the first
 * error (spec §3.1, §3.2).
 * @module
 */
import type { RerankScore } from "../core/reranker.ts";

/** Options of {@link rerankInBatches}. */
export interface BatchOptions {
  /** Largest chunk one provider call takes. */
  readonly maxDocuments: number;
  readonly signal: AbortSignal;
}

/** Scores one chunk; indices are positions within `chunk`. */
export type ChunkRanker = (
  chunk: readonly string[],
  signal: AbortSignal,
) => Promise<readonly RerankScore[]>;

/**
 * Scores `documents` in chunks of `maxDocuments`, all in parallel, and returns one score per
 * document with indices into `documents`. An empty list makes no call. The first failing chunk
 * aborts the others (no point paying for answers that will be thrown away) and is rethrown.
 */
export async function rerankInBatches(
  documents: readonly string[],
  rank: ChunkRanker,
  opts: BatchOptions,
): Promise<RerankScore[]> {
  opts.signal.throwIfAborted();
  if (documents.length === 0) return [];
  const size = Math.max(1, Math.floor(opts.maxDocuments));
  const siblings = new AbortController();
  const signal = AbortSignal.any([opts.signal, siblings.signal]);
  const chunks: { offset: number; docs: readonly string[] }[] = [];
  for (let offset = 0; offset < documents.length; offset += size) {
    chunks.push({ offset, docs: documents.slice(offset, offset + size) });
  }
  try {
    const results = await Promise.all(chunks.map(async ({ offset, docs }) => {
      const scores = checkScores(await rank(docs, signal), docs.length);
      return scores.map((s) => ({ index: s.index + offset, score: s.score }));
    }));
    return results.flat();
  } catch (err) {
    siblings.abort(err);
    throw err;
  }
}

/**
 * Checks that `scores` has exactly one finite score per index `0..count-1`, in any order, and
 * returns them sorted by index. Providers may reorder their results (Cohere sorts by relevance).
 */
export function checkScores(scores: readonly RerankScore[], count: number): RerankScore[] {
  if (scores.length !== count) {
    throw new Error(`reranker returned ${scores.length} scores for ${count} documents`);
  }
  const out = new Array<RerankScore>(count);
  for (const s of scores) {
    const { index, score } = s;
    if (!Number.isInteger(index) || index < 0 || index >= count || out[index] !== undefined) {
      throw new Error(`reranker returned an invalid or duplicate index ${JSON.stringify(index)}`);
    }
    if (typeof score !== "number" || !Number.isFinite(score)) {
      throw new Error(`reranker returned a non-numeric score for index ${index}`);
    }
    out[index] = { index, score };
  }
  return out;
}
