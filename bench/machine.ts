/**
 * Describes the machine and runtime a benchmark ran on, for BENCHMARKS.md. The CPU model comes
 * from `node:os` `cpus()` (Deno reads /proc/cpuinfo for it; reading /proc directly needs
 * `--allow-all` in Deno 2), memory from `Deno.systemMemoryInfo()`: both need only
 * `--allow-sys=cpus,systemMemoryInfo`.
 * @module
 */
import { cpus } from "node:os";

/** Machine and runtime facts; fields are "unknown" when not permitted or not readable. */
export interface MachineInfo {
  readonly date: string;
  readonly logicalCpus: number;
  readonly cpuModel: string;
  readonly memory: string;
  readonly os: string;
  readonly deno: string;
  readonly v8: string;
  readonly typescript: string;
}

function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** Collects the facts; never throws. */
export function machineInfo(): MachineInfo {
  const model = attempt(() => cpus()[0]?.model?.trim());
  const total = attempt(() => Deno.systemMemoryInfo().total);
  return {
    date: new Date().toISOString(),
    logicalCpus: navigator.hardwareConcurrency,
    cpuModel: model || "unknown (needs --allow-sys=cpus)",
    memory: total ? `${(total / 2 ** 30).toFixed(1)} GiB` : "unknown",
    os: `${Deno.build.os} ${Deno.build.arch}`,
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
  };
}

/** The machine block as Markdown list items. */
export function machineMarkdown(m: MachineInfo): string {
  return [
    `- date: ${m.date}`,
    `- machine: ${m.logicalCpus} logical CPUs (\`nproc\`), CPU model "${m.cpuModel}", ` +
    `${m.memory} RAM, ${m.os}`,
    `- runtime: Deno ${m.deno}, V8 ${m.v8}, TypeScript ${m.typescript}`,
  ].join("\n");
}
