/**
 * Data and fakes of the remote-reranker benchmark: fake Cohere servers in a Web Worker
 * (bench/fake_cohere_worker.ts) and three embedded-store classes over the same synthetic
 * Jeopardy-shaped objects, reranked by `reranker-dummy`, by `reranker-cohere` pointed at an
 * instant fake and by `reranker-cohere` pointed at a fake that waits before answering.
 * @module
 */
import { DEFAULT_LIMITS } from "../src/config/default_limits.ts";
import { buildServices } from "../src/pipeline/build_services.ts";
import type { CollectionConfig, GatewayConfig, PropertyConfig } from "../src/config/types.ts";
import type { Services } from "../src/pipeline/services.ts";
import type { FakeCommand, FakeStats } from "./fake_cohere_worker.ts";
import { rng, VOCAB } from "./gateway_fixture.ts";
import { testRuntime } from "../tools/testing/runtime.ts";

/** Class names by reranker. */
export const REMOTE_CLASSES = {
  dummy: "QuestionDummy",
  cohere: "QuestionCohere",
  delayed: "QuestionCohereDelayed",
} as const;

/** Fake Cohere servers running in a worker thread. */
export interface FakeCohere {
  /** One base URL per requested delay, in order. */
  readonly urls: readonly string[];
  /** Calls and handler ms per server since the last call. */
  stats(): Promise<FakeStats[]>;
  /** Closes the servers and terminates the worker. */
  close(): Promise<void>;
}

/** Starts one fake Cohere server per delay (ms before each answer) in a Web Worker. */
export async function startFakeCohere(delaysMs: readonly number[]): Promise<FakeCohere> {
  const worker = new Worker(new URL("./fake_cohere_worker.ts", import.meta.url), {
    type: "module",
  });
  const ask = <T>(msg: FakeCommand) =>
    new Promise<T>((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data as T);
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(`fake Cohere worker: ${e.message}`));
      };
      worker.postMessage(msg);
    });
  try {
    const { urls } = await ask<{ urls: string[] }>({ cmd: "start", delaysMs });
    return {
      urls,
      stats: async () => (await ask<{ stats: FakeStats[] }>({ cmd: "stats" })).stats,
      async close() {
        try {
          await ask({ cmd: "close" });
        } finally {
          worker.terminate();
        }
      },
    };
  } catch (err) {
    worker.terminate();
    throw err;
  }
}

/** Options of {@link buildRemoteServices}. */
export interface RemoteFixtureOptions {
  /** Objects per class; default 2000. */
  readonly objects?: number;
  /** Base URL of the instant fake. */
  readonly cohereUrl: string;
  /** Base URL of the delayed fake. */
  readonly delayedUrl: string;
}

function collection(className: string, reranker: Record<string, unknown>): CollectionConfig {
  const text = (name: string): PropertyConfig => ({
    name,
    dataType: ["text"],
    tokenization: "word",
    indexFilterable: true,
    indexSearchable: true,
  });
  return {
    class: className,
    properties: [text("question"), text("answer")],
    vectorizer: "text2vec-hash",
    moduleConfig: { "text2vec-hash": { dimensions: 384 }, ...reranker },
    vectorIndexConfig: { distance: "cosine" },
    store: { kind: "embedded", files: ["mem:questions"], idField: "id", vectorField: "vector" },
  };
}

/** Builds the three classes through `buildServices` (the Cohere key comes from a fake env). */
export async function buildRemoteServices(opts: RemoteFixtureOptions): Promise<Services> {
  const rand = rng(11);
  const word = () => VOCAB[Math.floor(VOCAB.length * rand() ** 3)];
  const words = (k: number) => Array.from({ length: k }, word).join(" ");
  // Jeopardy-like: a clue of ~12 words and a short answer (the reranked property).
  const records = Array.from(
    { length: opts.objects ?? 2000 },
    () => ({ question: words(12), answer: words(1 + Math.floor(rand() * 4)) }),
  );
  const body = JSON.stringify(records);
  const config: GatewayConfig = {
    collections: [
      collection(REMOTE_CLASSES.dummy, { "reranker-dummy": {} }),
      collection(REMOTE_CLASSES.cohere, { "reranker-cohere": { baseURL: opts.cohereUrl } }),
      collection(REMOTE_CLASSES.delayed, { "reranker-cohere": { baseURL: opts.delayedUrl } }),
    ],
    authentication: { anonymousAccessEnabled: true },
    limits: DEFAULT_LIMITS,
    modules: { allowPrivateBaseUrls: true },
  };
  return await buildServices(config, {
    runtime: testRuntime({
      readText: () => Promise.resolve(body),
      env: (name) => name === "COHERE_APIKEY" ? "bench-fake-key" : undefined,
    }),
  });
}
