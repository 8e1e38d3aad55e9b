/**
 * The table and closing-note lines of the load benchmark (bench/load.ts).
 * @module
 */
import type { LoadCaseResult } from "./load_result.ts";
import type { BenchTable } from "./report.ts";
import { ms } from "./stats.ts";

/** Id of the floor case (`GET /v1/meta`). */
export const FLOOR_ID = "meta";

const int = (x: number) => Math.round(x).toLocaleString("en-US");
const times = (x: number) => Number.isFinite(x) ? `${x.toFixed(2)}×` : "n/a";

/** One row per case; ratios against the floor case. */
export function loadTable(
  results: readonly LoadCaseResult[],
  labels: ReadonlyMap<string, string>,
): BenchTable {
  const floor = results.find((r) => r.id === FLOOR_ID);
  return {
    title: "Throughput and latency per case (latency in ms)",
    header: [
      "case",
      "requests",
      "req/s",
      "ms per request (1000 ÷ req/s)",
      "p50",
      "p99",
      "max",
      "non-2xx",
      "errors + timeouts",
      "bad bodies",
      "req/s ÷ floor",
      "p50 ÷ floor",
    ],
    rows: results.map((r) => [
      labels.get(r.id) ?? r.id,
      int(r.ok),
      int(r.rps),
      ms(1000 / r.rps),
      ms(r.latency.p50),
      ms(r.latency.p99),
      ms(r.latency.max),
      String(r.non2xx),
      String(r.errors + r.timeouts),
      String(r.mismatches),
      floor ? times(r.rps / floor.rps) : "n/a",
      floor ? times(r.latency.p50 / floor.latency.p50) : "n/a",
    ]),
  };
}

/** Closing-note lines: no §7 target bounds throughput; these give the ratios to the floor. */
export function loadTargets(
  results: readonly LoadCaseResult[],
  labels: ReadonlyMap<string, string>,
  setup: string,
): string[] {
  const floor = results.find((r) => r.id === FLOOR_ID);
  // The text before the first ":" is the line's key (bench/merge_sections.ts): keep it stable.
  return results.filter((r) => r.id !== FLOOR_ID).map((r) =>
    `Load over loopback, ${labels.get(r.id) ?? r.id}: ${int(r.rps)} req/s, p50 ` +
    `${ms(r.latency.p50)} / p99 ${ms(r.latency.p99)} ms` +
    (floor
      ? ` = ${times(r.rps / floor.rps)} the GET /v1/meta floor's ${int(floor.rps)} req/s`
      : "") +
    (r.failures > 0 ? ` (**FAILED: ${r.failures} failed requests**)` : ", 0 failed requests") +
    ` (autocannon, ${setup}; no §7 target bounds throughput)`
  );
}
