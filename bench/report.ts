/**
 * The shape every benchmark module returns, and its Markdown rendering for BENCHMARKS.md.
 * @module
 */

/** One table: a header row and string cells (already formatted). */
export interface BenchTable {
  /** Shown as a bold line above the table. */
  readonly title?: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Index of columns aligned left (the rest are right-aligned numbers). */
  readonly leftColumns?: readonly number[];
}

/** An SVG chart: `bench/main.ts` writes it to `bench/charts/<file>` and links it. */
export interface BenchChart {
  /** File name inside `bench/charts/`, e.g. `scaling_results.svg`. */
  readonly file: string;
  /** Alt text and caption. */
  readonly title: string;
  readonly svg: string;
}

/** The result of one benchmark module. */
export interface BenchSection {
  /** Section heading in BENCHMARKS.md. */
  readonly title: string;
  /** How to run this module on its own. */
  readonly standaloneCommand: string;
  /** Paragraphs (Markdown) shown before the tables: workload and method. */
  readonly intro: readonly string[];
  readonly tables: readonly BenchTable[];
  /** Paragraphs (Markdown) shown after the tables. */
  readonly notes: readonly string[];
  /** Charts, linked after the tables. */
  readonly charts?: readonly BenchChart[];
  /**
   * One line per target or published figure this section measures (`G11 ...: 0.53 ms vs ≤ 0.5
   * ms, MISSED`); `bench/main.ts` gathers them into the closing note.
   */
  readonly targets?: readonly string[];
  /**
   * Set when the section could not measure (e.g. its models are missing): why. A partial
   * `--only ... --write` run then keeps the section BENCHMARKS.md already has.
   */
  readonly skipped?: string;
}

/** Renders a table as aligned Markdown (numbers right-aligned). */
export function markdownTable(table: BenchTable): string {
  const left = new Set(table.leftColumns ?? [0]);
  const widths = table.header.map((h, i) =>
    Math.max(h.length, 3, ...table.rows.map((r) => r[i].length))
  );
  const pad = (cell: string, i: number) =>
    left.has(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i]);
  const line = (cells: readonly string[]) => `| ${cells.map(pad).join(" | ")} |`;
  const rule = `|${
    widths.map((w, i) => left.has(i) ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`).join("|")
  }|`;
  const out = [line(table.header), rule, ...table.rows.map(line)];
  return (table.title ? `**${table.title}**\n\n` : "") + out.join("\n");
}

/** Prints a section to stdout (standalone runs). */
export function printSection(section: BenchSection): void {
  console.log(`## ${section.title}\n`);
  for (const t of section.tables) console.log(`${markdownTable(t)}\n`);
  for (const n of section.notes) console.log(`${n}\n`);
  for (const t of section.targets ?? []) console.log(`- ${t}`);
}
