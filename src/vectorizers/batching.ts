/**
 * Splitting texts into provider-sized chunks for the remote embedders, with bounded parallelism,
 * and checking what comes back: one finite vector per text, every vector of the same length.
 * @module
 */

/** Embeds one chunk; must return one vector per text, in input order. */
export type ChunkEmbedder = (
  chunk: readonly string[],
  signal: AbortSignal,
) => Promise<readonly (readonly number[])[]>;

/** Options of {@link embedInBatches}. */
export interface EmbedBatchOptions {
  /** Largest chunk one provider call takes (Cohere 96, Workers AI 100). */
  readonly maxTexts: number;
  /** Provider calls in flight at once. */
  readonly concurrency: number;
  readonly signal: AbortSignal;
}

/**
 * Embeds `texts` in chunks of `maxTexts`, at most `concurrency` calls at a time, and returns the
 * vectors in input order. An empty list makes no call. The first failing chunk aborts the calls in
 * flight, starts no further ones and is rethrown.
 */
export async function embedInBatches(
  texts: readonly string[],
  embed: ChunkEmbedder,
  opts: EmbedBatchOptions,
): Promise<number[][]> {
  opts.signal.throwIfAborted();
  if (texts.length === 0) return [];
  const size = Math.max(1, Math.floor(opts.maxTexts));
  const offsets: number[] = [];
  for (let offset = 0; offset < texts.length; offset += size) offsets.push(offset);
  const out = new Array<number[]>(texts.length);
  const siblings = new AbortController();
  const signal = AbortSignal.any([opts.signal, siblings.signal]);
  let next = 0;
  const worker = async () => {
    while (next < offsets.length && !signal.aborted) {
      const offset = offsets[next++];
      const chunk = texts.slice(offset, offset + size);
      const vectors = await embed(chunk, signal);
      if (vectors.length !== chunk.length) {
        throw new Error(
          `the provider returned ${vectors.length} vectors for ${chunk.length} texts`,
        );
      }
      vectors.forEach((v, i) => out[offset + i] = [...v]);
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(opts.concurrency), offsets.length));
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } catch (err) {
    siblings.abort(err);
    throw err;
  }
  opts.signal.throwIfAborted();
  return out;
}

/**
 * Remembers the vector length of a provider (configured, or learnt from its first answer) and
 * refuses answers that do not match it: a model change behind the same name would otherwise mix
 * incomparable vectors in one index.
 */
export class DimensionGuard {
  #dimensions: number;
  readonly #configured: boolean;

  /** `configured` is the module's `dimensions` option, if set. */
  constructor(configured?: number) {
    this.#dimensions = configured ?? 0;
    this.#configured = configured !== undefined;
  }

  /** The known vector length; 0 until the first answer when none is configured. */
  get dimensions(): number {
    return this.#dimensions;
  }

  /** Throws unless every vector is a non-empty list of finite numbers of the known length. */
  check(vectors: readonly (readonly number[])[]): void {
    for (const v of vectors) {
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => Number.isFinite(x))) {
        throw new Error("the provider returned a vector that is not a list of numbers");
      }
      if (this.#dimensions === 0) this.#dimensions = v.length;
      else if (v.length !== this.#dimensions) {
        const source = this.#configured ? 'the configured "dimensions"' : "its first answer";
        throw new Error(
          `the provider returned a vector of ${v.length} dimensions, expected ${this.#dimensions} ` +
            `(${source})`,
        );
      }
    }
  }
}
