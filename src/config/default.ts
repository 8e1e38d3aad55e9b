/**
 * The built-in default config: the `JeopardyQuestion` sample collection over
 * `data/jeopardy_sample.json`, vectorized with `text2vec-hash` and reranked by `reranker-dummy`.
 * `gateway.example.json` at the project root is the same config written out as a file.
 * @module
 */
import { fileURLToPath } from "node:url";
import { ConfigError, parseConfig } from "./schema.ts";
import type { GatewayConfig } from "./types.ts";

/** Where the sample data lives: a file path when the code runs from disk, else the URL. */
export function sampleDataPath(): string {
  const url = new URL("../../data/jeopardy_sample.json", import.meta.url);
  return url.protocol === "file:" ? fileURLToPath(url) : url.href;
}

/** The default config as raw JSON (before validation), with `dataFile` as its only store file. */
export function defaultRawConfig(dataFile: string = sampleDataPath()): Record<string, unknown> {
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
        vectorizer: "text2vec-hash",
        moduleConfig: { "text2vec-hash": {}, "reranker-dummy": {} },
        vectorIndexConfig: { distance: "cosine" },
        store: { kind: "embedded", files: [dataFile] },
      },
    ],
    authentication: { anonymousAccessEnabled: true },
  };
}

/** The validated default config. Computed on call, not at module scope. */
export function defaultConfig(): GatewayConfig {
  const result = parseConfig(defaultRawConfig());
  if (!result.ok) throw new ConfigError(result.problems, { source: "the built-in default" });
  return result.config;
}
