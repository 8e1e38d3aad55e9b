/**
 * The Retriever contract against the Weaviate store, through a fake Weaviate (Connect-JSON,
 * protojson as Weaviate v1.38.3+ writes it) answering from the embedded store.
 */
import { createWeaviateStore } from "../../src/stores/weaviate/store.ts";
import { retrieverContract } from "./contract.ts";
import { startFakeWeaviate } from "./fakes/weaviate.ts";

retrieverContract("weaviate", async (records, collection) => {
  const server = await startFakeWeaviate(records, collection, { className: "UpstreamDoc" });
  const retriever = createWeaviateStore({
    collection: {
      ...collection,
      store: { kind: "weaviate", url: server.url, className: "UpstreamDoc", passHeaders: [] },
    },
    timeoutMs: 5000,
  });
  return { retriever, close: () => server.close(), fault: (m) => server.setFault(m) };
});
