/**
 * A fake Qdrant v1.19 on 127.0.0.1: `POST /collections/{c}/points/query` (no query = id order;
 * a dense vector = nearest by the embedded store's exact search) and `POST /collections/{c}/points`
 * (points by id). Filters are evaluated with Qdrant's semantics over the payload
 * (`qdrant_filter.ts`); scores are Qdrant's (cosine similarity = 1 - Weaviate's distance).
 * @module
 */
import type { CollectionConfig } from "../../../src/config/types.ts";
import type { AdditionalField, QueryPlan } from "../../../src/core/plan.ts";
import { createEmbeddedStore } from "../../../src/stores/embedded/store.ts";
import { matches } from "./qdrant_filter.ts";
import { type FakeUpstream, startFakeUpstream } from "./server.ts";

type Rec = Readonly<Record<string, unknown>> & { id: string; vector?: readonly number[] };
// deno-lint-ignore no-explicit-any
type J = Record<string, any>;

/** Starts the fake for collection `name` over `records` (cosine only). */
export async function startFakeQdrant(
  records: readonly Rec[],
  collection: CollectionConfig,
  opts: { name: string; apiKey?: string },
): Promise<FakeUpstream> {
  const embedded = {
    ...collection,
    store: { kind: "embedded" as const, files: ["q.json"], idField: "id", vectorField: "vector" },
  };
  const store = await createEmbeddedStore({
    collection: embedded,
    readText: () => Promise.resolve(JSON.stringify(records)),
    signal: new AbortController().signal,
  });
  const byId = new Map(records.map((r) => [r.id, r]));
  const payloadOf = (r: Rec) => {
    const { id: _id, vector: _v, ...payload } = r;
    return payload;
  };
  const base = `/collections/${opts.name}`;
  return startFakeUpstream((path, body, req) => {
    if (opts.apiKey && req.headers.get("api-key") !== opts.apiKey) {
      return Promise.resolve(
        Response.json({ status: { error: "Invalid api-key" } }, { status: 401 }),
      );
    }
    const q: J = JSON.parse(body);
    if (path === `${base}/points`) {
      const points = (q.ids as string[]).filter((id) => byId.has(id)).map((id) => ({
        id,
        vector: byId.get(id)!.vector,
      }));
      return Promise.resolve(Response.json({ result: points, status: "ok", time: 0 }));
    }
    if (path !== `${base}/points/query`) {
      return Promise.resolve(
        Response.json({ status: { error: `Not found: ${path}` } }, { status: 404 }),
      );
    }
    return answerQuery(q);
  }, { status: { error: "Service internal error: boom" }, time: 0 });

  async function answerQuery(q: J): Promise<Response> {
    if (q.prefetch || (q.query && !Array.isArray(q.query))) {
      return Response.json({ status: { error: "unsupported query in fake" } }, { status: 400 });
    }
    const plan: QueryPlan = {
      collection: collection.class,
      search: q.query ? { kind: "nearVector", vector: q.query } : { kind: "list" },
      offset: 0,
      limit: records.length,
      autocut: 0,
      properties: [],
      additional: new Set<AdditionalField>(["id", "distance"]),
    };
    const all = await store.retrieve(plan, { signal: new AbortController().signal });
    let points = all.map((c) => ({ rec: byId.get(c.id)!, score: 1 - (c.distance ?? 0) }))
      .filter((p) => !q.filter || matches(q.filter, p.rec.id, payloadOf(p.rec)));
    if (q.score_threshold !== undefined) {
      points = points.filter((p) => p.score >= q.score_threshold);
    }
    const page = points.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 10));
    const result = page.map(({ rec, score }) => {
      const payload = payloadOf(rec);
      const fields = Array.isArray(q.with_payload)
        ? Object.fromEntries(Object.entries(payload).filter(([k]) => q.with_payload.includes(k)))
        : q.with_payload === true
        ? payload
        : undefined;
      return {
        id: rec.id,
        version: 1,
        ...(q.query ? { score: Math.fround(score) } : { score: 0 }),
        ...(fields ? { payload: fields } : {}),
        ...(q.with_vector ? { vector: rec.vector } : {}),
      };
    });
    return Response.json({ result: { points: result }, status: "ok", time: 0.001 });
  }
}
