/**
 * `deno task models <command>`: `pull <id> [--files a,b]` downloads a manifest model into
 * `models/<id>/`; `synth [--out models] [--seed N] [shapes...]` writes synthetic models
 * (random weights); `list` shows the manifest and what is on disk.
 * @module
 */

import { join } from "node:path";
import { envGet } from "../runtime/deno.ts";
import { denoFiles } from "../runtime/files.ts";
import { builtinManifest } from "../models/manifest.ts";
import { progressBar } from "../models/progress.ts";
import { hfEndpoint, pullModel } from "../models/pull.ts";
import { resolveModel } from "../models/resolve.ts";
import { isShapeName, type ShapeName, SHAPES } from "../../tools/synth/shapes.ts";
import { DEFAULT_SEED } from "../../tools/synth/synthesize.ts";
import { writeSyntheticModel } from "../../tools/synth/write.ts";

const USAGE = `usage: deno task models <command>
  pull <id> [--files model_quantized.onnx,tokenizer.json,...]   download from the Hub (HF_ENDPOINT)
  synth [--out models] [--seed N] [tiny|minilm-l6|tinybert-l2 ...]  write synthetic models
  list                                                             manifest models and local state`;

const encoder = new TextEncoder();
const stderr = (text: string) => Deno.stderr.writeSync(encoder.encode(text));

/** Splits `--name value` / `--name=value` options from positional arguments. */
export function parseArgs(args: readonly string[]): {
  positional: string[];
  options: Map<string, string>;
} {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    if (eq > 0) options.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (i + 1 < args.length) options.set(arg.slice(2), args[++i]);
    else throw new Error(`${arg} needs a value`);
  }
  return { positional, options };
}

async function pull(positional: string[], options: Map<string, string>): Promise<void> {
  const [id] = positional;
  if (id === undefined) throw new Error("pull needs a model id, e.g. ms-marco-MiniLM-L-6-v2");
  const controller = new AbortController();
  Deno.addSignalListener("SIGINT", () => controller.abort());
  const files = await pullModel(id, {
    fs: denoFiles,
    manifest: builtinManifest(),
    baseUrl: hfEndpoint(envGet),
    files: options.get("files")?.split(","),
    progress: progressBar(stderr),
    log: (line) => stderr(`  ${line}\n`),
    signal: controller.signal,
  });
  console.log(`${id}: ${files.length} file(s) in models/${id}/`);
}

async function synth(positional: string[], options: Map<string, string>): Promise<void> {
  const out = options.get("out") ?? "models";
  const seed = Number(options.get("seed") ?? DEFAULT_SEED);
  if (!Number.isInteger(seed)) throw new Error("--seed must be an integer");
  const shapes = positional.length > 0 ? positional : Object.keys(SHAPES);
  for (const shape of shapes) {
    if (!isShapeName(shape)) {
      throw new Error(`unknown shape ${shape}: expected ${Object.keys(SHAPES).join(", ")}`);
    }
    const t0 = performance.now();
    const report = await writeSyntheticModel(join(out, `synthetic-${shape}`), shape as ShapeName, {
      seed,
    });
    const ms = Math.round(performance.now() - t0);
    console.log(`${report.dir}: ${report.files.join(", ")} (${ms} ms)`);
    console.log(`  tokenizer: ${report.note}`);
  }
  console.log("synthetic weights are random: scores and rankings are meaningless");
}

async function list(): Promise<void> {
  const manifest = builtinManifest();
  for (const [id, model] of Object.entries(manifest.models)) {
    const state = await resolveModel(id, { fs: denoFiles, manifest }).then(
      () => "present",
      () => "not pulled",
    );
    console.log(`${id.padEnd(26)} ${model.kind.padEnd(9)} ${model.repo} (${state})`);
  }
  for (const shape of Object.keys(SHAPES)) {
    const id = `synthetic-${shape}`;
    const state = await resolveModel(id, { fs: denoFiles, manifest }).then(
      () => "present",
      () => "not generated",
    );
    console.log(`${id.padEnd(26)} synthetic (${state})`);
  }
}

if (import.meta.main) {
  try {
    const [command, ...rest] = Deno.args;
    const { positional, options } = parseArgs(rest);
    if (command === "pull") await pull(positional, options);
    else if (command === "synth") await synth(positional, options);
    else if (command === "list") await list();
    else {
      console.error(USAGE);
      Deno.exit(command === undefined || command === "help" ? 0 : 2);
    }
  } catch (e) {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    Deno.exit(1);
  }
}
