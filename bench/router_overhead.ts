/**
 * Router + middleware cost (target G12): the gateway app's `GET /v1/.well-known/live` (CORS and
 * auth middleware, nested routers) vs a bare Hono app with the same single route.
 * @module
 */
import { Hono } from "hono";
import type { BenchTable } from "./report.ts";
import { summarize } from "./stats.ts";

const PATH = "/v1/.well-known/live";

async function perRequestMicros(app: Hono, batches: number, batchSize: number): Promise<number[]> {
  const first = await app.request(PATH);
  if (first.status !== 200) throw new Error(`${PATH}: status ${first.status}, expected 200`);
  const out: number[] = [];
  for (let b = -2; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < batchSize; i++) {
      const res = await app.request(PATH);
      await res.body?.cancel();
    }
    if (b >= 0) out.push(((performance.now() - t0) / batchSize) * 1000);
  }
  return out;
}

/** Options of {@link routerOverheadTable}. */
export interface RouterOverheadOptions {
  readonly gatewayApp: Hono;
  readonly batches: number;
  readonly batchSize: number;
}

/** The table and the gateway's extra µs per request over bare Hono (median batch). */
export interface RouterOverhead {
  readonly table: BenchTable;
  readonly differenceMicros: number;
}

/** µs per request (median and mean of the batch means) for the gateway and a bare Hono app. */
export async function routerOverhead(o: RouterOverheadOptions): Promise<RouterOverhead> {
  const bare = new Hono();
  bare.get(PATH, (c) => c.body(null, 200));
  const rows: string[][] = [];
  const gateway = summarize(await perRequestMicros(o.gatewayApp, o.batches, o.batchSize));
  const plain = summarize(await perRequestMicros(bare, o.batches, o.batchSize));
  rows.push([
    "gateway app (CORS + auth + nested routes)",
    gateway.p50.toFixed(1),
    gateway.mean.toFixed(1),
  ]);
  rows.push(["bare Hono, one route", plain.p50.toFixed(1), plain.mean.toFixed(1)]);
  rows.push([
    "difference (router + middleware)",
    (gateway.p50 - plain.p50).toFixed(1),
    (gateway.mean - plain.mean).toFixed(1),
  ]);
  const table: BenchTable = {
    title: `GET ${PATH} in-process, µs per request (${o.batches} batches of ${o.batchSize})`,
    header: ["app", "median batch µs/req", "mean µs/req"],
    rows,
  };
  return { table, differenceMicros: gateway.p50 - plain.p50 };
}
