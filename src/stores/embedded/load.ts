/**
 * Parses a collection's JSON / JSONL files into stored objects. The file system is never touched
 * here: the caller injects `readText` with paths already resolved.
 * @module
 */
import type { CollectionConfig } from "../../config/types.ts";
import type { FilterTarget } from "../../search/filter.ts";
import { coerceValue } from "./coerce.ts";
import { jsonArrayElements, JsonArrayError } from "./json_array_stream.ts";
import { generatedIdSync, isUuid } from "./uuid.ts";

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

/** The objects of a load and their positions by (lower-case) id. */
export interface LoadedObjects {
  readonly objects: StoredObject[];
  /** Object positions by lower-case id (built anyway to refuse duplicates). */
  readonly byId: Map<string, number>;
}

/** Where a record came from: shared by the records of one file. */
interface FileOrigin {
  readonly path: string;
  /** `true`: records are numbered by line (`path:n`); else by array element (`path[i]`). */
  readonly lines: boolean;
  /** Creation / update time of the objects (ms). */
  readonly now: number;
}

/**
 * One loaded object. The source text and the timestamps are read from the file's shared
 * {@link FileOrigin} (one string per object fewer, and no boxed numbers per object: ~80 bytes of
 * each object, 80 MB at 1M objects).
 */
class LoadedObject implements StoredObject {
  readonly index: number;
  readonly id: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly vector: readonly number[] | undefined;
  readonly #origin: FileOrigin;
  readonly #at: number;

  constructor(
    index: number,
    id: string,
    properties: Record<string, unknown>,
    vector: readonly number[] | undefined,
    origin: FileOrigin,
    at: number,
  ) {
    this.index = index;
    this.id = id;
    this.properties = properties;
    this.vector = vector;
    this.#origin = origin;
    this.#at = at;
  }

  get source(): string {
    return where(this.#origin, this.#at);
  }

  get creationTimeUnix(): number {
    return this.#origin.now;
  }

  get lastUpdateTimeUnix(): number {
    return this.#origin.now;
  }
}

/** `path:n` (line n of a JSONL file) or `path[i]` (element i of a JSON array). */
function where(origin: FileOrigin, at: number): string {
  return origin.lines ? `${origin.path}:${at}` : `${origin.path}[${at}]`;
}

const BOM = "\uFEFF";

/**
 * Loads every file of the collection, in order. `.jsonl` files hold one object per line (blank
 * lines skipped); any other file holds a JSON array of objects. A leading UTF-8 BOM is skipped.
 * Unknown fields are ignored. Every data problem throws an Error naming the file and line/record.
 * Records are turned into objects one at a time (any number of them: no argument spreading).
 */
export async function loadObjects(opts: LoadOptions): Promise<StoredObject[]> {
  return (await loadObjectsById(opts)).objects;
}

/**
 * {@link loadObjects}, with the positions by id. One pass: each record becomes its object as it
 * is read (lines of a stream chunk synchronously, no promise per record).
 */
export async function loadObjectsById(opts: LoadOptions): Promise<LoadedObjects> {
  const { collection, signal } = opts;
  const now = opts.now ?? Date.now();
  const store = collection.store;
  if (store.kind !== "embedded") throw new Error(`not an embedded store: ${store.kind}`);
  const idField = store.idField || "id";
  const vectorField = store.vectorField || "vector";
  const byId = new Map<string, number>();
  const objects: StoredObject[] = [];
  const className = collection.class;
  const properties = collection.properties.map((p) => ({ name: p.name, type: p.dataType[0] }));

  const add = (value: unknown, origin: FileOrigin, at: number) => {
    const index = objects.length;
    if ((index & 4095) === 4095) signal.throwIfAborted();
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new Error(
        `${where(origin, at)}: expected a JSON object, got ${
          Array.isArray(value) ? "an array" : JSON.stringify(value)
        }`,
      );
    }
    const raw = value as Record<string, unknown>;
    const id = readId(raw[idField], { origin, at, idField, className, index });
    const previous = byId.get(id);
    if (previous !== undefined) {
      throw new Error(
        `${where(origin, at)}: duplicate id ${id} (first used by ${objects[previous].source})`,
      );
    }
    byId.set(id, index);
    const props: Record<string, unknown> = {};
    for (const prop of properties) {
      try {
        const v = coerceValue(raw[prop.name], prop.type);
        if (v !== undefined) props[prop.name] = v;
      } catch (e) {
        throw new Error(`${where(origin, at)}: property "${prop.name}": ${(e as Error).message}`);
      }
    }
    const vector = readVector(raw[vectorField], { origin, at, id, field: vectorField });
    objects.push(new LoadedObject(index, id, props, vector, origin, at));
  };

  for (const path of store.files) {
    signal.throwIfAborted();
    if (path.toLowerCase().endsWith(".jsonl")) {
      const origin: FileOrigin = { path, lines: true, now };
      const line = (text: string, n: number) => {
        if (n === 1 && text.startsWith(BOM)) text = text.slice(1);
        if (text.trim() === "") return;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (e) {
          throw new Error(`${path}:${n}: invalid JSON: ${(e as Error).message}`);
        }
        add(value, origin, n);
      };
      if (opts.readStream) await streamLines(await opts.readStream(path, signal), line);
      else textLines(await opts.readText(path, signal), line);
      continue;
    }
    const origin: FileOrigin = { path, lines: false, now };
    await arrayElements(path, opts, (element, i) => {
      let value: unknown;
      try {
        value = JSON.parse(element);
      } catch (e) {
        throw new Error(`${path}[${i}]: invalid JSON: ${(e as Error).message}`);
      }
      add(value, origin, i);
    });
  }
  signal.throwIfAborted();
  return { objects, byId };
}

/**
 * Calls `element` with the source text of each element of a JSON-array file and its index,
 * streamed where the runtime can stream (a file is never held whole there).
 */
async function arrayElements(
  path: string,
  opts: LoadOptions,
  element: (text: string, i: number) => void,
): Promise<void> {
  const chunks = opts.readStream
    ? streamText(await opts.readStream(path, opts.signal))
    : [await opts.readText(path, opts.signal)];
  let i = 0;
  try {
    for await (const text of jsonArrayElements(withoutBom(chunks))) element(text, i++);
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

/** Calls `line` with each line of `text` (`\n` or `\r\n`) and its 1-based number. */
function textLines(text: string, line: (text: string, n: number) => void): void {
  let at = 0, n = 0;
  while (at <= text.length) {
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    line(stripCr(text.slice(at, end)), ++n);
    at = end + 1;
  }
}

/**
 * Calls `line` with each line of a UTF-8 byte stream and its 1-based number, the lines of a chunk
 * synchronously; characters split across chunks are decoded whole.
 */
async function streamLines(
  stream: ReadableStream<Uint8Array>,
  line: (text: string, n: number) => void,
): Promise<void> {
  let rest = "", n = 0;
  for await (const chunk of streamText(stream)) {
    rest += chunk;
    let at = 0;
    for (let end = rest.indexOf("\n"); end >= 0; end = rest.indexOf("\n", at)) {
      line(stripCr(rest.slice(at, end)), ++n);
      at = end + 1;
    }
    rest = rest.slice(at);
  }
  line(stripCr(rest), ++n);
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

function readId(
  raw: unknown,
  ctx: { origin: FileOrigin; at: number; idField: string; className: string; index: number },
): string {
  if (raw === undefined || raw === null) return generatedIdSync(ctx.className, ctx.index);
  if (!isUuid(raw)) {
    throw new Error(
      `${where(ctx.origin, ctx.at)}: field "${ctx.idField}" must be a UUID, got ${
        JSON.stringify(raw)
      }`,
    );
  }
  return raw.toLowerCase();
}

function readVector(
  raw: unknown,
  ctx: { origin: FileOrigin; at: number; id: string; field: string },
): number[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const { id, field } = ctx;
  const source = where(ctx.origin, ctx.at);
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
