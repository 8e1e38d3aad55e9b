/**
 * Parses a collection's JSON / JSONL files into stored objects. The file system is never touched
 * here: the caller injects `readText` with paths already resolved.
 * @module
 */
import type { CollectionConfig } from "../../config/types.ts";
import type { FilterTarget } from "../../search/filter.ts";
import { coerceValue } from "./coerce.ts";
import { jsonArrayElements, JsonArrayError } from "./json_array_stream.ts";
import { generatedId, isUuid } from "./uuid.ts";

/** Reads one file as text (injected; honours the signal). */
export type ReadText = (path: string, signal: AbortSignal) => Promise<string>;

/** Opens one file as a byte stream (injected; honours the signal). */
export type ReadStream = (path: string, signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>;

/** One loaded object: its position, id, coerced properties, timestamps and raw vector. */
export interface StoredObject extends FilterTarget {
  /** 0-based position across all files, in load order. */
  readonly index: number;
  /** Where the record came from, e.g. `data.jsonl:12` or `data.json[3]`, for messages. */
  readonly source: string;
  /** The precomputed vector of the record, when it has one. */
  readonly vector?: readonly number[];
}

/** Options of {@link loadObjects}. */
export interface LoadOptions {
  readonly collection: CollectionConfig;
  readonly readText: ReadText;
  /**
   * When the runtime can stream files: files are read through it (`.jsonl` line by line, JSON
   * arrays element by element), so no copy of the whole file is held (only the parsed objects).
   */
  readonly readStream?: ReadStream;
  readonly signal: AbortSignal;
  /** Creation/update time of every object (ms); default `Date.now()` once per load. */
  readonly now?: number;
}

interface RawRecord {
  readonly source: string;
  readonly value: unknown;
}

const BOM = "\uFEFF";

/**
 * Loads every file of the collection, in order. `.jsonl` files hold one object per line (blank
 * lines skipped); any other file holds a JSON array of objects. A leading UTF-8 BOM is skipped.
 * Unknown fields are ignored. Every data problem throws an Error naming the file and line/record.
 * Records are turned into objects one at a time (any number of them: no argument spreading).
 */
export async function loadObjects(opts: LoadOptions): Promise<StoredObject[]> {
  const { collection, signal } = opts;
  const now = opts.now ?? Date.now();
  const store = collection.store;
  if (store.kind !== "embedded") throw new Error(`not an embedded store: ${store.kind}`);
  const idField = store.idField || "id";
  const vectorField = store.vectorField || "vector";
  const seen = new Map<string, string>();
  const objects: StoredObject[] = [];
  for (const path of store.files) {
    signal.throwIfAborted();
    for await (const record of recordsOf(path, opts)) {
      const index = objects.length;
      if ((index & 4095) === 4095) signal.throwIfAborted();
      const { source, value } = record;
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new Error(
          `${source}: expected a JSON object, got ${
            Array.isArray(value) ? "an array" : JSON.stringify(value)
          }`,
        );
      }
      const raw = value as Record<string, unknown>;
      const id = await readId(raw[idField], {
        source,
        idField,
        className: collection.class,
        index,
      });
      const previous = seen.get(id);
      if (previous) throw new Error(`${source}: duplicate id ${id} (first used by ${previous})`);
      seen.set(id, source);
      const properties: Record<string, unknown> = {};
      for (const prop of collection.properties) {
        try {
          const v = coerceValue(raw[prop.name], prop.dataType[0]);
          if (v !== undefined) properties[prop.name] = v;
        } catch (e) {
          throw new Error(`${source}: property "${prop.name}": ${(e as Error).message}`);
        }
      }
      const vector = readVector(raw[vectorField], { source, id, field: vectorField });
      objects.push({
        index,
        source,
        id,
        properties,
        vector,
        creationTimeUnix: now,
        lastUpdateTimeUnix: now,
      });
    }
  }
  signal.throwIfAborted();
  return objects;
}

/** The records of one file, in order. */
async function* recordsOf(path: string, opts: LoadOptions): AsyncGenerator<RawRecord> {
  if (path.toLowerCase().endsWith(".jsonl")) {
    const lines = opts.readStream
      ? streamLines(await opts.readStream(path, opts.signal))
      : textLines(await opts.readText(path, opts.signal));
    let n = 0;
    for await (const line of lines) {
      n++;
      const text = n === 1 && line.startsWith(BOM) ? line.slice(1) : line;
      if (text.trim() === "") continue;
      const source = `${path}:${n}`;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new Error(`${source}: invalid JSON: ${(e as Error).message}`);
      }
      yield { source, value };
    }
    return;
  }
  const chunks = opts.readStream
    ? streamText(await opts.readStream(path, opts.signal))
    : [await opts.readText(path, opts.signal)];
  let i = 0;
  try {
    for await (const element of jsonArrayElements(withoutBom(chunks))) {
      let value: unknown;
      try {
        value = JSON.parse(element);
      } catch (e) {
        throw new Error(`${path}[${i}]: invalid JSON: ${(e as Error).message}`);
      }
      yield { source: `${path}[${i++}]`, value };
    }
  } catch (e) {
    if (!(e instanceof JsonArrayError)) throw e;
    if (e.message !== "not an array") throw new Error(`${path}: invalid JSON: ${e.message}`);
    // Not an array: say whether it is JSON at all, as JSON.parse of the whole file would.
    let text = await opts.readText(path, opts.signal);
    if (text.startsWith(BOM)) text = text.slice(1);
    try {
      JSON.parse(text);
    } catch (err) {
      throw new Error(`${path}: invalid JSON: ${(err as Error).message}`);
    }
    throw new Error(`${path}: expected a JSON array of objects`);
  }
}

/** The text of a UTF-8 byte stream in decoded chunks (characters split across chunks whole). */
function streamText(stream: ReadableStream<Uint8Array>): AsyncIterable<string> {
  return stream.pipeThrough(new TextDecoderStream("utf-8", { ignoreBOM: true }));
}

/** The chunks without a leading BOM. */
async function* withoutBom(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<string> {
  let first = true;
  for await (const chunk of chunks) {
    yield first && chunk.startsWith(BOM) ? chunk.slice(1) : chunk;
    first = false;
  }
}

/** The lines of `text` (`\n` or `\r\n`), without building an array of them. */
function* textLines(text: string): Generator<string> {
  let at = 0;
  while (at <= text.length) {
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    yield stripCr(text.slice(at, end));
    at = end + 1;
  }
}

/** The lines of a UTF-8 byte stream; characters split across chunks are decoded whole. */
async function* streamLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of streamText(stream)) {
    rest += chunk;
    let at = 0;
    for (let end = rest.indexOf("\n"); end >= 0; end = rest.indexOf("\n", at)) {
      yield stripCr(rest.slice(at, end));
      at = end + 1;
    }
    rest = rest.slice(at);
  }
  yield stripCr(rest);
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

async function readId(
  raw: unknown,
  ctx: { source: string; idField: string; className: string; index: number },
): Promise<string> {
  if (raw === undefined || raw === null) return await generatedId(ctx.className, ctx.index);
  if (!isUuid(raw)) {
    throw new Error(
      `${ctx.source}: field "${ctx.idField}" must be a UUID, got ${JSON.stringify(raw)}`,
    );
  }
  return raw.toLowerCase();
}

function readVector(
  raw: unknown,
  ctx: { source: string; id: string; field: string },
): number[] | undefined {
  const { source, id, field } = ctx;
  if (raw === undefined || raw === null) return undefined;
  if (
    !Array.isArray(raw) || raw.length === 0 ||
    !raw.every((x) => typeof x === "number" && Number.isFinite(x))
  ) {
    throw new Error(`${source}: field "${field}" must be a non-empty array of numbers`);
  }
  // Vectors are stored as float32 (like Weaviate): a value that does not fit would become
  // Infinity, then NaN distances (or a silently zeroed cosine vector).
  for (let k = 0; k < raw.length; k++) {
    if (!Number.isFinite(Math.fround(raw[k]))) {
      throw new Error(
        `${source}: object ${id}: field "${field}" element ${k} is ${
          raw[k]
        }, outside the float32 range ` +
          "(about ±3.4e38)",
      );
    }
  }
  return raw;
}
