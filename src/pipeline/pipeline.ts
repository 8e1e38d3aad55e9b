/**
 * The per-class pipeline: retrieve -> (group) -> rerank the page once -> stable sort by score.
 * Order of operations per search path follows Weaviate (spec §2.3): bm25 reranks objects before
 * grouping; every other path groups first and reranks the groups by their first hit.
 * @module
 */
import type { Candidate, Group } from "../core/candidate.ts";
import type { CollectionConfig } from "../config/types.ts";
import { QueryError } from "../errors/query_error.ts";
import { queryError } from "../errors/query_errors.ts";
import { autocut } from "../search/autocut.ts";
import { checkCapabilities } from "./capabilities.ts";
import type { QueryPlan, RerankSpec, SearchKind } from "../core/plan.ts";
import type { Reranker } from "../core/reranker.ts";
import { elapsedMs, type RequestTelemetry } from "../core/telemetry.ts";
import { groupCandidates } from "../search/group_by.ts";
import type { Collection } from "./services.ts";

/** One element of a result page: an object, or a group represented by its first hit. */
export interface PageItem {
  readonly candidate?: Candidate;
  readonly group?: Group;
  /** Set when the page was reranked. */
  readonly rerankScore?: number;
}

/** Options of {@link runPipeline}. */
export interface PipelineOptions {
  readonly signal: AbortSignal;
  /** Request headers (lower-cased), for providers that take keys from `X-*` headers. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Reports a problem that did not stop the answer (the rerank timeout fallback); it becomes a
   * GraphQL error entry beside the class's data.
   */
  readonly warn?: (message: string) => void;
  /** Stage timings and metrics of the request (retrieve, rerank, upstream errors). */
  readonly telemetry?: RequestTelemetry;
}

/** Weaviate's error prefix for module (`extend`) errors, which depends on the search path. */
export function extendPrefix(kind: SearchKind): string {
  switch (kind) {
    case "nearVector":
    case "nearObject":
    case "nearText":
      return "explorer: get class: concurrentTargetVectorSearch): explorer: get class: extend: ";
    case "bm25":
      return "explorer: get class: extend: ";
    case "list":
    case "hybrid":
      return "explorer: list class: extend: ";
  }
}

/** Text properties are the only ones whose values reach the reranker (Go `string` values). */
function documentOf(
  c: CollectionConfig,
  property: string,
  candidate: Candidate | undefined,
): string {
  const def = c.properties.find((p) => p.name === property);
  if (!def || (def.dataType[0] !== "text" && def.dataType[0] !== "string")) return "";
  const v = candidate?.properties[property];
  return typeof v === "string" ? v : "";
}

/** The text values at a dotted path (`author.name`): strings, or the strings of a list. */
function valuesAt(value: unknown, path: readonly string[]): string[] {
  if (path.length === 0) {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, path));
  if (typeof value !== "object" || value === null) return [];
  return valuesAt((value as Record<string, unknown>)[path[0]], path.slice(1));
}

/** The extensions' document: the text at each path, joined with `\n` (missing ones skipped). */
function joinedDocument(paths: readonly string[], candidate: Candidate | undefined): string {
  const props = candidate?.properties ?? {};
  return paths.flatMap((p) => valuesAt(props, p.split("."))).join("\n");
}

/** Waits for `promise`, at most `ms` (then resolves `timedOut`); the timer never outlives it. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof timedOut> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof timedOut>((resolve) => {
    timer = setTimeout(() => resolve(timedOut), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
const timedOut = Symbol("timedOut");

async function rerank(
  items: PageItem[],
  spec: RerankSpec,
  collection: Collection,
  kind: SearchKind,
  opts: PipelineOptions,
): Promise<PageItem[]> {
  if (items.length === 0) return items;
  const prefix = extendPrefix(kind);
  if (!spec.property && !spec.properties) throw queryError("rerank_no_property", prefix);
  const reranker: Reranker | undefined = collection.reranker;
  if (!reranker) throw queryError("rerank_no_reranker", prefix);
  const property = spec.property;
  const paths = spec.properties ??
    (property !== undefined && property.includes(".") ? [property] : undefined);
  const docs = items.map((i) =>
    paths
      ? joinedDocument(paths, i.candidate)
      : documentOf(collection.config, property!, i.candidate)
  );
  // With timeoutMs the call is also aborted when it is past (a provider honouring the signal).
  const timer = spec.timeoutMs !== undefined ? new AbortController() : undefined;
  const signal = timer ? AbortSignal.any([opts.signal, timer.signal]) : opts.signal;
  let answer: Awaited<ReturnType<Reranker["rerank"]>> | typeof timedOut;
  let call: ReturnType<Reranker["rerank"]> | undefined;
  const started = performance.now();
  try {
    call = reranker.rerank(spec.query, docs, { signal, headers: opts.headers });
    answer = spec.timeoutMs !== undefined ? await within(call, spec.timeoutMs) : await call;
  } catch (err) {
    if (!opts.signal.aborted) opts.telemetry?.upstreamError(reranker.name);
    const msg = err instanceof Error ? err.message : String(err);
    throw queryError("rerank_failed", prefix, msg);
  } finally {
    const ms = elapsedMs(started);
    opts.telemetry?.stage("rerank", ms);
    opts.telemetry?.reranked(reranker.name, docs.length, ms);
  }
  if (answer === timedOut) {
    timer!.abort();
    call!.catch(() => {});
    opts.signal.throwIfAborted();
    if (spec.onTimeout !== "retrievalOrder") {
      throw queryError("rerank_timeout", prefix, spec.timeoutMs!);
    }
    opts.warn?.(queryError("rerank_timeout_fallback", spec.timeoutMs!).message);
    return items;
  }
  const scores = answer;
  const byIndex = new Array<number>(items.length);
  for (const s of scores) byIndex[s.index] = s.score;
  if (byIndex.some((s) => s === undefined) || scores.length !== items.length) {
    throw queryError("rerank_score_count", prefix, scores.length, items.length);
  }
  const scored = items.map((item, i) => ({ ...item, rerankScore: byIndex[i] }));
  // Array.prototype.sort is stable: ties keep retrieval order (Weaviate's order on ties is unspecified).
  let ranked = scored.sort((a, b) => b.rerankScore - a.rerankScore);
  if (spec.minScore !== undefined) ranked = ranked.filter((i) => i.rerankScore >= spec.minScore!);
  if (spec.autocut !== undefined) {
    ranked = ranked.slice(0, autocut(ranked.map((i) => i.rerankScore), spec.autocut));
  }
  return ranked;
}

/** Runs one plan against its collection and returns the final page. */
export async function runPipeline(
  plan: QueryPlan,
  collection: Collection,
  opts: PipelineOptions,
): Promise<PageItem[]> {
  checkCapabilities(plan, collection.retriever.capabilities);
  opts.signal.throwIfAborted();
  // The rerank window: retrieve the first `window` candidates, rerank them all, cut the page after.
  const window = plan.rerank?.window;
  const retrieval = window !== undefined ? { ...plan, offset: 0, limit: window } : plan;
  const started = performance.now();
  let candidates;
  try {
    candidates = await collection.retriever.retrieve(retrieval, {
      signal: opts.signal,
      headers: opts.headers,
    });
  } catch (err) {
    // A query the store refuses is the client's; anything else is the store failing.
    if (!(err instanceof QueryError) && !opts.signal.aborted) {
      opts.telemetry?.upstreamError(collection.config.store.kind);
    }
    throw err;
  } finally {
    const ms = elapsedMs(started);
    opts.telemetry?.stage("retrieve", ms);
    opts.telemetry?.retrieved(collection.config.class, collection.config.store.kind, ms);
  }
  // Between stages: a request past its deadline (or whose client left) stops here.
  opts.signal.throwIfAborted();
  const kind = plan.search.kind;
  if (plan.groupBy && kind === "bm25") {
    let items: PageItem[] = candidates.map((candidate) => ({ candidate }));
    if (plan.rerank) items = await rerank(items, plan.rerank, collection, kind, opts);
    const scoreOf = new Map(items.map((i) => [i.candidate!.id, i.rerankScore]));
    return groupCandidates(items.map((i) => i.candidate!), plan.groupBy).map((group) => ({
      group,
      candidate: group.hits[0],
      ...(plan.rerank ? { rerankScore: scoreOf.get(group.hits[0]?.id ?? "") } : {}),
    }));
  }
  let items: PageItem[] = plan.groupBy
    ? groupCandidates(candidates, plan.groupBy).map((group) => ({
      group,
      candidate: group.hits[0],
    }))
    : candidates.map((candidate) => ({ candidate }));
  opts.signal.throwIfAborted();
  if (plan.rerank) items = await rerank(items, plan.rerank, collection, kind, opts);
  if (window !== undefined) items = items.slice(plan.offset, plan.offset + plan.limit);
  return items;
}
