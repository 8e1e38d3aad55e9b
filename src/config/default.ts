/**
 * The built-in sample configs, both the `JeopardyQuestion` collection over
 * `data/trivia_sample.json`:
 * - the default (`deno task start`): `text2vec-transformers` with `all-MiniLM-L6-v2` and the local
 *   cross-encoder `reranker-transformers` with `ms-marco-MiniLM-L-6-v2` (pulled at first start);
 *   `gateway.example.json` is the same config written out;
 * - the weightless one, `gateway.offline.json`: `text2vec-hash` + `reranker-dummy`, which needs no
 *   model and no network (demos, tests, air-gapped machines).
 * @module
 */
import type { ProviderCatalog } from "../core/provider.ts";
import { fileURLToPath } from "node:url";
import { ConfigError, parseConfig } from "./schema.ts";
import type { GatewayConfig } from "./types.ts";

/** Where the sample data lives: a file path when the code runs from disk, else the URL. */
export function sampleDataPath(): string {
  const url = new URL("../../data/trivia_sample.json", import.meta.url);
  return url.protocol === "file:" ? fileURLToPath(url) : url.href;
}

/** The neural sample's modules: the MiniLM embedder and the MiniLM cross-encoder. */
const NEURAL_MODULES = {
  vectorizer: "text2vec-transformers",
  moduleConfig: {
    "text2vec-transformers": { model: "all-MiniLM-L6-v2" },
    "reranker-transformers": { model: "ms-marco-MiniLM-L-6-v2" },
  },
} as const;

/** The weightless sample's modules: feature hashing and the byte-length conformance reranker. */
const OFFLINE_MODULES = {
  vectorizer: "text2vec-hash",
  moduleConfig: { "text2vec-hash": {}, "reranker-dummy": {} },
} as const;

/** The sample config as raw JSON with the given modules and `dataFile` as its only store file. */
function sampleRawConfig(
  modules: { vectorizer: string; moduleConfig: Record<string, Record<string, unknown>> },
  dataFile: string,
): Record<string, unknown> {
  return {
    collections: [
      {
        class: "JeopardyQuestion",
        description: "Original trivia clues in the style of Jeopardy! (sample data)",
        properties: [
          { name: "question", dataType: ["text"], description: "The clue" },
          { name: "answer", dataType: ["text"], description: "The correct response" },
          { name: "category", dataType: ["text"], description: "The category of the clue" },
          { name: "value", dataType: ["int"], description: "Dollar value (0 in Final Jeopardy!)" },
          {
            name: "round",
            dataType: ["text"],
            description: "Jeopardy!, Double Jeopardy! or Final",
          },
          { name: "airDate", dataType: ["date"], description: "Air date (illustrative)" },
        ],
        vectorizer: modules.vectorizer,
        moduleConfig: structuredClone(modules.moduleConfig),
        vectorIndexConfig: { distance: "cosine" },
        store: { kind: "embedded", files: [dataFile] },
      },
    ],
    authentication: { anonymousAccessEnabled: true },
  };
}

/** The default (neural) config as raw JSON (before validation). */
export function defaultRawConfig(dataFile: string = sampleDataPath()): Record<string, unknown> {
  return sampleRawConfig(NEURAL_MODULES, dataFile);
}

/** The weightless sample config (`gateway.offline.json`) as raw JSON (before validation). */
export function offlineRawConfig(dataFile: string = sampleDataPath()): Record<string, unknown> {
  return sampleRawConfig(OFFLINE_MODULES, dataFile);
}

function validated(
  raw: Record<string, unknown>,
  source: string,
  catalog: ProviderCatalog<unknown>,
): GatewayConfig {
  const result = parseConfig(raw, catalog);
  if (!result.ok) throw new ConfigError(result.problems, { source });
  return result.config;
}

/** The validated default (neural) config. Computed on call, not at module scope. */
export function defaultConfig(catalog: ProviderCatalog<unknown>): GatewayConfig {
  return validated(defaultRawConfig(), "the built-in default", catalog);
}

/** The validated weightless sample config (what `gateway.offline.json` loads to). */
export function offlineConfig(catalog: ProviderCatalog<unknown>): GatewayConfig {
  return validated(offlineRawConfig(), "the built-in offline sample", catalog);
}
