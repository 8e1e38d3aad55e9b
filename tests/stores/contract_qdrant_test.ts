/**
 * The Retriever contract against the Qdrant store, through a fake Qdrant (REST v1.19) answering
 * from the embedded store.
 */
import { createQdrantStore, QDRANT_REFUSED_OPERATORS } from "../../src/stores/qdrant/store.ts";
import { retrieverContract } from "./contract.ts";
import { startFakeQdrant } from "./fakes/qdrant.ts";

retrieverContract("qdrant", async (records, collection) => {
  const server = await startFakeQdrant(records, collection, { name: "docs", apiKey: "qk-1234" });
  const retriever = createQdrantStore({
    collection: {
      ...collection,
      store: { kind: "qdrant", url: server.url, collection: "docs", apiKeyEnv: "QDRANT_KEY" },
    },
    env: (name) => (name === "QDRANT_KEY" ? "qk-1234" : undefined),
    timeoutMs: 5000,
  });
  return { retriever, close: () => server.close(), fault: (m) => server.setFault(m) };
}, { unsupportedOperators: QDRANT_REFUSED_OPERATORS });
