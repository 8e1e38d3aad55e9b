/**
 * Command-line flags of `deno task bench` (bench/main.ts).
 * @module
 */

/** Parsed flags. */
export interface BenchFlags {
  /** `--quick`: fewer iterations and smaller sizes (numbers are rougher). */
  readonly quick: boolean;
  /** `--only a,b` (repeatable): run only these modules. */
  readonly only?: ReadonlySet<string>;
  /** `--write`: write BENCHMARKS.md even with `--quick` / `--only`. */
  readonly write: boolean;
  /** `--model <dir>`: cross-encoder folder for the rerank-quality benchmark. */
  readonly model?: string;
  /** `--all-queries`: rerank quality over all 300 SciFact queries. */
  readonly allQueries: boolean;
}

/** Parses `args`; throws on an unknown flag or a missing value. */
export function parseBenchFlags(args: readonly string[]): BenchFlags {
  let quick = false, write = false, allQueries = false;
  let model: string | undefined;
  const only = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`bench: ${arg} needs a value`);
      return v;
    };
    if (arg === "--quick") quick = true;
    else if (arg === "--write") write = true;
    else if (arg === "--all-queries") allQueries = true;
    else if (arg === "--model") model = value();
    else if (arg === "--only") { for (const n of value().split(",")) only.add(n.trim()); }
    else throw new Error(`bench: unknown flag ${arg}`);
  }
  return { quick, write, allQueries, ...(model ? { model } : {}), ...(only.size ? { only } : {}) };
}

/**
 * True when the run writes BENCHMARKS.md and bench/charts: a full run, or any run with
 * `--write`; `--quick` / `--only` alone print to stdout and write nothing.
 */
export function writes(flags: BenchFlags): boolean {
  return flags.write || !(flags.quick || flags.only);
}
