/**
 * The module catalogue: every Weaviate module name the config accepts, whether this build ships
 * it, its `/v1/meta` entry and how its class-level options are checked. Adding a provider means
 * adding (or flipping `available` on) one entry here.
 * @module
 */
import { optionChecker, type OptionContext, type OptionProblem } from "./module_options.ts";
import {
  transformersRerankerOptions,
  transformersVectorizerOptions,
} from "./transformers_options.ts";

/** One problem with a module's options, and what a check may read (re-exported for the rules). */
export type { OptionContext, OptionProblem };

/** What a module does; decides where its name may appear in a class config. */
export type ModuleKind = "reranker" | "vectorizer";

/** A known module. */
export interface ModuleInfo {
  readonly kind: ModuleKind;
  /** False = a later build adds it; the config names it but refuses it as "not available yet". */
  readonly available: boolean;
  /** The module's entry under `modules` in `GET /v1/meta`. */
  readonly meta: { readonly name: string; readonly documentationHref: string };
  /** Request header that carries the provider key, for the "secrets" hint. */
  readonly apiKeyHeader?: string;
  /** Checks the class-level options (`moduleConfig[<name>]`); absent = not checked yet. */
  readonly checkOptions?: (
    options: Readonly<Record<string, unknown>>,
    context?: OptionContext,
  ) => OptionProblem[];
}

function noOptions(options: Readonly<Record<string, unknown>>): OptionProblem[] {
  return Object.keys(options).map((key) => ({
    key,
    message: "unknown option (this module takes none)",
  }));
}

/** `text2vec-hash` takes `{dimensions?: int 8..4096}`. */
function hashOptions(options: Readonly<Record<string, unknown>>): OptionProblem[] {
  const problems: OptionProblem[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (key !== "dimensions") {
      problems.push({ key, message: 'unknown option (expected "dimensions")' });
    } else if (!Number.isInteger(value) || (value as number) < 8 || (value as number) > 4096) {
      problems.push({
        key,
        message: `must be an integer between 8 and 4096, got ${JSON.stringify(value)}`,
      });
    }
  }
  return problems;
}

/** A hosted rerank API: `{model?, baseURL?, apiKeyEnv?, timeoutMs?}`, key from `header`. */
function hostedReranker(meta: ModuleInfo["meta"], header: string): ModuleInfo {
  return {
    kind: "reranker",
    available: true,
    meta,
    apiKeyHeader: header,
    checkOptions: optionChecker({
      model: "string",
      baseURL: "url",
      apiKeyEnv: "envName",
      timeoutMs: "positiveInt",
    }),
  };
}

/** Every module name the config knows, keyed by Weaviate module name. */
export const MODULES: Readonly<Record<string, ModuleInfo>> = {
  "reranker-dummy": {
    kind: "reranker",
    available: true,
    meta: {
      name: "Reranker - Dummy",
      documentationHref: "https://weaviate.io/developers/weaviate/modules",
    },
    checkOptions: noOptions,
  },
  "reranker-transformers": {
    kind: "reranker",
    available: true,
    meta: {
      name: "Reranker - Transformers",
      documentationHref: "https://www.sbert.net/docs/cross_encoder/pretrained_models.html",
    },
    checkOptions: transformersRerankerOptions,
  },
  "reranker-tei": {
    kind: "reranker",
    available: true,
    meta: {
      name: "Reranker - Text Embeddings Inference",
      documentationHref: "https://huggingface.co/docs/text-embeddings-inference",
    },
    apiKeyHeader: "X-Huggingface-Api-Key",
    checkOptions: optionChecker({
      url: "url",
      apiKeyEnv: "envName",
      batchSize: "positiveInt",
      timeoutMs: "positiveInt",
    }, ["url"]),
  },
  "reranker-jinaai": hostedReranker(
    { name: "Reranker - JinaAI", documentationHref: "https://jina.ai/reranker" },
    "X-Jinaai-Api-Key",
  ),
  "reranker-voyageai": hostedReranker(
    {
      name: "Reranker - VoyageAI",
      documentationHref: "https://docs.voyageai.com/reference/reranker-api",
    },
    "X-Voyageai-Api-Key",
  ),
  "reranker-workers-ai": {
    kind: "reranker",
    available: true,
    meta: {
      name: "Reranker - Cloudflare Workers AI",
      documentationHref: "https://developers.cloudflare.com/workers-ai/models/bge-reranker-base/",
    },
    checkOptions: optionChecker({ model: "string", timeoutMs: "positiveInt" }),
  },
  "reranker-mixedbread": hostedReranker(
    {
      name: "Reranker - Mixedbread",
      documentationHref: "https://www.mixedbread.com/api-reference/endpoints/reranking",
    },
    "X-Mixedbread-Api-Key",
  ),
  "reranker-cohere": {
    kind: "reranker",
    available: true,
    meta: { name: "Reranker - Cohere", documentationHref: "https://txt.cohere.com/rerank/" },
    apiKeyHeader: "X-Cohere-Api-Key",
    checkOptions: optionChecker({
      model: "string",
      baseURL: "url",
      apiKeyEnv: "envName",
      timeoutMs: "positiveInt",
    }),
  },
  "text2vec-hash": {
    kind: "vectorizer",
    available: true,
    meta: {
      name: "Text2Vec - Hash (lexical feature hashing, built into rerank-gateway)",
      documentationHref: "https://en.wikipedia.org/wiki/Feature_hashing",
    },
    checkOptions: hashOptions,
  },
  "text2vec-transformers": {
    kind: "vectorizer",
    available: true,
    meta: {
      name: "Text2Vec - Transformers",
      documentationHref: "https://weaviate.io/developers/weaviate/modules",
    },
    checkOptions: transformersVectorizerOptions,
  },
  "text2vec-cohere": {
    kind: "vectorizer",
    available: true,
    meta: {
      name: "Cohere Module",
      documentationHref: "https://docs.cohere.ai/embedding-wiki/",
    },
    apiKeyHeader: "X-Cohere-Api-Key",
    checkOptions: optionChecker({
      model: "string",
      baseURL: "url",
      apiKeyEnv: "envName",
      timeoutMs: "positiveInt",
      dimensions: "positiveInt",
    }),
  },
  "text2vec-workers-ai": {
    kind: "vectorizer",
    available: true,
    meta: {
      name: "Text2Vec - Cloudflare Workers AI",
      documentationHref: "https://developers.cloudflare.com/workers-ai/models/bge-base-en-v1.5/",
    },
    checkOptions: optionChecker({
      model: "string",
      timeoutMs: "positiveInt",
      dimensions: "positiveInt",
    }),
  },
};

/** Names of the modules of `kind` that this build ships, sorted. */
export function availableModules(kind: ModuleKind): string[] {
  return Object.entries(MODULES)
    .filter(([, m]) => m.kind === kind && m.available)
    .map(([name]) => name)
    .sort();
}
