/**
 * `deno task bench`: runs every benchmark module in turn and writes BENCHMARKS.md (one section per
 * benchmark with its command, date, machine, runtime versions and tables). Benchmarks are not
 * tests: nothing here asserts on timings.
 * @module
 */
import { runEmbeddedStoreBench } from "./embedded_store_bench.ts";
import { runGatewayOverheadBench } from "./gateway_overhead.ts";
import { machineInfo, machineMarkdown } from "./machine.ts";
import { type BenchSection, markdownTable } from "./report.ts";

/** One benchmark module as `main` runs it. */
interface BenchModule {
  readonly run: () => Promise<BenchSection>;
}

const MODULES: readonly BenchModule[] = [
  { run: () => runGatewayOverheadBench() },
  { run: () => runEmbeddedStoreBench() },
];

const OUTPUT = "BENCHMARKS.md";

/** `deno task bench` and what it expands to (read from deno.json, so it cannot drift). */
function taskCommand(): string {
  try {
    const config = JSON.parse(Deno.readTextFileSync("deno.json"));
    return `\`deno task bench\` (runs \`${config.tasks.bench}\`)`;
  } catch {
    return "`deno task bench`";
  }
}

function renderSection(section: BenchSection, index: number, extra: string): string {
  const parts = [
    `## ${index + 1}. ${section.title}`,
    extra,
    ...section.intro,
    ...section.tables.map(markdownTable),
    ...section.notes,
  ];
  return parts.join("\n\n");
}

/** Runs all benchmarks and returns the BENCHMARKS.md text. */
export async function runAll(): Promise<string> {
  const command = taskCommand();
  const sections: string[] = [];
  for (const [i, module] of MODULES.entries()) {
    const machine = machineInfo();
    const t0 = performance.now();
    const section = await module.run();
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
  return [
    "# Benchmarks",
    "Written by `deno task bench` (`bench/main.ts`); do not edit by hand, re-run the task. " +
    "Each number comes from one run on the machine named in its section. Benchmarks are not " +
    "tests: nothing asserts on them.",
    ...sections,
  ].join("\n\n") + "\n";
}

if (import.meta.main) {
  const text = await runAll();
  Deno.writeTextFileSync(OUTPUT, text);
  console.error(`bench: wrote ${OUTPUT}`);
}
