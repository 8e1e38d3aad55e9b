/**
 * The fuzzer's BENCHMARKS.md section: one row per run (transport, cases, time, latency, RSS),
 * statuses, generator families, and every failure kind with its minimal counterexample.
 * @module
 */
import type { BenchSection, BenchTable } from "../report.ts";
import { describeCase } from "./arbitraries.ts";
import type { FuzzReport } from "./run.ts";

/** The command that runs the fuzzer alone. */
export const FUZZ_COMMAND = "deno task bench:fuzz [--cases N] [--loopback-cases N] [--seed N] " +
  "[--deadline-ms N] [--rss-limit-mib N] [--shrink-budget-ms N] [--write]";

const f0 = (x: number) => x.toFixed(0);
const f1 = (x: number) => x.toFixed(1);

function runRow(r: FuzzReport): string[] {
  const s = r.runMs / 1000;
  return [
    r.transport,
    String(r.cases),
    String(r.seed),
    f1(s),
    f0(r.cases / s),
    f1(r.latency.p50),
    f1(r.latency.p99),
    f0(r.latency.max),
    `${f0(r.rss.startMiB)} / ${f0(r.rss.peakMiB)} / ${f0(r.rss.endMiB)}`,
    String(r.violations),
    String(r.failures.length),
    f1(r.shrinkMs / 1000),
  ];
}

function familyTable(reports: readonly FuzzReport[]): BenchTable {
  const names = [...new Set(reports.flatMap((r) => [...r.families.keys()]))].sort();
  return {
    title: "Cases per generator family (a case counts under its first attack shape)",
    header: [
      "family",
      ...reports.flatMap((r) => [`${r.transport} cases`, `${r.transport} mean ms`]),
    ],
    rows: names.map((n) => [
      n,
      ...reports.flatMap((r) => {
        const f = r.families.get(n);
        return f ? [String(f.cases), (f.ms / f.cases).toFixed(2)] : ["0", "-"];
      }),
    ]),
  };
}

function statusTable(reports: readonly FuzzReport[]): BenchTable {
  const codes = [...new Set(reports.flatMap((r) => [...r.statuses.keys()]))].sort((a, b) => a - b);
  return {
    title: "Answers by HTTP status",
    header: ["status", ...reports.map((r) => r.transport)],
    rows: codes.map((c) => [String(c), ...reports.map((r) => String(r.statuses.get(c) ?? 0))]),
  };
}

function failureTable(reports: readonly FuzzReport[]): BenchTable {
  return {
    title: "Failures (invariant x generator family)",
    header: ["transport", "invariant", "family", "cases", "first case", "first detail"],
    leftColumns: [0, 1, 2, 5],
    rows: reports.flatMap((r) =>
      r.failures.map((f) => [
        r.transport,
        f.invariant,
        f.family,
        String(f.count),
        String(f.firstIndex),
        f.firstDetail.replace(/\s+/g, " ").replaceAll("|", "\\|").slice(0, 90),
      ])
    ),
  };
}

function counterexamples(reports: readonly FuzzReport[]): string[] {
  return reports.flatMap((r) =>
    r.failures.map((f) =>
      `**${r.transport}, ${f.invariant} / ${f.family}** (${f.shrinks} shrinks${
        f.shrinkInterrupted ? ", shrink budget reached" : ""
      }): ${f.minimalDetail}\n\n\`\`\`text\n${
        describeCase(f.minimal, 600).replaceAll("```", "'''")
      }\n\`\`\``
    )
  );
}

/** Builds the section from the runs of one `bench:fuzz`. */
export function fuzzSection(reports: readonly FuzzReport[]): BenchSection {
  const total = reports.reduce((n, r) => n + r.cases, 0);
  const failures = reports.reduce((n, r) => n + r.failures.length, 0);
  const deadline = reports[0]?.deadlineMs ?? 0;
  const rss = reports[0]?.rssLimitMiB ?? 0;
  return {
    title: "Fuzzer: hostile requests against the invariants",
    standaloneCommand: FUZZ_COMMAND,
    intro: [
      `${total} generated requests (fast-check, fixed seed) against the real app: \`app.fetch\` in ` +
      "process, then over loopback (`Deno.serve` on 127.0.0.1 port 0, one client). The gateway is " +
      "the weightless sample class plus two classes reranked by Cohere and Jina AI (operator key " +
      "in the environment, every provider call answered and recorded in process). Cases: " +
      "grammar-aware `Get` documents (every search argument, where trees, sort, groupBy, " +
      "`_additional { rerank(...) { score } ... }`, fragments, aliases, directives, variables), " +
      "batches, other routes and methods, mutated and garbage bodies, odd headers (content types, " +
      "`X-*-Baseurl`, `X-*-Api-Key`, `Authorization`), `1e999`, deep nesting, long strings, " +
      "wildcard `Like` patterns, fragment chains, alias floods.",
      `Invariants: no 5xx (a 503 with Retry-After excepted); no answer slower than ${deadline} ms ` +
      "(while busy: at least half of it in CPU time, or a stall past 5x; a slow answer with an idle " +
      "process is another process holding the CPU); " +
      `RSS under ${rss} MiB (sampled after a full GC every 200 cases); every body valid JSON of Weaviate's shape; ` +
      "the operator key in no answer and sent to no origin but the configured ones. Failures are " +
      "grouped by invariant and generator family; each group is replayed from its first case and " +
      "shrunk by fast-check within a time budget.",
    ],
    tables: [
      {
        title: "Runs",
        header: [
          "transport",
          "cases",
          "seed",
          "run s",
          "cases/s",
          "p50 ms",
          "p99 ms",
          "max ms",
          "RSS MiB start / peak / end",
          "violations",
          "failure kinds",
          "shrink s",
        ],
        rows: reports.map(runRow),
      },
      statusTable(reports),
      familyTable(reports),
      ...(failures ? [failureTable(reports)] : []),
    ],
    notes: failures
      ? ["Minimal counterexamples (bodies cut to 600 characters):", ...counterexamples(reports)]
      : ["No invariant was broken."],
  };
}
