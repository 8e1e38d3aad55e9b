/**
 * Cross-encoder pairs as a job of the thread that runs the model: the query and documents are
 * tokenized there (the session's worker thread on a Deno server, so the event loop never pays
 * for it; on the calling thread in slices that yield elsewhere), planned into runs
 * (`batching.ts`: one unpadded pair per run when `independent`, else length-sorted within the
 * token budget) and scored run by run, logit 0 of the graph's first output per pair. The same
 * functions serve both places, so the scores cannot differ between them.
 * @module
 */
import { type BatchTensors, padBatch, planBatches, yieldToEventLoop } from "./batching.ts";
import { type BertTokenizer, createBertTokenizer, type EncodedInput } from "./tokenize.ts";

/** A tokenizer a session builds once per `key` and keeps. */
export interface TokenizerSpec {
  /** Names the tokenizer within a session: its model folder and max length. */
  readonly key: string;
  /** The parsed `tokenizer.json`. */
  readonly json: Readonly<Record<string, unknown>>;
  /** The parsed `tokenizer_config.json`. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly maxLength: number;
}

/** One rerank's pairs and how to run them. */
export interface PairJobRequest {
  readonly tokenizer: TokenizerSpec;
  readonly query: string;
  readonly documents: readonly string[];
  /** One unpadded pair per run (int8 graphs: batch-mates would change a pair's score). */
  readonly independent: boolean;
  /** Padded tokens per run (ignored when `independent`); default unlimited. */
  readonly tokenBudget?: number;
  /** Most pairs per run (ignored when `independent`); default unlimited. */
  readonly batchSize?: number;
  readonly padId: number;
}

/** What one chunk of a job scored. */
export interface PairScores {
  /** Positions in the request's `documents`. */
  readonly indices: readonly number[];
  /** Logit 0 of each of `indices`, in the same order. */
  readonly logits: readonly number[];
  /** Inference runs the chunk took. */
  readonly runs: number;
}

/** Tokenized, planned pairs, scored in `chunks` turns (each one or more runs). */
export interface PairJob {
  /** Real (unpadded) tokens of all pairs. */
  readonly tokens: number;
  readonly chunks: number;
  /**
   * Scores chunk `k` (0 <= k < chunks), each once. A pooled session's job scores whichever chunk
   * suits its idlest member instead: callers read positions from `indices`, not from `k`.
   */
  score(k: number): Promise<PairScores>;
  /** Frees the job's state where it runs; later `score` calls reject. */
  release(): void;
}

/** Pairs tokenized and grouped into runs (document positions per run, in run order). */
export interface PlannedPairs {
  readonly inputs: readonly EncodedInput[];
  readonly plan: readonly (readonly number[])[];
  readonly tokens: number;
}

/** Runs one padded batch and returns the data of the graph's first output. */
export type RunBatch = (tensors: BatchTensors) => Promise<Float32Array>;

/** The tokenizer of `spec` from `cache`, built on first use. */
export function tokenizerFor(
  cache: Map<string, BertTokenizer>,
  spec: TokenizerSpec,
): BertTokenizer {
  let tok = cache.get(spec.key);
  if (!tok) {
    tok = createBertTokenizer(spec.json, spec.config, { maxLength: spec.maxLength });
    cache.set(spec.key, tok);
  }
  return tok;
}

/** Options of {@link planPairs}. */
export interface PlanPairsOptions {
  /** Longest stretch of tokenization before a yield to the event loop; default never. */
  readonly sliceMs?: number;
  readonly signal?: AbortSignal;
}

/** Tokenizes the job's pairs and plans their runs. */
export async function planPairs(
  tok: BertTokenizer,
  req: Omit<PairJobRequest, "tokenizer">,
  opts: PlanPairsOptions = {},
): Promise<PlannedPairs> {
  const slice = opts.sliceMs ?? Infinity;
  const inputs: EncodedInput[] = [];
  let tokens = 0;
  let since = performance.now();
  for (const doc of req.documents) {
    if (performance.now() - since >= slice) {
      await yieldToEventLoop();
      opts.signal?.throwIfAborted();
      since = performance.now();
    }
    const x = tok.encodePair(req.query, doc);
    tokens += x.ids.length;
    inputs.push(x);
  }
  const plan = planBatches(inputs.map((x) => x.ids.length), {
    independent: req.independent,
    tokenBudget: req.tokenBudget,
    batchSize: req.batchSize,
  });
  return { inputs, plan, tokens };
}

/** Padded tokens of each run of `p` (rows x the run's longest pair). */
export function runWidths(p: PlannedPairs): number[] {
  return p.plan.map((group) =>
    group.length * Math.max(...group.map((i) => p.inputs[i].ids.length))
  );
}

/**
 * Cuts runs into chunks of about `chunkTokens` padded tokens each (at least one run per chunk);
 * returns each chunk's first run, then the end (`starts[k]..starts[k + 1]` is chunk `k`).
 */
export function chunkRuns(widths: readonly number[], chunkTokens: number): number[] {
  if (widths.length === 0) return [0];
  const starts = [0];
  let sum = 0;
  widths.forEach((w, k) => {
    if (k > starts.at(-1)! && sum + w > chunkTokens) {
      starts.push(k);
      sum = 0;
    }
    sum += w;
  });
  starts.push(widths.length);
  return starts;
}

/** Scores runs `from..to` of `p`; `keepGoing` is asked before each run after the first. */
export async function scoreRuns(
  p: PlannedPairs,
  range: { readonly from: number; readonly to: number; readonly padId: number },
  run: RunBatch,
  keepGoing: () => boolean = () => true,
): Promise<PairScores> {
  const indices: number[] = [];
  const logits: number[] = [];
  let runs = 0;
  for (let k = range.from; k < range.to; k++) {
    if (k > range.from && !keepGoing()) break;
    const group = p.plan[k];
    const data = await run(padBatch(group.map((i) => p.inputs[i]), range.padId));
    runs++;
    const labels = data.length / group.length;
    if (!Number.isInteger(labels) || labels < 1) {
      throw new Error(`model returned ${data.length} values for a batch of ${group.length}`);
    }
    // Logit 0 of each row (1-label ms-marco models have only that one).
    group.forEach((i, row) => {
      indices.push(i);
      logits.push(data[row * labels]);
    });
  }
  return { indices, logits, runs };
}
