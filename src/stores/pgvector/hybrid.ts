/**
 * Hybrid search on Postgres: the full-text half (`textStatement`) and the vector half
 * (`nearStatement`), each limited to `max(offset + limit, 100)` rows, fused in the gateway with
 * Weaviate's `rankedFusion` / `relativeScoreFusion` (src/search/fusion.ts), then windowed, autocut
 * and offset like the embedded store.
 * @module
 */
import type { HybridSearch, QueryPlan } from "../../core/plan.ts";
import { type FusionList, rankedFusion, relativeScoreFusion } from "../../search/fusion.ts";
import { hybridVectorSource, type QueryVectorContext } from "../../search/query_vector.ts";
import { paginate } from "../../search/paginate.ts";
import { nearStatement, rawThreshold, textStatement, weaviateDistance } from "./compile.ts";
import { rowId, rowNumber } from "./decode.ts";
import type { SqlRow } from "./executor.ts";
import type { SqlStatement } from "./sql.ts";
import type { PgTable } from "./table.ts";

const SUB_SEARCH_MINIMUM = 100;

/** A fused row: the SQL row plus its fused score and explanation. */
export interface FusedRow {
  readonly row: SqlRow;
  readonly score: number;
  readonly explainScore: string;
}

/** Runs a hybrid plan: `run` executes one statement. */
export async function hybridRows(
  table: PgTable,
  plan: QueryPlan,
  ctx: QueryVectorContext,
  run: (s: SqlStatement) => Promise<SqlRow[]>,
): Promise<FusedRow[]> {
  const search = plan.search as HybridSearch;
  const alpha = search.alpha;
  if (!(alpha >= 0 && alpha <= 1)) throw new Error("alpha should be between 0.0 and 1.0");
  const window = Math.max(plan.offset + plan.limit, SUB_SEARCH_MINIMUM);
  const source = alpha > 0 ? await hybridVectorSource(search, ctx) : undefined;
  const maxRaw = source && search.maxVectorDistance !== undefined
    ? rawThreshold(table.metric, { distance: search.maxVectorDistance })
    : undefined;
  const keywordSql = alpha < 1
    ? textStatement(table, plan, {
      query: search.query,
      properties: search.properties,
      operator: search.operator,
      limit: window,
      vectorCutoff: source && maxRaw !== undefined ? { vector: source.vector, maxRaw } : undefined,
    })
    : undefined;
  const vectorSql = source
    ? nearStatement(table, plan, {
      vector: source.vector,
      maxRaw: minDefined(rawThreshold(table.metric, source.thresholds), maxRaw),
      limit: window,
    })
    : undefined;
  const [keyword, vector] = await Promise.all([
    keywordSql ? run(keywordSql) : Promise.resolve(undefined),
    vectorSql ? run(vectorSql) : Promise.resolve(undefined),
  ]);
  const rows = new Map<string, SqlRow>();
  const lists: FusionList[] = [];
  if (keyword) {
    lists.push({
      name: "keyword,bm25",
      weight: 1 - alpha,
      kind: "score",
      hits: keyword.map((r) => {
        rows.set(rowId(r), r);
        return { id: rowId(r), value: Math.fround(rowNumber(r, "_s")) };
      }),
    });
  }
  if (vector && source) {
    lists.push({
      name: `vector,${source.name}`,
      weight: alpha,
      kind: "distance",
      hits: vector.map((r) => {
        if (!rows.has(rowId(r))) rows.set(rowId(r), r);
        return { id: rowId(r), value: weaviateDistance(table.metric, rowNumber(r, "_d")) };
      }),
    });
  }
  const fused = search.fusionType === "rankedFusion"
    ? rankedFusion(lists)
    : relativeScoreFusion(lists);
  return paginate(fused, (h) => h.score, plan).map((h) => ({
    row: rows.get(h.id)!,
    score: h.score,
    explainScore: h.explainScore,
  }));
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
