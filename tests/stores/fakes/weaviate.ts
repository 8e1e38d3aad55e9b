/**
 * A fake Weaviate v1.38.3+ on 127.0.0.1: `POST /v1/grpc-web/weaviate.v1.Weaviate/Search` in
 * Connect-JSON (checks `Connect-Protocol-Version: 1`) and `GET /v1/schema/{class}`, answering from
 * an embedded store over the same records, so results are real data through the real codec.
 * @module
 */
import type { CollectionConfig } from "../../../src/config/types.ts";
import { createEmbeddedStore } from "../../../src/stores/embedded/store.ts";
import type { Vectorizer } from "../../../src/core/vectorizer.ts";
import { type FakeUpstream, startFakeUpstream } from "./server.ts";
import { candidatesToReply, requestToPlan } from "./weaviate_codec.ts";

/** Options of {@link startFakeWeaviate}. */
export interface FakeWeaviateOptions {
  /** Upstream class name (default: the collection's). */
  readonly className?: string;
  readonly vectorizer?: Vectorizer;
  /** Required `Authorization` value, if any. */
  readonly authorization?: string;
}

/** Starts the fake over `records` (the embedded store's raw JSON records). */
export async function startFakeWeaviate(
  records: readonly Record<string, unknown>[],
  collection: CollectionConfig,
  opts: FakeWeaviateOptions = {},
): Promise<FakeUpstream> {
  const embedded = { ...collection, store: embeddedStore() };
  const store = await createEmbeddedStore({
    collection: embedded,
    vectorizer: opts.vectorizer,
    readText: () => Promise.resolve(JSON.stringify(records)),
    signal: new AbortController().signal,
    now: 1_700_000_000_000,
  });
  const className = opts.className ?? collection.class;
  return startFakeUpstream(async (path, body, req) => {
    if (opts.authorization && req.headers.get("authorization") !== opts.authorization) {
      return Response.json({ code: "unauthenticated", message: "unauthorized" }, { status: 401 });
    }
    if (req.method === "GET" && path === `/v1/schema/${className}`) {
      return Response.json({
        class: className,
        properties: [
          ...collection.properties.map((p) => ({
            name: p.name,
            dataType: p.dataType,
            tokenization: p.tokenization,
          })),
          // A cross-reference: the gateway skips it.
          { name: "author", dataType: ["Person"] },
        ],
        vectorIndexConfig: { distance: collection.vectorIndexConfig.distance },
      });
    }
    if (path !== "/v1/grpc-web/weaviate.v1.Weaviate/Search") {
      return Response.json({ code: "not_found", message: path }, { status: 404 });
    }
    if (req.headers.get("connect-protocol-version") !== "1") {
      return Response.json({ message: "treated as REST" }, { status: 415 });
    }
    const request = JSON.parse(body);
    if (request.collection !== className) throw new Error(`no collection ${request.collection}`);
    const plan = requestToPlan(request, embedded);
    const cands = await store.retrieve(plan, { signal: new AbortController().signal });
    // Weaviate returns only what the metadata request asks for.
    const trimmed = cands.map((c) => ({
      ...c,
      ...(plan.additional.has("creationTimeUnix") ? {} : { creationTimeUnix: undefined }),
      ...(plan.additional.has("lastUpdateTimeUnix") ? {} : { lastUpdateTimeUnix: undefined }),
      ...(plan.additional.has("distance") ? {} : { distance: undefined }),
      ...(plan.additional.has("certainty") ? {} : { certainty: undefined }),
      ...(plan.additional.has("score") ? {} : { score: undefined }),
    }));
    return Response.json(candidatesToReply(trimmed, embedded));
  }, { code: "internal", message: "boom: shard down" });
}

function embeddedStore() {
  return { kind: "embedded" as const, files: ["fake.json"], idField: "id", vectorField: "vector" };
}
