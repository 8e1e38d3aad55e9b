/**
 * Renders a {@link BenchSection} as a numbered BENCHMARKS.md section, and merges sections written
 * by a task of their own (`deno task bench:fuzz --write`, `bench:soak --write`) into the existing
 * file through {@link mergeSections}, so the other sections stay as they were.
 * @module
 */
import { machineInfo, machineMarkdown } from "./machine.ts";
import { loadAverage } from "./main_report.ts";
import { mergeSections } from "./merge_sections.ts";
import { type BenchSection, markdownTable } from "./report.ts";

/** The benchmarks file. */
export const BENCHMARKS_FILE = "BENCHMARKS.md";

/** `## <index+1>. <title>`, the header lines, intro, tables, charts and notes. */
export function renderSection(section: BenchSection, index: number, header: string): string {
  const parts = [
    `## ${index + 1}. ${section.title}`,
    header,
    ...section.intro,
    ...section.tables.map(markdownTable),
    ...(section.charts ?? []).map((c) => `![${c.title}](bench/charts/${c.file})`),
    ...section.notes,
  ];
  return parts.join("\n\n");
}

/** Reads a file, or undefined when it does not exist. */
export function readIfExists(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}

/** Options of {@link writeOwnSection}. */
export interface OwnSectionOptions {
  /** The `deno task ...` that produced the section (shown in its header). */
  readonly command: string;
  readonly seconds: number;
  /** Default {@link BENCHMARKS_FILE}. */
  readonly file?: string;
}

/**
 * Replaces (or appends) `section` in BENCHMARKS.md, keeping every other section, the preamble,
 * the closing note and the `bench:workers` part. Returns the file written.
 */
export function writeOwnSection(section: BenchSection, opts: OwnSectionOptions): string {
  const file = opts.file ?? BENCHMARKS_FILE;
  const load = loadAverage();
  const header = [
    `- command: \`${opts.command}\``,
    machineMarkdown(machineInfo()),
    `- load average (1 / 5 / 15 min) when written: ${
      load ? load.map((x) => x.toFixed(2)).join(" / ") : "unknown"
    } on ${navigator.hardwareConcurrency} logical CPUs (other processes share the machine when ` +
    "it exceeds the CPU count; times are then pessimistic)",
    `- graphql-js mode: NODE_ENV=${Deno.env.get("NODE_ENV") ?? "(unset)"}; section took ${
      opts.seconds.toFixed(1)
    } s`,
  ].join("\n");
  const fresh = renderSection(section, 0, header) + "\n";
  const existing = readIfExists(file);
  Deno.writeTextFileSync(file, existing ? mergeSections(existing, fresh) : fresh);
  return file;
}
