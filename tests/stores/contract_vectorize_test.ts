/** The Retriever contract against the Vectorize store, over the in-memory fake binding. */
import { createVectorizeStore } from "../../src/stores/vectorize/store.ts";
import { retrieverContract } from "./contract.ts";
import { fakeVectorize } from "./vectorize_fake.ts";

retrieverContract(
  "vectorize",
  (records, collection) => {
    const binding = fakeVectorize(records, "cosine");
    const c = {
      ...collection,
      store: { kind: "vectorize" as const, binding: "V", metric: "cosine" as const },
    };
    return Promise.resolve({
      retriever: createVectorizeStore({ collection: c, binding, timeoutMs: 5000 }),
      fault: (mode) => binding.fault(mode),
    });
  },
  { unsupportedOperators: ["Like", "IsNull", "ContainsAll", "ContainsAny", "WithinGeoRange"] },
);
