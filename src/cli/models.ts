/**
 * The operator's model commands: `pull <id> [--files a,b]` downloads a manifest model into
 * `models/<id>/`; `list` shows the manifest and what is on disk. `deno task models` runs them
 * through `tools/models.ts`, which adds the developer command `synth` (synthetic weights).
 * @module
 */

import { envGet } from "../runtime/deno.ts";
import { denoFiles } from "../runtime/files.ts";
import { builtinManifest } from "../models/manifest.ts";
import { progressBar } from "../models/progress.ts";
import { hfEndpoint, pullModel } from "../models/pull.ts";
import { resolveModel } from "../models/resolve.ts";

const USAGE_LINES = [
  "  pull <id> [--files model_quantized.onnx,tokenizer.json,...]   download from the Hub (HF_ENDPOINT)",
  "  list                                                             manifest models and local state",
];

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

async function list(extraIds: readonly string[]): Promise<void> {
  const manifest = builtinManifest();
  for (const [id, model] of Object.entries(manifest.models)) {
    const state = await resolveModel(id, { fs: denoFiles, manifest }).then(
      () => "present",
      () => "not pulled",
    );
    console.log(`${id.padEnd(26)} ${model.kind.padEnd(9)} ${model.repo} (${state})`);
  }
  for (const id of extraIds) {
    const state = await resolveModel(id, { fs: denoFiles, manifest }).then(
      () => "present",
      () => "not generated",
    );
    console.log(`${id.padEnd(26)} synthetic (${state})`);
  }
}

/** A command added by the caller (`tools/models.ts` adds `synth`). */
export interface ExtraCommand {
  /** One usage line, indented like the built-in ones. */
  readonly usage: string;
  readonly run: (positional: string[], options: Map<string, string>) => Promise<void>;
}

/** Options of {@link runModelsCli}. */
export interface ModelsCliOptions {
  readonly commands?: Readonly<Record<string, ExtraCommand>>;
  /** More model ids `list` reports (e.g. the synthetic shapes). */
  readonly listIds?: readonly string[];
}

/** Runs `deno task models <command> ...`; exits the process with the command's status. */
export async function runModelsCli(args: readonly string[], opts: ModelsCliOptions = {}) {
  const extra = opts.commands ?? {};
  const usage = ["usage: deno task models <command>", ...USAGE_LINES];
  for (const c of Object.values(extra)) usage.splice(2, 0, c.usage);
  try {
    const [command, ...rest] = args;
    const { positional, options } = parseArgs(rest);
    if (command === "pull") await pull(positional, options);
    else if (command === "list") await list(opts.listIds ?? []);
    else if (command !== undefined && Object.hasOwn(extra, command)) {
      await extra[command].run(positional, options);
    } else {
      console.error(usage.join("\n"));
      Deno.exit(command === undefined || command === "help" ? 0 : 2);
    }
  } catch (e) {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    Deno.exit(1);
  }
}

if (import.meta.main) await runModelsCli(Deno.args);
