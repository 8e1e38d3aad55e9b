/**
 * The pgvector store: a {@link Retriever} over one Postgres table with a pgvector column, through
 * any {@link SqlExecutor} (postgres.js on servers, PGlite in tests). Search, filters, sort, cursor,
 * offset and limit run in SQL; autocut, hybrid fusion, grouping and rerank in the gateway.
 * @module
 */
import { storeConfigOf } from "../../config/store_settings.ts";
import type { PgvectorStoreConfig } from "./config.ts";
import type { Candidate } from "../../core/candidate.ts";
import type { CollectionConfig } from "../../config/types.ts";
import type { QueryPlan, SearchKind } from "../../core/plan.ts";
import { certaintyFromDistance } from "../../search/distance.ts";
import {
  nearTextVector,
  objectVector,
  type QueryVectorContext,
} from "../../search/query_vector.ts";
import { type Vectorizer, withHeaders } from "../../core/vectorizer.ts";
import { paginate } from "../../search/paginate.ts";
import type { RetrieveOptions, Retriever, RetrieverCapabilities } from "../../core/retriever.ts";
import {
  listStatement,
  nearStatement,
  rawThreshold,
  textStatement,
  vectorLookupStatement,
  weaviateDistance,
} from "./compile.ts";
import { decodeValue, MalformedRowError, rowId, rowNumber, rowVector } from "./decode.ts";
import { upstreamError } from "./errors.ts";
import type { SqlExecutor, SqlRow } from "./executor.ts";
import { hybridRows } from "./hybrid.ts";
import { isUuid, type SqlStatement } from "./sql.ts";
import { type PgTable, pgTable } from "./table.ts";

/** Options of {@link createPgvectorStore}. */
export interface PgvectorStoreOptions {
  /** The collection; `store.kind` must be `pgvector`. */
  readonly collection: CollectionConfig;
  readonly executor: SqlExecutor;
  /** Embeds nearText and hybrid queries (the table holds precomputed vectors). */
  readonly vectorizer?: Vectorizer;
  /** Budget of one statement in ms. */
  readonly timeoutMs: number;
}

/** Creates the store; no statement runs until the first query (start-up creates nothing). */
export function createPgvectorStore(opts: PgvectorStoreOptions): Retriever {
  const { collection, executor, vectorizer } = opts;
  const store: PgvectorStoreConfig = storeConfigOf(collection, "pgvector");
  const table = pgTable(collection, store);
  const modes = new Set<SearchKind>(["list", "nearVector", "nearObject", "bm25", "hybrid"]);
  if (vectorizer) modes.add("nearText");
  const capabilities: RetrieverCapabilities = {
    modes,
    filters: true,
    sort: true,
    groupBy: true,
    cursor: true,
    // Postgres full-text search has no "at least n of the terms" operator.
    bm25: { minimumOrTokensMatch: false },
  };
  const timeoutMs = store.timeoutMs ?? opts.timeoutMs;

  async function run(s: SqlStatement, signal: AbortSignal): Promise<SqlRow[]> {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const rows = await executor.query(s.text, s.params, {
        signal: AbortSignal.any([signal, timeout]),
      });
      if (!Array.isArray(rows)) throw new Error("the driver returned no rows array");
      return rows;
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      throw upstreamError(err, { className: table.className, timeoutMs, timeout });
    }
  }

  return {
    capabilities,
    async retrieve(plan, { signal, headers }: RetrieveOptions) {
      signal.throwIfAborted();
      if (plan.collection !== collection.class) {
        throw new Error(
          `pgvector store of class ${collection.class} cannot serve ${plan.collection}`,
        );
      }
      const exec = (s: SqlStatement) => run(s, signal);
      try {
        const v = vectorizer && headers ? withHeaders(vectorizer, headers) : vectorizer;
        return await retrieve(table, plan, { exec, vectorizer: v, signal });
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        if (err instanceof MalformedRowError) {
          throw upstreamError(err, {
            className: table.className,
            timeoutMs,
            timeout: new AbortController().signal,
          });
        }
        throw err;
      }
    },
  };
}

interface Ctx {
  readonly exec: (s: SqlStatement) => Promise<SqlRow[]>;
  readonly vectorizer?: Vectorizer;
  readonly signal: AbortSignal;
}

async function retrieve(table: PgTable, plan: QueryPlan, ctx: Ctx): Promise<Candidate[]> {
  const kind = plan.search.kind;
  if (plan.sort?.length && (kind === "bm25" || kind === "hybrid")) {
    throw new Error(`${kind} search is not compatible with sort`);
  }
  if (plan.after !== undefined && !isUuid(plan.after)) {
    throw new Error(`after: ${JSON.stringify(plan.after)} is not a UUID`);
  }
  const qctx: QueryVectorContext = {
    className: table.className,
    vectorizer: ctx.vectorizer,
    signal: ctx.signal,
    lookup: async (id) => {
      if (!isUuid(id)) return undefined;
      const [row] = await ctx.exec(vectorLookupStatement(table, id));
      return row ? (rowVector(row) ?? null) : undefined;
    },
  };
  const toCandidate = (row: SqlRow, extra: Partial<Candidate>) =>
    candidate(table, plan, row, extra);
  switch (plan.search.kind) {
    case "list":
      return (await ctx.exec(listStatement(table, plan))).map((r) => toCandidate(r, {}));
    case "nearVector":
    case "nearObject":
    case "nearText": {
      const s = plan.search;
      if (plan.additional.has("certainty") && table.metric !== "cosine") {
        throw new Error(
          `can't compute and return certainty when vector index is configured with ${table.metric} distance`,
        );
      }
      const vector = s.kind === "nearVector"
        ? s.vector
        : s.kind === "nearObject"
        ? await objectVector(s.id, qctx)
        : await nearTextVector(s, qctx);
      const rows = await ctx.exec(nearStatement(table, plan, {
        vector,
        maxRaw: rawThreshold(table.metric, s),
        limit: plan.offset + plan.limit,
        sort: plan.sort,
      }));
      const hits = rows.map((row) => ({
        row,
        distance: weaviateDistance(table.metric, rowNumber(row, "_d")),
      }));
      return paginate(hits, (h) => h.distance, plan).map((h) =>
        toCandidate(h.row, {
          distance: h.distance,
          ...(table.metric === "cosine" ? { certainty: certaintyFromDistance(h.distance) } : {}),
        })
      );
    }
    case "bm25": {
      const s = plan.search;
      const statement = textStatement(table, plan, { ...s, limit: plan.offset + plan.limit });
      const rows = statement ? await ctx.exec(statement) : [];
      const hits = rows.map((row) => ({ row, score: Math.fround(rowNumber(row, "_s")) }));
      return paginate(hits, (h) => h.score, plan).map((h) =>
        toCandidate(h.row, { score: h.score })
      );
    }
    case "hybrid": {
      const fused = await hybridRows(table, plan, qctx, ctx.exec);
      return fused.map((f) => toCandidate(f.row, { score: f.score, explainScore: f.explainScore }));
    }
  }
}

function candidate(
  table: PgTable,
  plan: QueryPlan,
  row: SqlRow,
  extra: Partial<Candidate>,
): Candidate {
  const properties: Record<string, unknown> = {};
  plan.properties.forEach((name, i) => {
    const column = table.columns.get(name);
    if (!column) return;
    const v = decodeValue(column, row[`c${i}`]);
    if (v !== undefined) properties[name] = v;
  });
  const vector = plan.additional.has("vector") ? rowVector(row) : undefined;
  return { id: rowId(row), properties, ...(vector ? { vector } : {}), ...extra };
}
