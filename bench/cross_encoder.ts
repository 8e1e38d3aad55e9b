/**
 * Cross-encoder speed (issue item 6): 10 short SciFact pairs and 100 pairs of ~220 tokens on the
 * synthetic MiniLM-L6 and TinyBERT-L2 graphs (`deno task models synth`), fp32 and int8. Our
 * reranker on WASM (int8: per-pair, the batch-independent default, and batched for comparison)
 * and on its native backend, raw onnxruntime-node and transformers.js on the same graph and pairs.
 * Native runs need `--allow-ffi`; without it their rows say so.
 * Standalone: `deno run -A bench/cross_encoder.ts [--quick]`.
 * @module
 */
import { Tokenizer } from "@huggingface/tokenizers";
import { createBertTokenizer } from "../src/inference/tokenize.ts";
import {
  gatewayRunner,
  type PairSet,
  rawNodeRunner,
  type Runner,
  transformersJsRunner,
} from "./cross_encoder_runners.ts";
import { type BenchSection, type BenchTable, printSection } from "./report.ts";
import { ms, summarize } from "./stats.ts";
import { trackWasmMemory, wasmMemoryMiB } from "./wasm_memory.ts";

const MODELS_DIR = "models";
const SCIFACT = "../shared/data/scifact";
const SHAPES = [["TinyBERT-L2", "synthetic-tinybert-l2"], ["MiniLM-L6", "synthetic-minilm-l6"]];

const wasmMiB = () => wasmMemoryMiB()?.toFixed(0) ?? "?";

async function readJsonl(path: string): Promise<Record<string, string>[]> {
  return (await Deno.readTextFile(path)).split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/** set10: one query, 10 titles (~20 tokens); set100: one query, 100 abstracts of 120-280 tokens. */
async function pairSets(dir: string): Promise<PairSet[]> {
  const queries = await readJsonl(`${SCIFACT}/queries.test.jsonl`);
  const corpus = await readJsonl(`${SCIFACT}/corpus.jsonl`);
  const tok = new Tokenizer(
    JSON.parse(await Deno.readTextFile(`${dir}/tokenizer.json`)),
    JSON.parse(await Deno.readTextFile(`${dir}/tokenizer_config.json`)),
  );
  const count = (t: string) => tok.encode(t, { add_special_tokens: false }).ids.length;
  const long = corpus.map((d) => d.text).filter((t) => {
    const n = count(t);
    return n >= 120 && n <= 280;
  });
  return [
    {
      name: "10 short pairs",
      query: queries[0].text,
      docs: corpus.slice(0, 10).map((d) => d.title),
    },
    { name: "100 pairs ~220 tok", query: queries[1].text, docs: long.slice(0, 100) },
  ];
}

interface Contender {
  readonly label: string;
  readonly native: boolean;
  readonly make: () => Promise<Runner>;
}

function contenders(dir: string, id: string, dtype: "fp32" | "int8"): Contender[] {
  const file = `${dir}/${dtype === "fp32" ? "model.onnx" : "model_quantized.onnx"}`;
  const encoder = async () =>
    createBertTokenizer(
      JSON.parse(await Deno.readTextFile(`${dir}/tokenizer.json`)),
      JSON.parse(await Deno.readTextFile(`${dir}/tokenizer_config.json`)),
      { maxLength: 512 },
    );
  const list: Contender[] = [
    {
      label: "gateway WASM",
      native: false,
      make: () => Promise.resolve(gatewayRunner(file, { backend: "wasm" })),
    },
  ];
  if (dtype === "int8") {
    list.push({
      label: "gateway WASM, int8 batched (not independent)",
      native: false,
      make: () => Promise.resolve(gatewayRunner(file, { backend: "wasm", independent: false })),
    });
  }
  list.push(
    {
      label: "gateway node backend",
      native: true,
      make: () => Promise.resolve(gatewayRunner(file, { backend: "node" })),
    },
    {
      label: "raw onnxruntime-node",
      native: true,
      make: async () => {
        const tok = await encoder();
        return rawNodeRunner(file, (s) => s.docs.map((d) => tok.encodePair(s.query, d)));
      },
    },
    {
      label: "transformers.js (ort-node)",
      native: true,
      make: () => transformersJsRunner(MODELS_DIR, id, dtype === "fp32" ? "fp32" : "q8"),
    },
  );
  return list;
}

async function time(run: Runner, set: PairSet, reps: number): Promise<number[]> {
  // Warm-up: the first runs after session create are slower (wasm tier-up).
  for (let i = 0; i < Math.min(3, reps); i++) await run(set);
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await run(set);
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Runs the benchmark; `quick` halves the repetitions. */
export async function runCrossEncoderBench(opts: { quick?: boolean } = {}): Promise<BenchSection> {
  trackWasmMemory();
  const ffi = (await Deno.permissions.query({ name: "ffi" })).state === "granted";
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const [shape, id] of SHAPES) {
    const dir = `${MODELS_DIR}/${id}`;
    let sets: PairSet[];
    try {
      sets = await pairSets(dir);
    } catch (err) {
      notes.push(
        `${shape}: skipped (${err instanceof Error ? err.message : err}); run ` +
          "`deno task models synth` with ../shared present.",
      );
      continue;
    }
    const tok = createBertTokenizer(
      JSON.parse(await Deno.readTextFile(`${dir}/tokenizer.json`)),
      JSON.parse(await Deno.readTextFile(`${dir}/tokenizer_config.json`)),
      { maxLength: 512 },
    );
    const tokens = sets.map((s) =>
      s.docs.reduce((n, d) => n + tok.encodePair(s.query, d).ids.length, 0)
    );
    for (const dtype of ["fp32", "int8"] as const) {
      for (const c of contenders(dir, id, dtype)) {
        if (c.native && !ffi) {
          rows.push([shape, dtype, c.label, "needs --allow-ffi", "", "", "", ""]);
          continue;
        }
        const run = await c.make();
        for (const [k, set] of sets.entries()) {
          // WASM MiniLM on 100 long pairs takes 10-20 s a run: one timed run there.
          const slow = k === 1 && !c.native && shape === "MiniLM-L6";
          const reps = slow ? 1 : k === 1 ? (opts.quick ? 2 : 3) : (opts.quick ? 5 : 9);
          const s = summarize(await time(run, set, reps));
          const rss = Deno.memoryUsage().rss / 2 ** 20;
          rows.push([
            shape,
            dtype,
            c.label,
            set.name,
            ms(s.p50),
            Math.round(tokens[k] / (s.p50 / 1000)).toLocaleString("en-US"),
            c.native ? "-" : wasmMiB(),
            rss.toFixed(0),
          ]);
          console.error(`cross-encoder bench: ${rows.at(-1)!.join(" | ")}`);
        }
      }
    }
  }
  const table: BenchTable = {
    header: ["shape", "dtype", "runtime", "pairs", "p50", "tokens/s", "WASM MiB", "RSS MiB"],
    rows,
    leftColumns: [0, 1, 2, 3],
  };
  return {
    title: "Cross-encoder rerank speed (synthetic MiniLM-L6 / TinyBERT-L2 graphs)",
    standaloneCommand: "deno run -A bench/cross_encoder.ts",
    intro: [
      "Pairs from SciFact: 10 (query, title) pairs of ~30 tokens and 100 (query, abstract) pairs " +
      "of 120-280 passage tokens. tokens/s counts real (unpadded) pair tokens. The gateway's WASM " +
      "runs use 1 thread; int8 graphs score each pair alone by default (batch-independent " +
      "scores); the batched int8 row shows what that costs. Native runs (raw onnxruntime-node, " +
      "the gateway's node backend, transformers.js) use length-sorted micro-batches.",
      "WASM MiB is the largest WebAssembly memory so far in the process (it never shrinks, so it " +
      "accumulates over rows; `?` when an earlier section initialised ORT-web); RSS is the process " +
      "after the row.",
    ],
    tables: [table],
    notes,
  };
}

if (import.meta.main) {
  printSection(await runCrossEncoderBench({ quick: Deno.args.includes("--quick") }));
}
