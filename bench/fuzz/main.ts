/**
 * `deno task bench:fuzz`: >= 100,000 fuzz cases in process and 10,000 over loopback (defaults),
 * printed as a BENCHMARKS.md section; `--write` merges the section into BENCHMARKS.md. Exits 1
 * when an invariant was broken (after printing, and writing with `--write`).
 * @module
 */
import { type BenchSection, printSection } from "../report.ts";
import { writeOwnSection } from "../section_file.ts";
import { describeFailures, type FuzzReport, runFuzz } from "./run.ts";
import { fuzzSection } from "./section.ts";

/** Parsed flags of `bench:fuzz`. */
export interface FuzzFlags {
  readonly cases: number;
  readonly loopbackCases: number;
  readonly seed: number;
  readonly deadlineMs: number;
  readonly rssLimitMiB: number;
  readonly shrinkBudgetMs: number;
  readonly write: boolean;
}

/** Parses `args`; throws on an unknown flag or a bad number. */
export function parseFuzzFlags(args: readonly string[]): FuzzFlags {
  const flags = {
    cases: 100_000,
    loopbackCases: 10_000,
    seed: 11,
    deadlineMs: 2000,
    rssLimitMiB: 1536,
    shrinkBudgetMs: 10_000,
    write: false,
  };
  const numeric: Record<string, keyof typeof flags> = {
    "--cases": "cases",
    "--loopback-cases": "loopbackCases",
    "--seed": "seed",
    "--deadline-ms": "deadlineMs",
    "--rss-limit-mib": "rssLimitMiB",
    "--shrink-budget-ms": "shrinkBudgetMs",
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--write") flags.write = true;
    else if (arg === "--quick") Object.assign(flags, { cases: 10_000, loopbackCases: 1000 });
    else if (numeric[arg]) {
      const v = Number(args[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`bench:fuzz: ${arg} needs a number`);
      (flags as Record<string, number | boolean>)[numeric[arg]] = v;
    } else throw new Error(`bench:fuzz: unknown flag ${arg}`);
  }
  return flags;
}

/** Runs the in-process and loopback fuzz runs of `flags` and builds the section. */
export async function runFuzzBench(
  flags: FuzzFlags,
): Promise<{ section: BenchSection; reports: FuzzReport[] }> {
  const reports: FuzzReport[] = [];
  const common = {
    deadlineMs: flags.deadlineMs,
    rssLimitMiB: flags.rssLimitMiB,
    shrinkBudgetMs: flags.shrinkBudgetMs,
    progress: (line: string) => console.error(line),
  };
  if (flags.cases > 0) {
    reports.push(await runFuzz({ ...common, cases: flags.cases, seed: flags.seed }));
  }
  if (flags.loopbackCases > 0) {
    // The in-process gateway is garbage now; collect it so the loopback run starts clean.
    (globalThis as { gc?: () => void }).gc?.();
    reports.push(
      await runFuzz({
        ...common,
        cases: flags.loopbackCases,
        seed: flags.seed + 1,
        transport: "loopback",
      }),
    );
  }
  return { section: fuzzSection(reports), reports };
}

if (import.meta.main) {
  const flags = parseFuzzFlags(Deno.args);
  const t0 = performance.now();
  const { section, reports } = await runFuzzBench(flags);
  printSection(section);
  for (const r of reports) {
    if (r.failures.length) console.error(`\n${r.transport} failures:\n${describeFailures(r)}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (flags.write) {
    const command = `deno task bench:fuzz ${Deno.args.join(" ")}`.trim();
    console.error(`bench:fuzz: merged into ${writeOwnSection(section, { command, seconds })}`);
  }
  console.error(`bench:fuzz: ${seconds.toFixed(1)} s`);
  if (reports.some((r) => r.failures.length > 0)) Deno.exit(1);
}
