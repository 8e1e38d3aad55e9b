/**
 * `deno task bench`: runs every benchmark module in turn and writes BENCHMARKS.md (one section per
 * benchmark with its command, date, machine, runtime versions and tables). Benchmarks are not
 * tests: nothing here asserts on timings.
 * @module
 */
import { type BenchFlags, parseBenchFlags, willWrite } from "./cli_flags.ts";
import { runCrossEncoderBench } from "./cross_encoder.ts";
import { runEmbeddedStoreBench } from "./embedded_store_bench.ts";
import { runGatewayOverheadBench } from "./gateway_overhead.ts";
import { runLoadBench } from "./load.ts";
import { machineInfo, machineMarkdown } from "./machine.ts";
import { closingNote, loadAverage, writeCharts } from "./main_report.ts";
import { keepsExisting, mergeSections } from "./merge_sections.ts";
import { parseFuzzFlags, runFuzzBench } from "./fuzz/main.ts";
import { runRemoteRerankBench } from "./remote_rerank.ts";
import type { BenchSection } from "./report.ts";
import { runRerankQualityBench } from "./rerank_quality.ts";
import { runScalingBench } from "./scaling.ts";
import { readIfExists, renderSection } from "./section_file.ts";
import { parseSoakFlags, runSoakBench } from "./soak/main.ts";
import { runSciFactBench } from "./scifact.ts";

/** One benchmark module as `main` runs it. */
interface BenchModule {
  /** Name for `--only`; modules without one run only when `--only` is not given. */
  readonly name?: string;
  readonly run: (flags: BenchFlags) => Promise<BenchSection>;
}

const MODULES: readonly BenchModule[] = [
  {
    name: "gateway-overhead",
    run: (f) => runGatewayOverheadBench(f.quick ? { iterations: 100, warmup: 10 } : {}),
  },
  { name: "embedded-store", run: (f) => runEmbeddedStoreBench({ quick: f.quick }) },
  { name: "scifact", run: (f) => runSciFactBench({ quick: f.quick }) },
  {
    name: "rerank-quality",
    run: (f) =>
      runRerankQualityBench({
        model: f.model,
        queries: f.allQueries ? Infinity : f.quick ? 5 : 20,
        budgetMs: f.allQueries ? Infinity : f.quick ? 30_000 : 120_000,
      }),
  },
  { name: "scaling", run: (f) => runScalingBench({ quick: f.quick }) },
  { name: "cross-encoder", run: (f) => runCrossEncoderBench({ quick: f.quick }) },
  { name: "load", run: (f) => runLoadBench({ quick: f.quick }) },
  { name: "remote-rerank", run: (f) => runRemoteRerankBench({ quick: f.quick }) },
  // Last: both leave a large heap behind (the fuzz gateway's document cache, ORT's WASM heap).
  {
    name: "fuzz",
    run: async (f) => (await runFuzzBench(parseFuzzFlags(f.quick ? ["--quick"] : []))).section,
  },
  {
    name: "soak",
    run: async (f) =>
      (await runSoakBench(parseSoakFlags(f.quick ? ["--requests", "5000", "--every", "1000"] : [])))
        .section,
  },
];

const OUTPUT = "BENCHMARKS.md";

/** `deno task bench` and what it expands to (read from deno.json, so it cannot drift). */
function taskCommand(): string {
  try {
    const config = JSON.parse(Deno.readTextFileSync("deno.json"));
    // `bench` chains bench:core (this file) and bench:workers (its own section at the end).
    return `\`deno task bench\` (this part runs \`${config.tasks["bench:core"]}\`)`;
  } catch {
    return "`deno task bench`";
  }
}

/** Runs the selected benchmarks (all by default) and returns the BENCHMARKS.md text. */
export async function runAll(flags: BenchFlags = parseBenchFlags([])): Promise<string> {
  // A run that only prints (`--quick` / `--only` without `--write`) writes no charts either.
  const writes = willWrite(flags);
  const command = taskCommand();
  const sections: string[] = [];
  const done: BenchSection[] = [];
  const loadBefore = loadAverage();
  const selected = MODULES.filter((m) => !flags.only || (m.name && flags.only.has(m.name)));
  for (const [i, module] of selected.entries()) {
    const machine = machineInfo();
    const t0 = performance.now();
    const section = await module.run(flags);
    if (writes && keepsExisting(section, flags.only !== undefined)) {
      console.error(`bench: ${section.title}: skipped (${section.skipped}); its section stays`);
      continue;
    }
    done.push(section);
    if (writes) await writeCharts(section);
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    console.error(`bench: ${section.title}: ${seconds} s`);
    const header = [
      `- command: ${command}; this section alone: \`${section.standaloneCommand}\``,
      machineMarkdown(machine),
      `- graphql-js mode: NODE_ENV=${
        Deno.env.get("NODE_ENV") ?? "(unset)"
      }; section took ${seconds} s`,
    ].join("\n");
    sections.push(renderSection(section, i, header));
  }
  sections.push(closingNote({ sections: done, index: sections.length, loadBefore, flags }));
  return [
    "# Benchmarks",
    "Written by `deno task bench` (`bench/main.ts`); do not edit by hand, re-run the task. " +
    "Each number comes from one run on the machine named in its section. Benchmarks are not " +
    "tests: nothing asserts on them. Flags: `--quick` (fewer iterations, smaller sizes), " +
    "`--only <name,...>` (" + MODULES.flatMap((m) => m.name ?? []).join(", ") + "), " +
    "`--model <dir>` and `--all-queries` (rerank quality); `--quick` and `--only` print to " +
    "stdout instead of writing this file unless `--write` is given (`--only` with `--write` " +
    "merges its sections into this file).",
    ...sections,
  ].join("\n\n") + "\n";
}

if (import.meta.main) {
  const flags = parseBenchFlags(Deno.args);
  const text = await runAll(flags);
  if (!willWrite(flags)) {
    console.log(text);
  } else {
    // A partial run replaces its own sections only; the others stay as they were.
    const existing = flags.only ? readIfExists(OUTPUT) : undefined;
    Deno.writeTextFileSync(OUTPUT, existing ? mergeSections(existing, text) : text);
    console.error(`bench: ${existing ? "merged into" : "wrote"} ${OUTPUT}`);
  }
}
