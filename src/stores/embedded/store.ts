/**
 * The embedded, in-process store (the default store): a collection loaded from JSON / JSONL files
 * into memory, searched with exact vector search, a typed-array bm25 index and Weaviate's hybrid
 * fusion.
 *
 * Per plan (spec §1.1, §2.3) the store applies: filter -> search -> thresholds -> sort (list and
 * near*) -> cursor (list) -> `offset + limit` window -> autocut (near*: distances; bm25/hybrid:
 * scores) -> offset. Grouping and reranking are the pipeline's job.
 * @module
 */
import type { Candidate } from "../../core/candidate.ts";
import type { CollectionConfig } from "../../config/types.ts";
import type { QueryPlan, SearchKind } from "../../core/plan.ts";
import { compileFilter } from "../../search/filter.ts";
import { stopwordSet } from "../../search/stopwords.ts";
import { compareBySort, type SortComparator } from "../../search/sort.ts";
import { type Vectorizer, withHeaders } from "../../core/vectorizer.ts";
import type { RetrieveOptions, Retriever, RetrieverCapabilities } from "../../core/retriever.ts";
import { buildBm25Index } from "./bm25.ts";
import { paginate } from "../../search/paginate.ts";
import { candidateMask, type Hit, type StoreState } from "./context.ts";
import { hybridSearch } from "./hybrid.ts";
import { loadObjectsById, type ReadStream, type ReadText, type StoredObject } from "./load.ts";
import { compareIds, positionsById } from "./id_order.ts";
import { type LazyVectorIndex, startVectorIndex } from "./lazy_vectors.ts";
import { nearSearch } from "./near.ts";
import type { VectorIndex } from "./vector_index.ts";

/** Options of {@link createEmbeddedStore}. */
export interface EmbeddedStoreOptions {
  /** The collection; `store.kind` must be `embedded`. */
  readonly collection: CollectionConfig;
  /** Embeds objects without a precomputed vector, nearText and hybrid queries. */
  readonly vectorizer?: Vectorizer;
  /** Reads one (already resolved) file path as text. */
  readonly readText: ReadText;
  /** Opens one file as a byte stream, where the runtime can (JSONL files are then streamed). */
  readonly readStream?: ReadStream;
  readonly signal: AbortSignal;
  /** Creation/update timestamp of all objects (ms); default: the load time. */
  readonly now?: number;
}

/** A loaded embedded store: a {@link Retriever} plus direct access for tests and tools. */
export interface EmbeddedStore extends Retriever {
  /** Number of loaded objects. */
  readonly size: number;
  /** Vector length (0 when no object has a vector, or while the vectors wait for their model). */
  readonly dimensions: number;
  /** The stored object with this id (case-insensitive), if any. */
  get(id: string): StoredObject | undefined;
}

const ALL_MODES: ReadonlySet<SearchKind> = new Set<SearchKind>([
  "list",
  "nearVector",
  "nearObject",
  "nearText",
  "bm25",
  "hybrid",
]);

/** The capabilities of the embedded store: everything. */
export const EMBEDDED_CAPABILITIES: RetrieverCapabilities = {
  modes: ALL_MODES,
  filters: true,
  sort: true,
  groupBy: true,
  cursor: true,
};

/**
 * Loads the collection's files and builds the bm25 and vector indexes. When the vectorizer's model
 * is not on disk yet, the vectors are built at the first search that needs them (`lazy_vectors.ts`).
 */
export async function createEmbeddedStore(opts: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const { collection, vectorizer, signal } = opts;
  const { objects, byId } = await loadObjectsById({
    collection,
    readText: opts.readText,
    readStream: opts.readStream,
    signal,
    now: opts.now,
  });
  signal.throwIfAborted();
  const lazy = await startVectorIndex(objects, { collection, vectorizer, signal });
  signal.throwIfAborted();
  const bm25 = await buildBm25Index(objects, collection);
  signal.throwIfAborted();
  const idOrder = positionsById(objects);
  const state: StoreState = {
    collection,
    objects,
    byId,
    idOrder,
    vectors: lazy.current ?? noVectors(collection),
    bm25,
    vectorizer,
    stopwords: stopwordSet(collection.invertedIndexConfig?.stopwords),
  };

  return {
    capabilities: EMBEDDED_CAPABILITIES,
    size: objects.length,
    get dimensions() {
      return lazy.current?.dimensions ?? 0;
    },
    get: (id) => {
      const i = byId.get(id.toLowerCase());
      return i === undefined ? undefined : objects[i];
    },
    retrieve: async (plan, ropts) => {
      const vectors = (await vectorsFor(plan, lazy, ropts.signal)) ?? state.vectors;
      // The vectorizer of this request carries its headers (provider keys) to nearText/hybrid.
      const v = ropts.headers && vectorizer ? withHeaders(vectorizer, ropts.headers) : vectorizer;
      const s = vectors === state.vectors && v === vectorizer
        ? state
        : { ...state, vectors, vectorizer: v };
      return await retrieve(s, plan, ropts);
    },
  };
}

/**
 * The vectors `plan` needs: near* searches, hybrid with a vector half (`alpha > 0`) and
 * `_additional { vector }` wait for a deferred build (and fail with its error, which names the
 * pull command); list and bm25 never do.
 */
async function vectorsFor(
  plan: QueryPlan,
  lazy: LazyVectorIndex,
  signal: AbortSignal,
): Promise<VectorIndex | undefined> {
  if (lazy.current) return lazy.current;
  const kind = plan.search.kind;
  const needed = kind === "nearVector" || kind === "nearObject" || kind === "nearText" ||
    (plan.search.kind === "hybrid" && plan.search.alpha > 0) || plan.additional.has("vector");
  return needed ? await lazy.get(signal) : undefined;
}

/** The stand-in index while the vectors wait for their model (no query reaches it). */
function noVectors(collection: CollectionConfig): VectorIndex {
  return {
    metric: collection.vectorIndexConfig.distance,
    dimensions: 0,
    vector: () => undefined,
    kernel: false,
    search: () => [],
  };
}

async function retrieve(
  state: StoreState,
  plan: QueryPlan,
  opts: RetrieveOptions,
): Promise<Candidate[]> {
  const { signal } = opts;
  signal.throwIfAborted();
  const { collection, objects } = state;
  if (plan.collection !== collection.class) {
    throw new Error(
      `embedded store of class ${collection.class} cannot serve class ${plan.collection}`,
    );
  }
  const schema = {
    className: collection.class,
    properties: collection.properties,
    stopwords: state.stopwords,
  };
  const filter = plan.filter ? compileFilter(plan.filter, schema) : undefined;
  const sort: SortComparator | undefined = plan.sort?.length
    ? compareBySort(plan.sort, schema)
    : undefined;
  const kind = plan.search.kind;
  if (sort && (kind === "bm25" || kind === "hybrid")) {
    throw new Error(`${kind} search is not compatible with sort`);
  }
  // The unfiltered list is in id order (Weaviate walks its objects bucket by uuid); a filtered one
  // in insertion order, Weaviate's docID order of the allow list (inverted/searcher.go). The
  // searches impose their own order (ties in insertion order).
  const candidates = filter
    ? filtered(insertionOrder(objects.length), (i) => filter(objects[i]), signal)
    : state.idOrder;
  signal.throwIfAborted();

  let hits: Hit[];
  switch (kind) {
    case "list":
      hits = listHits(state, plan, candidates, sort);
      break;
    case "nearVector":
    case "nearObject":
    case "nearText":
      hits = await nearSearch(plan, state, candidates, { signal, sort });
      break;
    case "bm25": {
      const found = state.bm25.search({
        ...plan.search,
        // Autocut and offset work inside the `offset + limit` window.
        limit: plan.offset + plan.limit,
        allowed: filter ? candidateMask(candidates, objects.length) : undefined,
      });
      hits = paginate(found, (h) => h.score, plan).map((h) => ({
        index: h.index,
        score: h.score,
        explainScore: h.explainScore(),
      }));
      break;
    }
    case "hybrid":
      hits = await hybridSearch(plan, state, candidates, signal);
      break;
  }
  signal.throwIfAborted();
  return hits.map((h) => toCandidate(state, plan, h));
}

/** Object positions in load (insertion) order. */
function insertionOrder(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** `order` filtered by `keep`; checks `signal` every 4096 objects so a long scan can be stopped. */
function filtered(
  order: readonly number[],
  keep: (i: number) => boolean,
  signal: AbortSignal,
): number[] {
  const out: number[] = [];
  for (let n = 0; n < order.length; n++) {
    if ((n & 4095) === 4095) signal.throwIfAborted();
    if (keep(order[n])) out.push(order[n]);
  }
  return out;
}

function listHits(
  state: StoreState,
  plan: QueryPlan,
  candidates: readonly number[],
  sort: SortComparator | undefined,
): Hit[] {
  let order = candidates;
  if (sort) order = [...candidates].sort((a, b) => sort(state.objects[a], state.objects[b]));
  if (plan.after !== undefined) {
    const after = plan.after.toLowerCase();
    order = order.filter((i) => compareIds(state.objects[i].id, after) > 0);
  }
  return order.slice(plan.offset, plan.offset + plan.limit).map((index) => ({ index }));
}

function toCandidate(state: StoreState, plan: QueryPlan, hit: Hit): Candidate {
  const object = state.objects[hit.index];
  const properties: Record<string, unknown> = {};
  for (const name of plan.properties) {
    if (Object.hasOwn(object.properties, name)) properties[name] = object.properties[name];
  }
  const vector = plan.additional.has("vector") ? state.vectors.vector(hit.index) : undefined;
  return {
    id: object.id,
    properties,
    ...(vector ? { vector: Array.from(vector) } : {}),
    ...(hit.distance !== undefined ? { distance: hit.distance } : {}),
    ...(hit.certainty !== undefined ? { certainty: hit.certainty } : {}),
    ...(hit.score !== undefined ? { score: hit.score } : {}),
    ...(hit.explainScore !== undefined ? { explainScore: hit.explainScore } : {}),
    creationTimeUnix: object.creationTimeUnix,
    lastUpdateTimeUnix: object.lastUpdateTimeUnix,
  };
}
