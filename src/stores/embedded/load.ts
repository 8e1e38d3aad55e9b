/**
 * Parses a collection's JSON / JSONL files into stored objects. The file system is never touched
 * here: the caller injects `readText` with paths already resolved.
 * @module
 */
import type { CollectionConfig } from "../../config/types.ts";
import type { FilterTarget } from "../../search/filter.ts";
import { coerceValue } from "./coerce.ts";
import { generatedId, isUuid } from "./uuid.ts";

/** Reads one file as text (injected; honours the signal). */
export type ReadText = (path: string, signal: AbortSignal) => Promise<string>;

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
  readonly signal: AbortSignal;
  /** Creation/update time of every object (ms); default `Date.now()` once per load. */
  readonly now?: number;
}

interface RawRecord {
  readonly source: string;
  readonly value: unknown;
}

/**
 * Loads every file of the collection, in order. `.jsonl` files hold one object per line (blank
 * lines skipped); any other file holds a JSON array of objects. Unknown fields are ignored. Every
 * data problem throws an Error naming the file and line/record.
 */
export async function loadObjects(opts: LoadOptions): Promise<StoredObject[]> {
  const { collection, signal } = opts;
  const now = opts.now ?? Date.now();
  const store = collection.store;
  if (store.kind !== "embedded") throw new Error(`not an embedded store: ${store.kind}`);
  const records: RawRecord[] = [];
  for (const path of store.files) {
    signal.throwIfAborted();
    const text = await opts.readText(path, signal);
    records.push(...parseFile(path, text));
  }
  signal.throwIfAborted();
  const idField = store.idField || "id";
  const vectorField = store.vectorField || "vector";
  const seen = new Map<string, string>();
  const objects: StoredObject[] = [];
  for (const [index, record] of records.entries()) {
    const { source, value } = record;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new Error(
        `${source}: expected a JSON object, got ${
          Array.isArray(value) ? "an array" : JSON.stringify(value)
        }`,
      );
    }
    const raw = value as Record<string, unknown>;
    const id = await readId(raw[idField], { source, idField, className: collection.class, index });
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
    const vector = readVector(raw[vectorField], source, vectorField);
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
  return objects;
}

function parseFile(path: string, text: string): RawRecord[] {
  if (path.toLowerCase().endsWith(".jsonl")) {
    const out: RawRecord[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === "") return;
      const source = `${path}:${i + 1}`;
      try {
        out.push({ source, value: JSON.parse(line) });
      } catch (e) {
        throw new Error(`${source}: invalid JSON: ${(e as Error).message}`);
      }
    });
    return out;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: invalid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${path}: expected a JSON array of objects`);
  return parsed.map((value, i) => ({ source: `${path}[${i}]`, value }));
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

function readVector(raw: unknown, source: string, field: string): number[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (
    !Array.isArray(raw) || raw.length === 0 ||
    !raw.every((x) => typeof x === "number" && Number.isFinite(x))
  ) {
    throw new Error(`${source}: field "${field}" must be a non-empty array of numbers`);
  }
  return raw;
}
