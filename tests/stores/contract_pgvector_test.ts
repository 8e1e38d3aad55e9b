/** The Retriever contract against the pgvector store, on PGlite + pgvector (one per file). */
import { createPgvectorStore } from "../../src/stores/pgvector/store.ts";
import { retrieverContract } from "./contract.ts";
import { faultyExecutor, pglite, pgStore, seedTable } from "./pgvector_fixture.ts";

retrieverContract("pgvector", async (records, collection) => {
  const db = await pglite();
  const c = { ...collection, store: pgStore("contract_docs") };
  await seedTable(db, c, records);
  const executor = faultyExecutor(db);
  return {
    retriever: createPgvectorStore({ collection: c, executor, timeoutMs: 5000 }),
    fault: (mode) => executor.fault(mode),
  };
});
