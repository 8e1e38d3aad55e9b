/**
 * The gateway benchmark's tables: the headline (p50 of the three handlers side by side, and the
 * gateway's own CPU, excluding store and rerank, against target G11 of the performance spec:
 * ≤ 0.5 ms p50 and ≤ 2 ms p99 for a 384-d `nearVector` with ≤ 100 results, ≤ 1 ms p50 for a
 * 1536-d literal), the per-request table, the response bodies and the "slower than" reading.
 * @module
 */
import type { CaseResult } from "./gateway_results.ts";
import type { BenchTable } from "./report.ts";
import { ms, ratio } from "./stats.ts";

/** A G11 bound for one case, if G11 covers it. */
export interface G11Target {
  readonly p50: number;
  readonly p99?: number;
}

/** The G11 bound that applies to a case (nearVector cases only). */
export function g11Target(r: CaseResult): G11Target | undefined {
  if (!r.case.id.startsWith("nearVector")) return undefined;
  if (r.case.dimensions === 384 && r.case.expectedResults <= 100) return { p50: 0.5, p99: 2 };
  if (r.case.dimensions === 1536) return { p50: 1 };
  return undefined;
}

/** "met" or "MISSED (...)" for the gateway's own time in a case. */
export function g11Verdict(r: CaseResult): string {
  const target = g11Target(r);
  if (!target) return "n/a (G11 is stated for nearVector)";
  const own = r.handlers[0].own;
  const misses: string[] = [];
  if (own.p50 > target.p50) misses.push(`p50 ${ms(own.p50)} > ${target.p50}`);
  if (target.p99 !== undefined && own.p99 > target.p99) {
    misses.push(`p99 ${ms(own.p99)} > ${target.p99}`);
  }
  const bound = `p50 ≤ ${target.p50}` + (target.p99 !== undefined ? `, p99 ≤ ${target.p99}` : "");
  return misses.length === 0 ? `met (${bound})` : `MISSED: ${misses.join(", ")}`;
}

/**
 * Issue 14's bound on (a)'s own p50 as a fraction of (b)'s, for the repeated-document 384-d
 * `nearVector` cases it was measured on: <= 0.25x at 10 results, <= 0.5x at 100.
 */
export function ownRatioTarget(r: CaseResult): number | undefined {
  if (!r.case.id.startsWith("nearVector") || r.case.dimensions !== 384 || r.case.unique) {
    return undefined;
  }
  return r.case.expectedResults <= 10 ? 0.25 : r.case.expectedResults <= 100 ? 0.5 : undefined;
}

/** (a)'s own p50 ÷ (b)'s. */
export function ownRatio(r: CaseResult): number {
  return r.handlers[0].own.p50 / r.handlers[1].own.p50;
}

/** True when a case has issue 14's own-time bound and (a) is above it. */
export function ownRatioMissed(r: CaseResult): boolean {
  const bound = ownRatioTarget(r);
  return bound !== undefined && ownRatio(r) > bound;
}

/** "met (<= 0.25x)" / "MISSED (...)" / "n/a" for issue 14's own-time ratio. */
export function ownRatioVerdict(r: CaseResult): string {
  const bound = ownRatioTarget(r);
  if (bound === undefined) {
    return r.case.unique ? "n/a (unique vectors: parse + validate every request)" : "n/a";
  }
  return ownRatioMissed(r) ? `MISSED: ${ownRatio(r).toFixed(2)}× > ${bound}×` : `met (≤ ${bound}×)`;
}

/** One row per case: the three p50s, the ratios and the G11 verdict. */
export function verdictTable(results: readonly CaseResult[]): BenchTable {
  return {
    title: "Headline: p50 ms per request; own = excl. store+rerank; (a)'s own time vs target G11",
    header: [
      "case",
      "(a) gateway",
      "(b) hono/graphql-server",
      "(c) floor",
      "(a) ÷ (b)",
      "(a) ÷ (c)",
      "(a) own p50",
      "(b) own p50",
      "own (a) ÷ (b)",
      "(a) own p99",
      "G11",
      "own ratio (issue 14)",
    ],
    rows: results.map((r) => {
      const [a, b, c] = r.handlers;
      return [
        r.case.label,
        ms(a.total.p50),
        ms(b.total.p50),
        ms(c.total.p50),
        ratio(a.total.p50, b.total.p50),
        ratio(a.total.p50, c.total.p50),
        ms(a.own.p50),
        ms(b.own.p50),
        ratio(a.own.p50, b.own.p50),
        ms(a.own.p99),
        g11Verdict(r),
        ownRatioVerdict(r),
      ];
    }),
    leftColumns: [0, 10, 11],
  };
}

/** Every case × handler: p50 / p99 / mean, own times and ratios. */
export function latencyTable(results: readonly CaseResult[], iterations: number, warmup: number) {
  const rows: string[][] = [];
  for (const r of results) {
    const [, b, c] = r.handlers;
    for (const h of r.handlers) {
      rows.push([
        r.case.label,
        h.handler,
        ms(h.total.p50),
        ms(h.total.p99),
        ms(h.total.mean),
        ms(h.own.p50),
        ms(h.own.p99),
        ratio(h.total.p50, b.total.p50),
        ratio(h.total.p50, c.total.p50),
      ]);
    }
  }
  const table: BenchTable = {
    title: `Per-request time in ms, ${iterations} requests per handler and case after ${warmup} ` +
      `warm-up requests`,
    header: [
      "case",
      "handler",
      "p50",
      "p99",
      "mean",
      "p50 excl. store+rerank",
      "p99 excl. store+rerank",
      "p50 ÷ (b)",
      "p50 ÷ (c)",
    ],
    rows,
    leftColumns: [0, 1],
  };
  return table;
}

/** Says where (a) is slower than (b) at p50, and why as far as the other tables show. */
export function slowerThanNaive(results: readonly CaseResult[]): string {
  const p50 = (r: CaseResult, h: number, key: "total" | "own") => r.handlers[h][key].p50;
  const own = results.filter((r) => p50(r, 0, "own") > p50(r, 1, "own"));
  const totalOnly = results.filter((r) =>
    p50(r, 0, "total") > p50(r, 1, "total") && p50(r, 0, "own") <= p50(r, 1, "own")
  );
  const parts: string[] = [];
  if (own.length === 0) {
    parts.push("(a)'s own time (excl. store+rerank) is below (b)'s in every case.");
  } else {
    const list = own.map((r) =>
      `${r.case.label} (own ${ratio(p50(r, 0, "own"), p50(r, 1, "own"))})`
    );
    parts.push(`(a) is slower than (b) at p50 in: ${list.join("; ")}.`);
    parts.push(
      own.every((r) => r.case.unique)
        ? "These are the unique-vector cases: the document cache cannot hit, so both handlers " +
          "parse and validate every request, and (a) additionally pays its CORS + auth " +
          "middleware (last table), the Weaviate encoder (encoding table) and the LRU insertion " +
          "that keeps every never-hit document alive (retention table), which the GC then has " +
          "to trace."
        : "Not all of them are unique-vector cases; see the per-request table.",
    );
  }
  if (totalOnly.length > 0) {
    const list = totalOnly.map((r) =>
      `${r.case.label} (total ${ratio(p50(r, 0, "total"), p50(r, 1, "total"))}, own ` +
      `${ratio(p50(r, 0, "own"), p50(r, 1, "own"))})`
    );
    parts.push(
      `(a)'s total p50 is above (b)'s, but its own time is not, in: ${list.join("; ")}: the ` +
        "store and reranker took different times in the two handlers' blocks (run-to-run noise " +
        "of the shared search work, not handler cost).",
    );
  }
  return parts.join(" ");
}

/**
 * The GraphQL layer alone, own p50 (excl. store+rerank): the compiled path (d) against graphql-js
 * `execute` (e) and the naive handler (b), and what the front door adds to (a) over (d).
 */
export function graphqlLayerTable(results: readonly CaseResult[]): BenchTable {
  return {
    title: "GraphQL routes alone, own p50 ms (excl. store+rerank): compiled path vs graphql-js " +
      "execute; (a) − (d) is the front door (CORS, auth, request id, deadline, admission)",
    header: [
      "case",
      "(d) compiled",
      "(e) execute",
      "(d) ÷ (e)",
      "(d) ÷ (b) own",
      "(a) − (d)",
    ],
    rows: results.map((r) => {
      const [a, b, , d, e] = r.handlers;
      return [
        r.case.label,
        ms(d.own.p50),
        ms(e.own.p50),
        ratio(d.own.p50, e.own.p50),
        ratio(d.own.p50, b.own.p50),
        ms(a.own.p50 - d.own.p50),
      ];
    }),
  };
}

/** Response sizes of (a) and (b) and whether (b) matched (a) byte for byte. */
export function bodyTable(results: readonly CaseResult[]): BenchTable {
  return {
    title: "Response bodies (the checked request of each case)",
    header: ["case", "(a) bytes", "(b) bytes", "(b) identical to (a)"],
    rows: results.map((r) => [
      r.case.label,
      String(r.gatewayBytes),
      String(r.naiveBytes),
      r.naiveFirstDifference ? "no" : "yes",
    ]),
  };
}
