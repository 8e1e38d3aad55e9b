/**
 * `deno task models <command>`: the operator commands of `src/cli/models.ts` (`pull`, `list`)
 * plus the developer command `synth [--out models] [--seed N] [shapes...]`, which writes
 * synthetic models (deterministic random weights in the real shapes) for tests and benchmarks.
 * @module
 */
import { join } from "node:path";
import { runModelsCli } from "../src/cli/models.ts";
import { isShapeName, type ShapeName, SHAPES } from "./synth/shapes.ts";
import { DEFAULT_SEED } from "./synth/synthesize.ts";
import { writeSyntheticModel } from "./synth/write.ts";

async function synth(positional: string[], options: Map<string, string>): Promise<void> {
  const out = options.get("out") ?? "models";
  const seed = Number(options.get("seed") ?? DEFAULT_SEED);
  if (!Number.isInteger(seed)) throw new Error("--seed must be an integer");
  const shapes = positional.length > 0 ? positional : Object.keys(SHAPES);
  for (const shape of shapes) {
    if (!isShapeName(shape)) {
      throw new Error(`unknown shape ${shape}: expected ${Object.keys(SHAPES).join(", ")}`);
    }
    const t0 = performance.now();
    const report = await writeSyntheticModel(join(out, `synthetic-${shape}`), shape as ShapeName, {
      seed,
    });
    const ms = Math.round(performance.now() - t0);
    console.log(`${report.dir}: ${report.files.join(", ")} (${ms} ms)`);
    console.log(`  tokenizer: ${report.note}`);
  }
  console.log("synthetic weights are random: scores and rankings are meaningless");
}

if (import.meta.main) {
  await runModelsCli(Deno.args, {
    commands: {
      synth: {
        usage:
          "  synth [--out models] [--seed N] [tiny|minilm-l6|tinybert-l2 ...]  write synthetic models",
        run: synth,
      },
    },
    listIds: Object.keys(SHAPES).map((shape) => `synthetic-${shape}`),
  });
}
