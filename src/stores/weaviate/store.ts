/**
 * The Weaviate store: each plan becomes one `weaviate.v1.Weaviate/Search` call in Connect-JSON
 * over `fetch` to `{url}/v1/grpc-web/weaviate.v1.Weaviate/Search` (Weaviate >= v1.38.3, proto
 * package `weaviate.v1`). Works on Deno and Workers alike (no HTTP/2, no protobuf codegen).
 * Search, filters, sort, cursor, offset, limit and autocut run upstream; the gateway groups and
 * reranks the returned page itself, so rerank works on clusters without a reranker module.
 * @module
 */
import { storeConfigOf } from "../../config/store_settings.ts";
import type { WeaviateStoreConfig } from "./config.ts";
import type { Candidate } from "../../core/candidate.ts";
import type { CollectionConfig } from "../../config/types.ts";
import type { QueryPlan, SearchKind } from "../../core/plan.ts";
import type { RetrieveOptions, Retriever, RetrieverCapabilities } from "../../core/retriever.ts";
import { excerpt, postJson } from "../../remote/json_http.ts";
import { decodeSearchReply } from "./decode.ts";
import { weaviateHeaders } from "./headers.ts";
import { buildSearchRequest } from "./request.ts";

/** The Connect route of the gRPC Search method on Weaviate's REST port. */
export const SEARCH_PATH = "/v1/grpc-web/weaviate.v1.Weaviate/Search";

/** Options of {@link createWeaviateStore}. */
export interface WeaviateStoreOptions {
  /** The collection; `store.kind` must be `weaviate`. */
  readonly collection: CollectionConfig;
  readonly env?: (name: string) => string | undefined;
  readonly fetch?: typeof fetch;
  /** `modules.maxResponseBytes`: largest upstream answer read. */
  readonly maxResponseBytes?: number;
  /** Default budget of one call (the store's `timeoutMs` wins). */
  readonly timeoutMs: number;
}

/** Everything a GraphQL `Get` can ask, served upstream. */
export const WEAVIATE_CAPABILITIES: RetrieverCapabilities = {
  modes: new Set<SearchKind>(["list", "nearVector", "nearObject", "nearText", "bm25", "hybrid"]),
  filters: true,
  sort: true,
  groupBy: true,
  cursor: true,
};

/** Creates the store (no I/O: the first query is the first call). */
export function createWeaviateStore(opts: WeaviateStoreOptions): Retriever {
  const { collection } = opts;
  const store: WeaviateStoreConfig = storeConfigOf(collection, "weaviate");
  const upstreamClass = store.className ?? collection.class;
  return {
    capabilities: WEAVIATE_CAPABILITIES,
    async retrieve(plan: QueryPlan, ropts: RetrieveOptions): Promise<Candidate[]> {
      ropts.signal.throwIfAborted();
      const { headers, secrets } = weaviateHeaders(store, opts.env, ropts.headers);
      const timeoutMs = store.timeoutMs ?? opts.timeoutMs;
      const reply = await postJson({
        url: `${store.url}${SEARCH_PATH}`,
        body: buildSearchRequest(plan, { collection: upstreamClass }),
        headers: {
          ...headers,
          "Connect-Protocol-Version": "1",
          "Connect-Timeout-Ms": String(timeoutMs),
        },
        secrets,
        signal: ropts.signal,
        timeoutMs,
        label: "weaviate upstream",
        errorText: connectErrorText,
        maxBytes: opts.maxResponseBytes,
        fetch: opts.fetch,
      });
      try {
        return decodeSearchReply(reply);
      } catch (err) {
        throw new Error(`weaviate upstream: ${(err as Error).message}`);
      }
    },
  };
}

/** A Connect error body `{"code","message"}` as `status 400 invalid_argument: <message>`. */
export function connectErrorText(status: number, body: string): string {
  try {
    const e = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof e?.code === "string") {
      return `status ${status} ${e.code}${typeof e.message === "string" ? `: ${e.message}` : ""}`;
    }
  } catch {
    // not JSON: fall through to the excerpt
  }
  return body.trim() ? `status ${status}: ${excerpt(body)}` : `status ${status}`;
}
