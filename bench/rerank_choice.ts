/**
 * Which reranker the rerank-quality benchmark uses: an injected one, the model folder given with
 * `--model`, or by default the synthetic MiniLM-L6-shaped model in `models/`; `reranker-dummy`
 * (a plumbing check) when no model folder exists.
 * @module
 */
import { createCrossEncoderReranker } from "../src/rerankers/cross_encoder/cross_encoder.ts";
import { DENO_MODEL_IO, resolveLocalModel } from "../src/runtime/files.ts";
import { createDummyReranker } from "../src/rerankers/dummy.ts";
import type { Reranker } from "../src/core/reranker.ts";

/** The synthetic MiniLM-L6 (ms-marco-MiniLM-L-6-v2 shape) written by `deno task models synth`. */
export const DEFAULT_SYNTHETIC_MODEL = "models/synthetic-minilm-l6";

/** The chosen reranker and how to describe its score. */
export interface RerankerChoice {
  readonly reranker: Reranker;
  /** Short name for tables. */
  readonly name: string;
  /** One sentence for the report. */
  readonly label: string;
  /** False for synthetic models and reranker-dummy: the nDCG says nothing about quality. */
  readonly meaningful: boolean;
  /** Why the score is meaningless (shown in bold). */
  readonly warning: string;
  /** Anything else worth saying (e.g. how to get the default model). */
  readonly note?: string;
}

/** Options of {@link chooseReranker}. */
export interface ChooseRerankerOptions {
  readonly model?: string;
  readonly reranker?: Reranker;
}

const DUMMY_WARNING = "reranker-dummy scores a document by its byte length: this run checks the " +
  "plumbing (bm25 -> rerank -> sort -> nDCG) end to end, its nDCG@10 means nothing.";

/** The reranker-dummy fallback, with the reason it is used. */
export function dummyChoice(why: string, note: string): RerankerChoice {
  return {
    reranker: createDummyReranker(),
    name: "reranker-dummy",
    label: `\`reranker-dummy\` (${why})`,
    meaningful: false,
    warning: DUMMY_WARNING,
    note,
  };
}

async function readConfig(dir: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(`${dir}/config.json`));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotCapable) {
      return undefined;
    }
    throw err;
  }
}

/** Picks the reranker; throws when an explicit `--model` folder has no config.json. */
export async function chooseReranker(opts: ChooseRerankerOptions): Promise<RerankerChoice> {
  if (opts.reranker) {
    const dummy = opts.reranker.name === "reranker-dummy";
    return {
      reranker: opts.reranker,
      name: opts.reranker.name,
      label: `injected \`${opts.reranker.name}\``,
      meaningful: false,
      warning: dummy ? DUMMY_WARNING : "Injected reranker: quality depends on what was injected.",
    };
  }
  const dir = opts.model ?? DEFAULT_SYNTHETIC_MODEL;
  const config = await readConfig(dir);
  if (!config) {
    if (opts.model) throw new Error(`--model ${dir}: no readable config.json in that folder`);
    return dummyChoice(
      "no model folder found",
      `The default model ${DEFAULT_SYNTHETIC_MODEL} does not exist: create it with ` +
        "`deno task models synth`, or pass real weights with `--model <dir>`.",
    );
  }
  const synthetic = typeof config.synthetic === "string";
  const name = String(config._name_or_path ?? dir);
  return {
    reranker: createCrossEncoderReranker({
      model: dir,
      resolve: resolveLocalModel,
      io: DENO_MODEL_IO,
    }),
    name: `cross-encoder ${name}`,
    label: `the local cross-encoder (\`reranker-transformers\`, onnxruntime) on \`${dir}\`` +
      (synthetic ? " (synthetic: random weights)" : ""),
    meaningful: !synthetic,
    warning: synthetic
      ? `The model in ${dir} is synthetic (random weights): its nDCG@10 is ` +
        "meaningless. Only the timings and the plumbing are real; pass real " +
        "ms-marco-MiniLM-L-6-v2 weights with `--model <dir>` to measure quality."
      : "",
  };
}
