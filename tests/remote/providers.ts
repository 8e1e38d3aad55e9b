/**
 * Every remote provider that takes a per-request base URL header, built the same way, so that one
 * test can run against all of them: the Cohere reranker and embedder (SDK path) and the Jina,
 * Voyage and Mixedbread rerankers (plain fetch).
 */
import { createCohereReranker } from "../../src/rerankers/cohere.ts";
import { createHttpReranker } from "../../src/rerankers/http.ts";
import { JINAAI, MIXEDBREAD, VOYAGEAI } from "../../src/rerankers/http_protocols.ts";
import { createCohereVectorizer } from "../../src/vectorizers/cohere.ts";
import type { HostResolver } from "../../src/core/runtime.ts";
import type { FakeHandler } from "../rerankers/fake_server.ts";
import {
  cohereHandler,
  jinaHandler,
  mixedbreadHandler,
  voyageHandler,
} from "../rerankers/fakes.ts";
import { cohereEmbedHandler } from "../vectorizers/fakes.ts";

/** What a test may set on a provider. */
export interface ProviderSetup {
  readonly baseURL: string;
  readonly env?: (name: string) => string | undefined;
  readonly timeoutMs?: number;
  readonly allowPrivateBaseUrls?: boolean;
  readonly baseUrlAllowList?: readonly string[];
  readonly maxResponseBytes?: number;
  readonly resolveHost?: HostResolver;
}

/** One provider under test. */
export interface ProviderCase {
  readonly name: string;
  /** Lower-cased request headers. */
  readonly keyHeader: string;
  readonly baseUrlHeader: string;
  /** The env variable the provider reads its operator key from. */
  readonly envName: string;
  /** Path the provider appends to the base URL. */
  readonly path: string;
  /** Answers like the real provider. */
  readonly handler: FakeHandler;
  /** Builds the provider and returns one call with the given request headers. */
  make(setup: ProviderSetup): (headers: Record<string, string>) => Promise<unknown>;
}

const DOCS = ["the Montgolfier brothers", "a hot-air balloon", "Zeppelin"];

function common(setup: ProviderSetup) {
  return {
    baseURL: setup.baseURL,
    env: setup.env ?? (() => undefined),
    timeoutMs: setup.timeoutMs ?? 5000,
    allowPrivateBaseUrls: setup.allowPrivateBaseUrls,
    baseUrlAllowList: setup.baseUrlAllowList,
    maxResponseBytes: setup.maxResponseBytes,
    resolveHost: setup.resolveHost,
  };
}

function rerankCall(reranker: { rerank: (q: string, d: readonly string[], o: never) => unknown }) {
  return (headers: Record<string, string>) =>
    Promise.resolve(
      reranker.rerank("floating", DOCS, { signal: new AbortController().signal, headers } as never),
    );
}

/** The Cohere reranker, the Cohere embedder and the Jina, Voyage and Mixedbread rerankers. */
export const PROVIDERS: readonly ProviderCase[] = [
  {
    name: "reranker-cohere",
    keyHeader: "x-cohere-api-key",
    baseUrlHeader: "x-cohere-baseurl",
    envName: "COHERE_APIKEY",
    path: "/v2/rerank",
    handler: cohereHandler,
    make: (setup) => rerankCall(createCohereReranker(common(setup))),
  },
  {
    name: "text2vec-cohere",
    keyHeader: "x-cohere-api-key",
    baseUrlHeader: "x-cohere-baseurl",
    envName: "COHERE_APIKEY",
    path: "/v2/embed",
    handler: cohereEmbedHandler,
    make(setup) {
      const v = createCohereVectorizer(common(setup));
      return (headers) =>
        v.vectorize(["a hot-air balloon"], { signal: new AbortController().signal, headers });
    },
  },
  ...[
    { protocol: JINAAI, handler: jinaHandler, env: "JINAAI_APIKEY" },
    { protocol: VOYAGEAI, handler: voyageHandler, env: "VOYAGEAI_APIKEY" },
    { protocol: MIXEDBREAD, handler: mixedbreadHandler, env: "MIXEDBREAD_APIKEY" },
  ].map(({ protocol, handler, env }): ProviderCase => ({
    name: protocol.module,
    keyHeader: protocol.key!.header.toLowerCase(),
    baseUrlHeader: protocol.baseUrlHeader!.toLowerCase(),
    envName: env,
    path: protocol.path,
    handler,
    make: (setup) => rerankCall(createHttpReranker(protocol, common(setup))),
  })),
];
