/**
 * Reads a class's properties from the upstream Weaviate schema (`GET {url}/v1/schema/{class}`) at
 * start-up, for collections configured with `"properties": "upstream"` (or none). Cross-reference
 * and `object` properties are skipped (the gateway serves neither); every other problem is a
 * {@link ConfigError} with the key path of the bad property.
 * @module
 */
import { storeConfigOf } from "../../config/store_settings.ts";
import type { WeaviateStoreConfig } from "./config.ts";
import { ConfigError, parseProperties } from "../../config/schema.ts";
import { formatProblem } from "../../config/problems.ts";
import type { CollectionConfig, PropertyConfig } from "../../config/types.ts";
import { excerpt, getJson } from "../../remote/json_http.ts";
import { weaviateHeaders } from "./headers.ts";

/** Options of {@link readWeaviateProperties}. */
export interface ReadSchemaOptions {
  /** Position of the collection in the config (for key paths). */
  readonly index: number;
  readonly env?: (name: string) => string | undefined;
  readonly fetch?: typeof fetch;
  /** `modules.maxResponseBytes`. */
  readonly maxResponseBytes?: number;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

const UNSERVED_TYPES = new Set(["object", "object[]"]);

/** The upstream class's properties, validated like declared ones. */
export async function readWeaviateProperties(
  collection: CollectionConfig,
  opts: ReadSchemaOptions,
): Promise<PropertyConfig[]> {
  const store: WeaviateStoreConfig = storeConfigOf(collection, "weaviate");
  const className = store.className ?? collection.class;
  const path = ["collections", opts.index, "properties"];
  const source = `upstream schema GET /v1/schema/${className}`;
  const { headers, secrets } = weaviateHeaders(store, opts.env);
  let body: unknown;
  try {
    body = await getJson({
      url: `${store.url}/v1/schema/${encodeURIComponent(className)}`,
      headers,
      secrets,
      signal: opts.signal,
      timeoutMs: store.timeoutMs ?? opts.timeoutMs,
      label: "weaviate upstream",
      errorText: (status, text) => `status ${status}: ${excerpt(text)}`,
      maxBytes: opts.maxResponseBytes,
      fetch: opts.fetch,
    });
  } catch (err) {
    if (opts.signal.aborted) throw err;
    throw new ConfigError([
      formatProblem({ path, message: `cannot read the ${source}: ${(err as Error).message}` }),
    ]);
  }
  const raw = (body as { properties?: unknown })?.properties ?? [];
  if (!Array.isArray(raw)) {
    throw new ConfigError([
      formatProblem({ path, message: `${source}: properties is not a list` }),
    ]);
  }
  const served = raw.filter((p) => {
    const type = Array.isArray(p?.dataType) ? p.dataType[0] : undefined;
    return typeof type === "string" && !/^[A-Z]/.test(type) && !UNSERVED_TYPES.has(type);
  }).map(toDeclared);
  const parsed = parseProperties(served);
  if (!parsed.ok) {
    throw new ConfigError(
      parsed.problems.map((p) =>
        formatProblem({ path: [...path, ...p.path], message: `${p.message} (from the ${source})` })
      ),
    );
  }
  return parsed.properties;
}

/** Keeps the keys the gateway declares; upstream-only tokenizations read as `word`. */
function toDeclared(p: Record<string, unknown>): Record<string, unknown> {
  const tokenization = ["word", "lowercase", "whitespace", "field"].includes(
      p.tokenization as string,
    )
    ? p.tokenization
    : undefined;
  const type = (p.dataType as string[])[0];
  const isText = ["text", "text[]", "string", "string[]"].includes(type);
  return {
    name: p.name,
    dataType: p.dataType,
    ...(typeof p.description === "string" ? { description: p.description } : {}),
    ...(isText && tokenization ? { tokenization } : {}),
    ...(typeof p.indexFilterable === "boolean" ? { indexFilterable: p.indexFilterable } : {}),
    ...(isText && typeof p.indexSearchable === "boolean"
      ? { indexSearchable: p.indexSearchable }
      : {}),
  };
}
