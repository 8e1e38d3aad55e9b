/**
 * `deno task bench:soak`: 50,000 mixed requests (default) over loopback with 8 clients, memory at
 * the start, every 10,000 and at the end; prints its BENCHMARKS.md section, `--write` merges it
 * into BENCHMARKS.md. Exits 1 when an answer was wrong.
 * @module
 */
import { type BenchSection, printSection } from "../report.ts";
import { writeOwnSection } from "../section_file.ts";
import { runSoak, SOAK_MODEL, type SoakReport } from "./run.ts";

/** The command that runs the soak alone. */
export const SOAK_COMMAND =
  "deno task bench:soak [--requests N] [--clients N] [--every N] [--no-cross-encoder] [--write]";

const f1 = (x: number | undefined) => x === undefined ? "-" : x.toFixed(1);

/** The soak's BENCHMARKS.md section. */
export function soakSection(r: SoakReport): BenchSection {
  const first = r.snapshots[0], last = r.snapshots.at(-1)!;
  return {
    title: "Soak: mixed requests over loopback, memory over time",
    standaloneCommand: SOAK_COMMAND,
    intro: [
      `${r.requests} requests from ${r.clients} concurrent keep-alive clients against the real ` +
      "app served by `Deno.serve` on 127.0.0.1 (port 0), in one process: nearText/bm25 with " +
      "reranker-dummy, hybrid, unique 1024-d nearVector bodies, where + sort, groupBy, rerank " +
      "through the Cohere and Jina AI classes (provider answered in process), batches, meta and " +
      "schema" +
      (r.crossEncoder
        ? `, and a local cross-encoder class (\`reranker-transformers\` on the synthetic ` +
          `\`${SOAK_MODEL}\`, ORT WASM).`
        : `; no cross-encoder (models/${SOAK_MODEL} absent: \`deno task models synth tinybert-l2\`).`),
      `Memory at the start, every 10,000 answers and at the end${
        r.gcBeforeSnapshots ? ", each after a full GC (`--expose-gc`)" : ""
      }. WASM is the largest WebAssembly memory (ORT's heap, it never shrinks). Latency is over ` +
      "the requests since the previous row, measured by the clients (same process).",
    ],
    tables: [
      {
        title: "Memory over the soak",
        header: [
          "point",
          "requests",
          "s",
          "RSS MiB",
          "heap used MiB",
          "heap total MiB",
          "external MiB",
          "WASM MiB",
          "p50 ms",
          "p99 ms",
          "failed",
        ],
        rows: r.snapshots.map((s) => [
          s.label,
          String(s.requests),
          f1(s.seconds),
          f1(s.rssMiB),
          f1(s.heapUsedMiB),
          f1(s.heapTotalMiB),
          f1(s.externalMiB),
          f1(s.wasmMiB),
          f1(s.p50Ms),
          f1(s.p99Ms),
          String(s.failed),
        ]),
      },
      {
        title: "Requests by kind",
        header: ["kind", "requests", "failed"],
        rows: [...r.kinds.entries()].sort((a, b) => b[1].count - a[1].count)
          .map(([k, v]) => [k, String(v.count), String(v.failed)]),
      },
    ],
    notes: [
      `${r.requests} requests in ${r.seconds.toFixed(1)} s (${
        (r.requests / r.seconds).toFixed(0)
      }/s); ` +
      `RSS ${f1(first.rssMiB)} -> ${f1(last.rssMiB)} MiB, heap used ${f1(first.heapUsedMiB)} -> ` +
      `${f1(last.heapUsedMiB)} MiB, WASM ${f1(last.wasmMiB)} MiB at the end.`,
      ...(r.failures.length
        ? ["First failed answers:", ...r.failures.map((f) => `- \`${f}\``)]
        : []),
    ],
  };
}

/** Parsed flags of `bench:soak`. */
export interface SoakFlags {
  requests: number;
  clients: number;
  every: number;
  crossEncoder: boolean;
  write: boolean;
}

/** Parses `args`; throws on an unknown flag or a bad number. */
export function parseSoakFlags(args: readonly string[]): SoakFlags {
  const flags: SoakFlags = {
    requests: 50_000,
    clients: 8,
    every: 10_000,
    crossEncoder: true,
    write: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const num = () => {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v <= 0) {
        throw new Error(`bench:soak: ${arg} needs a positive integer`);
      }
      return v;
    };
    if (arg === "--write") flags.write = true;
    else if (arg === "--no-cross-encoder") flags.crossEncoder = false;
    else if (arg === "--requests") flags.requests = num();
    else if (arg === "--clients") flags.clients = num();
    else if (arg === "--every") flags.every = num();
    else throw new Error(`bench:soak: unknown flag ${arg}`);
  }
  return flags;
}

/** Runs the soak of `flags` and builds the section. */
export async function runSoakBench(
  flags: SoakFlags,
): Promise<{ section: BenchSection; report: SoakReport }> {
  const report = await runSoak({
    requests: flags.requests,
    clients: flags.clients,
    every: flags.every,
    seed: 11,
    crossEncoder: flags.crossEncoder,
    progress: (l) => console.error(l),
  });
  return { section: soakSection(report), report };
}

if (import.meta.main) {
  const flags = parseSoakFlags(Deno.args);
  const t0 = performance.now();
  const { section, report } = await runSoakBench(flags);
  printSection(section);
  const seconds = (performance.now() - t0) / 1000;
  if (flags.write) {
    const command = `deno task bench:soak ${Deno.args.join(" ")}`.trim();
    console.error(`bench:soak: merged into ${writeOwnSection(section, { command, seconds })}`);
  }
  console.error(`bench:soak: ${seconds.toFixed(1)} s`);
  if (report.failures.length) Deno.exit(1);
}
