/** The Retriever contract against the embedded store (the reference implementation). */
import { createEmbeddedStore } from "../../src/stores/embedded/store.ts";
import { retrieverContract } from "./contract.ts";

retrieverContract("embedded", async (records, collection) => ({
  retriever: await createEmbeddedStore({
    collection,
    readText: () => Promise.resolve(JSON.stringify(records)),
    signal: new AbortController().signal,
    now: 1_700_000_000_000,
  }),
}));
