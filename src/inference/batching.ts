/**
 * Micro-batching for local inference: inputs sorted by length, cut into runs of at most
 * `tokenBudget` padded tokens (rows x the run's longest input; an input longer than the budget
 * runs alone) and at most `batchSize` rows, each padded only to its own longest input (dynamic
 * padding), results mapped back to input order. The budget is per model
 * ({@link defaultTokenBudget}): long pairs on a MiniLM-sized graph are fastest one per run
 * (padded activations fall out of cache), short pairs on a TinyBERT-sized one in runs of ~2k
 * tokens. With a {@link RunQueue} the runs take turns with other requests' runs on the same model;
 * without one they run back to back, checking the AbortSignal and yielding to the event loop every
 * ~50 ms of work (Deno Deploy flags an event loop blocked for more than a second).
 *
 * `independent` runs every input alone, unpadded. int8 graphs from `quantize_dynamic` need it:
 * DynamicQuantizeLinear picks one activation scale per batch tensor, pads included, so a pair's
 * int8 score would otherwise depend on which pairs share its batch. fp32 graphs are exactly
 * padding-invariant and batch normally.
 * @module
 */
import type { RunQueue } from "./run_queue.ts";
import type { Int64Input } from "./session.ts";
import type { EncodedInput } from "./tokenize.ts";

/** The three BERT inputs of one padded batch. */
export type BatchTensors = Readonly<
  Record<"input_ids" | "attention_mask" | "token_type_ids", Int64Input>
>;

/**
 * The padded-token budget of one run for a graph with `config` (its config.json), tuned with
 * `deno task bench` (cross-encoder section, token-budget rows): hidden size <= 256
 * (TinyBERT-class) 2,048 tokens; larger graphs (MiniLM) 320, about one long (~250-token) pair.
 */
export function defaultTokenBudget(config: Readonly<Record<string, unknown>>): number {
  const hidden = typeof config.hidden_size === "number" ? config.hidden_size : 384;
  return hidden <= 256 ? 2048 : 320;
}

/** Options of {@link runInBatches}. */
export interface MicroBatchOptions {
  /** Padded tokens per run (rows x longest row); default unlimited. Ignored when `independent`. */
  readonly tokenBudget?: number;
  /** Most rows per run; default unlimited. Ignored when `independent`. */
  readonly batchSize?: number;
  /** One input per run (see the module docs). */
  readonly independent: boolean;
  readonly signal: AbortSignal;
  /**
   * Longest stretch of inference before the loop yields to the event loop; default 50 ms. A yield
   * costs a timer turn (~1 ms), too much to pay after every small batch.
   */
  readonly yieldAfterMs?: number;
  /** The model's run queue (fair turns between concurrent requests); absent: run here in turn. */
  readonly queue?: RunQueue;
}

/** Runs one padded batch and returns one result per row, in row order. */
export type BatchRunner<T> = (tensors: BatchTensors, rows: number) => Promise<readonly T[]>;

/**
 * Groups input positions into runs: sorted by length (ties in input order), then filled while
 * rows x the longest length stays within `tokenBudget` and rows within `batchSize` (at least one
 * row each), or one per run when `independent`.
 */
export function planBatches(
  lengths: readonly number[],
  opts: Partial<MicroBatchOptions> & Pick<MicroBatchOptions, "independent">,
): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const rows = opts.independent ? 1 : Math.max(1, Math.floor(opts.batchSize ?? Infinity));
  const budget = opts.independent ? 0 : opts.tokenBudget ?? Infinity;
  const out: number[][] = [];
  let group: number[] = [];
  for (const i of order) {
    // Sorted ascending, so lengths[i] is the padded width of the group with i in it.
    if (group.length > 0 && (group.length >= rows || (group.length + 1) * lengths[i] > budget)) {
      out.push(group);
      group = [];
    }
    group.push(i);
  }
  if (group.length > 0) out.push(group);
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
  const tasks = plan.map((group) => async () => {
    const results = await run(padBatch(group.map((i) => inputs[i]), opts.padId), group.length);
    if (results.length !== group.length) {
      throw new Error(`model returned ${results.length} results for a batch of ${group.length}`);
    }
    return results;
  });
  let done: (readonly T[])[];
  if (opts.queue) {
    done = await opts.queue.submit(tasks, opts.signal, { yieldAfterMs: opts.yieldAfterMs });
  } else {
    done = [];
    const yieldAfter = opts.yieldAfterMs ?? 50;
    let since = performance.now();
    for (const [n, task] of tasks.entries()) {
      opts.signal.throwIfAborted();
      if (n > 0 && performance.now() - since >= yieldAfter) {
        await yieldToEventLoop();
        opts.signal.throwIfAborted();
        since = performance.now();
      }
      done.push(await task());
    }
  }
  plan.forEach((group, k) => group.forEach((i, row) => out[i] = done[k][row]));
  return out;
}
