/**
 * Micro-batching for local inference: inputs sorted by length, cut into batches of `batchSize`,
 * each padded only to its own longest input (dynamic padding), results mapped back to input
 * order. Between batches the loop checks the AbortSignal and, every ~50 ms of work, yields to the
 * event loop (Deno Deploy flags an event loop blocked for more than a second).
 *
 * `independent` runs every input alone, unpadded. int8 graphs from `quantize_dynamic` need it:
 * DynamicQuantizeLinear picks one activation scale per batch tensor, pads included, so a pair's
 * int8 score would otherwise depend on which pairs share its batch. fp32 graphs are exactly
 * padding-invariant and batch normally.
 * @module
 */
import type { Int64Input } from "./session.ts";
import type { EncodedInput } from "./tokenize.ts";

/** The three BERT inputs of one padded batch. */
export type BatchTensors = Readonly<
  Record<"input_ids" | "attention_mask" | "token_type_ids", Int64Input>
>;

/** Options of {@link runInBatches}. */
export interface MicroBatchOptions {
  /** Inputs per batch; ignored when `independent`. */
  readonly batchSize: number;
  /** One input per run (see the module docs). */
  readonly independent: boolean;
  readonly signal: AbortSignal;
  /**
   * Longest stretch of inference before the loop yields to the event loop; default 50 ms. A yield
   * costs a timer turn (~1 ms), too much to pay after every small batch.
   */
  readonly yieldAfterMs?: number;
}

/** Runs one padded batch and returns one result per row, in row order. */
export type BatchRunner<T> = (tensors: BatchTensors, rows: number) => Promise<readonly T[]>;

/**
 * Groups input positions into batches: sorted by length (ties in input order), `batchSize` per
 * group, or one per group when `independent`.
 */
export function planBatches(lengths: readonly number[], opts: MicroBatchOptions): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const size = opts.independent ? 1 : Math.max(1, Math.floor(opts.batchSize));
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.slice(i, i + size));
  return out;
}

/** Pads `inputs` to their longest length with `padId` (mask 0, type 0). */
export function padBatch(inputs: readonly EncodedInput[], padId = 0): BatchTensors {
  const width = Math.max(0, ...inputs.map((x) => x.ids.length));
  const size = inputs.length * width;
  const ids = new BigInt64Array(size).fill(BigInt(padId));
  const mask = new BigInt64Array(size);
  const types = new BigInt64Array(size);
  inputs.forEach((x, row) => {
    const o = row * width;
    for (let j = 0; j < x.ids.length; j++) {
      ids[o + j] = BigInt(x.ids[j]);
      mask[o + j] = 1n;
      types[o + j] = BigInt(x.typeIds[j]);
    }
  });
  const dims = [inputs.length, width];
  return {
    input_ids: { data: ids, dims },
    attention_mask: { data: mask, dims },
    token_type_ids: { data: types, dims },
  };
}

/** Resolves on the next macrotask, letting timers and I/O run between batches. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs `inputs` through `run` in micro-batches; results come back in input order. */
export async function runInBatches<T>(
  inputs: readonly EncodedInput[],
  run: BatchRunner<T>,
  opts: MicroBatchOptions & { readonly padId?: number },
): Promise<T[]> {
  const out = new Array<T>(inputs.length);
  const plan = planBatches(inputs.map((x) => x.ids.length), opts);
  const yieldAfter = opts.yieldAfterMs ?? 50;
  let since = performance.now();
  for (const [n, group] of plan.entries()) {
    opts.signal.throwIfAborted();
    if (n > 0 && performance.now() - since >= yieldAfter) {
      await yieldToEventLoop();
      opts.signal.throwIfAborted();
      since = performance.now();
    }
    const results = await run(padBatch(group.map((i) => inputs[i]), opts.padId), group.length);
    if (results.length !== group.length) {
      throw new Error(`model returned ${results.length} results for a batch of ${group.length}`);
    }
    group.forEach((i, row) => out[i] = results[row]);
  }
  return out;
}
