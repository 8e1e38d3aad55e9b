/**
 * `deno task import --config FILE --class C [--into PATH] [--force] [--batch N] INPUT...`: reads
 * JSON (an array of objects), JSONL or CSV inputs, checks every record against the class's
 * properties (the embedded store's own rules), computes the vectors of records without one with
 * the class's configured vectorizer, and writes the records (id, properties, vector) into one of
 * the class's embedded-store files: JSONL when it ends in `.jsonl`, else a JSON array.
 *
 * - Refuses to overwrite an existing file without `--force`.
 * - Progress (records, rate, ETA) on stderr.
 * - Resumable: finished records go to `<file>.partial` (JSONL) beside a `<file>.partial.state.json`
 *   that fingerprints the inputs; a run over the same inputs goes on after the last whole record.
 *   The file itself is written (atomically) only at the end.
 *
 * Exit codes: 0 done, 1 a problem (message on stderr), 2 usage.
 * @module
 */
import { formatProgressBar } from "../core/vectorize_progress.ts";
import { basename, isAbsolute, relative, resolve } from "node:path";
import type { CollectionConfig, DataType, GatewayConfig } from "../config/types.ts";
import type { Runtime } from "../core/runtime.ts";
import type { Vectorizer } from "../core/vectorizer.ts";
import { createVectorizer } from "../pipeline/build_services.ts";
import { loadConfig } from "../pipeline/catalog.ts";
import { coerceValue } from "../stores/embedded/coerce.ts";
import type { StoredObject } from "../stores/embedded/load.ts";
import { ID_NAMESPACE, isUuid, uuidV5 } from "../stores/embedded/uuid.ts";
import { objectText } from "../stores/embedded/vector_index.ts";
import { denoRuntime } from "../runtime/deno_runtime.ts";
import { readTextFile } from "../runtime/deno.ts";
import { csvValue, parseCsv } from "./csv.ts";

/** A problem the operator fixes (printed without a stack trace, exit 1). */
export class ImportError extends Error {
  override readonly name = "ImportError";
}

/** Options of {@link importData}. */
export interface ImportOptions {
  readonly config: GatewayConfig;
  readonly className: string;
  readonly inputs: readonly string[];
  /** One of the class's store files; default: its only file. */
  readonly into?: string;
  readonly force?: boolean;
  /** Records per vectorizer call and per write of the partial file (default 64). */
  readonly batchSize?: number;
  readonly runtime: Runtime;
  /** Progress and notes (stderr). */
  readonly write: (text: string) => void;
  /** Redraw one progress line (`\r`) instead of printing lines. */
  readonly terminal?: boolean;
  readonly signal: AbortSignal;
  readonly now?: () => number;
  /** Called after each batch is in the partial file (tests interrupt a run here). */
  readonly afterBatch?: (done: number, total: number) => void;
}

/** What {@link importData} did. */
export interface ImportReport {
  readonly target: string;
  readonly records: number;
  readonly vectorized: number;
  /** Records taken over from an interrupted run. */
  readonly resumed: number;
}

interface Input {
  readonly source: string;
  /** A JSON record, or the string fields of a CSV row. */
  readonly value: unknown;
  readonly csv: boolean;
}

const STATE_VERSION = 1;

/**
 * The directory the operator ran the command in: `deno task` runs tasks in the project folder
 * and passes the caller's folder as `INIT_CWD`; relative arguments are resolved against it.
 */
export function userCwd(): string {
  return Deno.env.get("INIT_CWD") ?? Deno.cwd();
}

/** `path` resolved against {@link userCwd}. */
export function userPath(path: string): string {
  return resolve(userCwd(), path);
}

/** `path` relative to {@link userCwd} when it lies below it. */
export function shown(path: string): string {
  const rel = relative(userCwd(), path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/** One progress line (no newline): `importing C [####----] 2/5 40% 12.0 rec/s ETA 1s`. */
export function formatImportProgress(
  label: string,
  done: number,
  total: number,
  rate: number,
  width = 24,
): string {
  const eta = rate > 0 ? `ETA ${duration((total - done) / rate)}` : "ETA ?";
  return `importing ${label} ${formatProgressBar(done, total, width)} ` +
    `${rate.toFixed(1)} rec/s ${eta}`;
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

async function readInputs(paths: readonly string[], signal: AbortSignal): Promise<Input[]> {
  const out: Input[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readTextFile(path, signal);
    } catch (err) {
      throw new ImportError(`cannot read ${shown(path)}: ${(err as Error).message}`);
    }
    const name = shown(path);
    const lower = path.toLowerCase();
    if (text.startsWith("\uFEFF")) text = text.slice(1);
    if (lower.endsWith(".csv")) {
      try {
        for (const r of parseCsv(text, name)) {
          out.push({ source: `${name}:${r.line}`, value: r.fields, csv: true });
        }
      } catch (err) {
        throw new ImportError((err as Error).message);
      }
    } else if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      text.split("\n").forEach((line, i) => {
        if (line.trim() === "") return;
        try {
          out.push({ source: `${name}:${i + 1}`, value: JSON.parse(line), csv: false });
        } catch (err) {
          throw new ImportError(`${name}:${i + 1}: invalid JSON: ${(err as Error).message}`);
        }
      });
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new ImportError(`${name}: invalid JSON: ${(err as Error).message}`);
      }
      if (!Array.isArray(parsed)) {
        throw new ImportError(`${name}: expected a JSON array of objects (or use .jsonl/.csv)`);
      }
      parsed.forEach((value, i) => out.push({ source: `${name}[${i}]`, value, csv: false }));
    }
  }
  return out;
}

/** One input as the stored record: id, the class's properties (checked), vector if given. */
async function normalize(
  input: Input,
  index: number,
  c: CollectionConfig,
  target: string,
): Promise<Record<string, unknown>> {
  const store = c.store as { idField: string; vectorField: string };
  const { source, value } = input;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ImportError(`${source}: expected a JSON object, got ${JSON.stringify(value)}`);
  }
  const raw = value as Record<string, unknown>;
  const field = (name: string, type: DataType | "vector"): unknown => {
    const v = raw[name];
    if (!input.csv || typeof v !== "string") return v;
    if (type === "vector") return v === "" ? undefined : csvValue(v, "number[]");
    return csvValue(v, type);
  };
  const out: Record<string, unknown> = {};
  const id = raw[store.idField];
  if (id === undefined || id === null || id === "") {
    // Deterministic, so a resumed run writes the same ids.
    out[store.idField] = await uuidV5(
      ID_NAMESPACE,
      `${c.class}/import/${basename(target)}/${index}`,
    );
  } else if (!isUuid(id)) {
    throw new ImportError(
      `${source}: field "${store.idField}" must be a UUID, got ${JSON.stringify(id)}`,
    );
  } else out[store.idField] = id.toLowerCase();
  for (const p of c.properties) {
    try {
      const v = coerceValue(field(p.name, p.dataType[0]), p.dataType[0]);
      if (v !== undefined) out[p.name] = v;
    } catch (err) {
      throw new ImportError(`${source}: property "${p.name}": ${(err as Error).message}`);
    }
  }
  let vector: unknown;
  try {
    vector = field(store.vectorField, "vector");
  } catch (err) {
    throw new ImportError(`${source}: field "${store.vectorField}": ${(err as Error).message}`);
  }
  if (vector !== undefined && vector !== null) {
    if (
      !Array.isArray(vector) || vector.length === 0 ||
      !vector.every((x) => typeof x === "number" && Number.isFinite(x))
    ) {
      throw new ImportError(
        `${source}: field "${store.vectorField}" must be a non-empty array of numbers`,
      );
    }
    out[store.vectorField] = vector;
  }
  return out;
}

/** The store file to write: `into` (one of the class's files) or the class's only file. */
function targetOf(c: CollectionConfig, into: string | undefined): string {
  if (c.store.kind !== "embedded") {
    throw new ImportError(
      `class ${c.class} uses the ${c.store.kind} store: import writes embedded-store files only`,
    );
  }
  const files = (c.store as { files: readonly string[] }).files;
  if (into === undefined) {
    if (files.length === 1) return files[0];
    throw new ImportError(
      `class ${c.class} has ${files.length} store files: choose one with --into (${
        files.map(shown).join(", ")
      })`,
    );
  }
  const wanted = userPath(into);
  if (!files.includes(wanted)) {
    throw new ImportError(
      `--into ${into} is not a store file of class ${c.class} (${files.map(shown).join(", ")})`,
    );
  }
  return wanted;
}

async function fingerprint(c: CollectionConfig, inputs: readonly string[]): Promise<string> {
  const files = [];
  for (const path of inputs) {
    const info = await Deno.stat(path);
    files.push({ path: userPath(path), size: info.size, mtimeMs: info.mtime?.getTime() ?? null });
  }
  return JSON.stringify({
    version: STATE_VERSION,
    class: c.class,
    vectorizer: c.vectorizer,
    settings: c.moduleConfig[c.vectorizer] ?? null,
    inputs: files,
  });
}

/** The whole records an interrupted run left in the partial file (a torn last line dropped). */
async function resumable(partial: string, state: string, print: string): Promise<string[]> {
  if (!(await exists(partial)) || !(await exists(state))) return [];
  if ((await Deno.readTextFile(state)) !== print) return [];
  const text = await Deno.readTextFile(partial);
  const lines = text.split("\n");
  lines.pop(); // after the last "\n": empty, or a torn record
  const whole: string[] = [];
  for (const line of lines) {
    try {
      JSON.parse(line);
      whole.push(line);
    } catch {
      break;
    }
  }
  return whole;
}

/** Runs one import (see the module docs). Throws {@link ImportError} for the operator's problems. */
export async function importData(opts: ImportOptions): Promise<ImportReport> {
  const c = opts.config.collections.find((x) => x.class === opts.className);
  if (!c) {
    throw new ImportError(
      `no class ${opts.className} in the config (${
        opts.config.collections.map((x) => x.class).join(", ")
      })`,
    );
  }
  const target = targetOf(c, opts.into);
  if (!opts.force && (await exists(target))) {
    throw new ImportError(`${shown(target)} exists: pass --force to overwrite it`);
  }
  if (opts.inputs.length === 0) throw new ImportError("no input file given");
  const inputs = await readInputs(opts.inputs, opts.signal);
  const records: Record<string, unknown>[] = [];
  const store = c.store as { idField: string; vectorField: string };
  const seen = new Map<string, string>();
  for (const [i, input] of inputs.entries()) {
    const r = await normalize(input, i, c, target);
    const id = r[store.idField] as string;
    const first = seen.get(id);
    if (first) {
      throw new ImportError(`${input.source}: duplicate id ${id} (first used by ${first})`);
    }
    seen.set(id, input.source);
    records.push(r);
  }
  const partial = `${target}.partial`;
  const state = `${target}.partial.state.json`;
  const print = await fingerprint(c, opts.inputs);
  const kept = await resumable(partial, state, print);
  const sameIds = kept.every((line, i) =>
    JSON.parse(line)[store.idField] === records[i]?.[store.idField]
  );
  const resumed = sameIds && kept.length <= records.length ? kept.length : 0;
  await Deno.writeTextFile(state, print);
  await Deno.writeTextFile(partial, kept.slice(0, resumed).map((l) => `${l}\n`).join(""));
  if (resumed > 0) {
    opts.write(`resuming after ${resumed} of ${records.length} records (${shown(partial)})\n`);
  }
  const vectorizer: Vectorizer | undefined = createVectorizer(opts.config, c, opts.runtime);
  const needsVector = records.some((r) => r[store.vectorField] === undefined);
  if (needsVector && !vectorizer) {
    opts.write(
      `note: class ${c.class} has no vectorizer: records without "${store.vectorField}" are ` +
        "stored without a vector\n",
    );
  }
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const batch = Math.max(1, opts.batchSize ?? 64);
  let vectorized = 0;
  let lastDraw = -Infinity;
  let drawn = -1;
  const draw = (done: number, final: boolean) => {
    const t = now();
    if (final ? drawn === done && !opts.terminal : t - lastDraw < (opts.terminal ? 200 : 1000)) {
      return;
    }
    [lastDraw, drawn] = [t, done];
    const seconds = (t - started) / 1000;
    const rate = seconds > 0 ? (done - resumed) / seconds : 0;
    const line = formatImportProgress(c.class, done, records.length, rate);
    opts.write(opts.terminal ? `\r${line}\x1b[K${final ? "\n" : ""}` : `${line}\n`);
  };
  const file = await Deno.open(partial, { append: true });
  try {
    for (let at = resumed; at < records.length; at += batch) {
      opts.signal.throwIfAborted();
      const chunk = records.slice(at, at + batch);
      const missing = chunk.filter((r) => r[store.vectorField] === undefined);
      if (vectorizer && missing.length > 0) {
        const texts = missing.map((r) =>
          objectText(c, { properties: r } as unknown as StoredObject)
        );
        let vectors: number[][];
        try {
          vectors = await vectorizer.vectorize(texts, { signal: opts.signal, purpose: "document" });
        } catch (err) {
          if (opts.signal.aborted) throw err;
          throw new ImportError(`vectorizer ${c.vectorizer}: ${(err as Error).message}`);
        }
        missing.forEach((r, i) => (r[store.vectorField] = vectors[i]));
        vectorized += missing.length;
      }
      const text = chunk.map((r) => `${JSON.stringify(r)}\n`).join("");
      await file.write(new TextEncoder().encode(text));
      draw(Math.min(records.length, at + batch), false);
      opts.afterBatch?.(Math.min(records.length, at + batch), records.length);
    }
  } finally {
    file.close();
  }
  draw(records.length, true);
  const lines = (await Deno.readTextFile(partial)).split("\n").filter((l) => l !== "");
  const body = target.toLowerCase().endsWith(".jsonl")
    ? lines.map((l) => `${l}\n`).join("")
    : lines.length === 0
    ? "[]\n"
    : `[\n${lines.join(",\n")}\n]\n`;
  const tmp = `${target}.tmp`;
  await Deno.writeTextFile(tmp, body);
  await Deno.rename(tmp, target);
  await Deno.remove(partial);
  await Deno.remove(state);
  return { target, records: records.length, vectorized, resumed };
}

const USAGE =
  "usage: deno task import --config FILE --class CLASS [--into STORE_FILE] [--force] [--batch N] INPUT...\n" +
  "  INPUT: .json (array of objects), .jsonl / .ndjson (one object a line) or .csv (header row)";

/** Splits the arguments (`{error}` for a usage error). */
export function parseImportArgs(args: readonly string[]):
  | {
    config?: string;
    className?: string;
    into?: string;
    force: boolean;
    batch?: number;
    inputs: string[];
  }
  | { error: string } {
  const out = { force: false, inputs: [] as string[] } as {
    config?: string;
    className?: string;
    into?: string;
    force: boolean;
    batch?: number;
    inputs: string[];
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [name, inline] = a.startsWith("--") && a.includes("=")
      ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
      : [a, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    try {
      if (name === "--force") out.force = true;
      else if (name === "--config") out.config = value();
      else if (name === "--class") out.className = value();
      else if (name === "--into") out.into = value();
      else if (name === "--batch") {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) return { error: "--batch must be a positive integer" };
        out.batch = n;
      } else if (name.startsWith("--")) return { error: `unknown option ${name}` };
      else out.inputs.push(a);
    } catch (err) {
      return { error: (err as Error).message };
    }
  }
  return out;
}

/** The CLI: exit 0 done, 1 a problem, 2 usage. */
export async function runImportCli(args: readonly string[]): Promise<number> {
  const parsed = parseImportArgs(args);
  const configPath = "error" in parsed
    ? undefined
    : parsed.config ?? (Deno.env.get("GATEWAY_CONFIG") || undefined);
  if ("error" in parsed || !parsed.className || parsed.inputs.length === 0 || !configPath) {
    console.error(`${"error" in parsed ? `error: ${parsed.error}\n` : ""}${USAGE}`);
    return 2;
  }
  const controller = new AbortController();
  const onInt = () => controller.abort();
  Deno.addSignalListener("SIGINT", onInt);
  const write = (text: string) => Deno.stderr.writeSync(new TextEncoder().encode(text));
  try {
    const config = await loadConfig({
      path: userPath(configPath),
      readText: readTextFile,
      signal: controller.signal,
    });
    const report = await importData({
      config,
      className: parsed.className,
      inputs: parsed.inputs.map(userPath),
      into: parsed.into,
      force: parsed.force,
      batchSize: parsed.batch,
      runtime: denoRuntime(),
      write,
      terminal: Deno.stderr.isTerminal(),
      signal: controller.signal,
    });
    console.log(
      `imported ${report.records} records into ${shown(report.target)} (${report.vectorized} ` +
        `vectorized${report.resumed > 0 ? `, ${report.resumed} resumed` : ""})`,
    );
    return 0;
  } catch (err) {
    if (controller.signal.aborted) {
      console.error("interrupted: run the same command again to resume");
      return 130;
    }
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    Deno.removeSignalListener("SIGINT", onInt);
  }
}

if (import.meta.main) Deno.exit(await runImportCli(Deno.args));
