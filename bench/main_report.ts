/**
 * The parts of BENCHMARKS.md that `bench/main.ts` adds around the sections: the charts written to
 * `bench/charts/`, the machine load, and the closing note that gathers every target verdict.
 * @module
 */
import type { BenchFlags } from "./cli_flags.ts";
import type { BenchSection } from "./report.ts";

/** Where charts go (linked from BENCHMARKS.md as `bench/charts/<file>`). */
export const CHART_DIR = "bench/charts";

/** The 1/5/15-minute load averages, or undefined without `--allow-sys=loadavg`. */
export function loadAverage(): readonly number[] | undefined {
  try {
    return Deno.loadavg();
  } catch {
    return undefined;
  }
}

/** Writes the section's charts to {@link CHART_DIR}. */
export async function writeCharts(section: BenchSection): Promise<void> {
  if (!section.charts?.length) return;
  await Deno.mkdir(CHART_DIR, { recursive: true });
  for (const c of section.charts) await Deno.writeTextFile(`${CHART_DIR}/${c.file}`, c.svg);
}

/** Options of {@link closingNote}. */
export interface ClosingNoteOptions {
  readonly sections: readonly BenchSection[];
  /** Number of sections before this one. */
  readonly index: number;
  readonly loadBefore?: readonly number[];
  readonly flags: BenchFlags;
}

const fmtLoad = (l?: readonly number[]) => l ? l.map((x) => x.toFixed(2)).join(" / ") : "unknown";

/** The last section: machine load before/after and every target line of the sections. */
export function closingNote(o: ClosingNoteOptions): string {
  const after = loadAverage();
  const cpus = navigator.hardwareConcurrency;
  const busiest = Math.max(o.loadBefore?.[0] ?? 0, after?.[0] ?? 0);
  const lines = o.sections.flatMap((s) => (s.targets ?? []).map((t) => `- ${t}`));
  const parts = [
    `## ${o.index + 1}. Closing note: ratios against the targets`,
    `Load average (1 / 5 / 15 min) before the run: ${fmtLoad(o.loadBefore)}; after: ` +
    `${fmtLoad(after)}, on ${cpus} logical CPUs.` +
    (busiest > cpus / 2
      ? " **The machine was shared** (other processes, e.g. test suites, ran at the same time): " +
        "absolute times are pessimistic and noisier than on an idle machine; ratios measured " +
        "within one section are the more robust numbers."
      : ""),
    o.flags.quick ? "**`--quick` run:** fewer iterations and smaller sizes." : "",
    "Targets from `../shared/spec/performance.md` §7 and the published SciFact figures " +
    "(`../shared/data/scifact/SOURCE.txt`), as measured above:",
    lines.length ? lines.join("\n") : "- (no section reported a target)",
  ];
  return parts.filter(Boolean).join("\n\n");
}
