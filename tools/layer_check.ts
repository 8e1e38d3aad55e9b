/**
 * The layer check (`deno task check` runs it): every import inside `src/` must point down the
 * stack or within its own folder, and a provider must not import another provider's folder.
 *
 *   cli            operator commands (`deno task models pull`)
 *   runtime        composition roots: build the Runtime and the services, serve
 *   http           Hono app, routes, auth, CORS, REST endpoints
 *   graphql        schema, plan compiler, executor, Weaviate JSON
 *   pipeline       retrieve -> group -> rerank the page; services built from the config
 *   stores, rerankers, vectorizers   providers (one folder or file each)
 *   models         the model catalogue, pulls, model sources
 *   inference, remote, search   shared infrastructure (ONNX, remote calls, search algorithms)
 *   config         the validated configuration and its parser
 *   core           the shared vocabulary: plan, candidate, provider ports, Runtime port
 *   errors         the error catalogue
 *
 * Folders of one rank do not import each other. `src/` never imports `tools/`, `tests/` or
 * `bench/` (JSON data such as `models/manifest.json` excepted). Usage: `deno run --allow-read tools/layer_check.ts [--count] [root]`; exits 1 on a
 * violation (`--count` prints the number only and always exits 0).
 * @module
 */
import { dirname, join, normalize, relative } from "node:path";

/** Rank of each top folder (or root file) of `src/`; higher may import lower. */
export const LAYERS: Readonly<Record<string, number>> = {
  errors: 0,
  core: 1,
  config: 2,
  search: 3,
  remote: 3,
  inference: 3,
  models: 4,
  stores: 5,
  rerankers: 5,
  vectorizers: 5,
  pipeline: 6,
  graphql: 7,
  http: 8,
  runtime: 9,
  cli: 10,
};

/** Provider kinds: `stores/a/` must not import `stores/b/`, nor `rerankers/` `vectorizers/`. */
const PROVIDER_KINDS = new Set(["stores", "rerankers", "vectorizers"]);

/** One import that breaks the rules. */
export interface Violation {
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function* tsFiles(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* tsFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** `src/<top>/<sub>/...` parts of a path relative to the repository root. */
function parts(rel: string): string[] {
  return rel.split(/[\\/]/);
}

/** Checks one import edge (paths relative to the repository root). */
export function checkEdge(from: string, to: string): string | undefined {
  const f = parts(from);
  const t = parts(to);
  if (f[0] !== "src") return undefined;
  if (t[0] !== "src") return to.endsWith(".json") ? undefined : `src/ imports ${t[0]}/`;
  const fl = LAYERS[f[1]];
  const tl = LAYERS[t[1]];
  if (fl === undefined) return `${f[1]} is not in a layer`;
  if (tl === undefined) return `${t[1]} is not in a layer`;
  if (f[1] === t[1]) {
    // Within a provider kind, a provider's folder may import the kind's root files (shared by
    // its providers) but not another provider's folder; the kind's root files (the registry)
    // may import every provider.
    if (PROVIDER_KINDS.has(f[1]) && t.length > 3 && f.length > 3 && f[2] !== t[2]) {
      return `provider ${f[1]}/${f[2]} imports provider ${t[1]}/${t[2]}`;
    }
    return undefined;
  }
  if (tl > fl) return `${f[1]} (layer ${fl}) imports ${t[1]} (layer ${tl})`;
  if (tl === fl) return `${f[1]} imports ${t[1]} of the same layer`;
  return undefined;
}

/** Every violation under `root/src`. */
export function findViolations(root: string): Violation[] {
  const out: Violation[] = [];
  for (const file of tsFiles(join(root, "src"))) {
    const text = Deno.readTextFileSync(file);
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith(".")) continue;
      const from = relative(root, file);
      const to = normalize(relative(root, join(dirname(file), spec)));
      const why = checkEdge(from, to);
      if (why !== undefined) out.push({ from, to, why });
    }
  }
  return out;
}

if (import.meta.main) {
  const count = Deno.args.includes("--count");
  const root = Deno.args.find((a) => !a.startsWith("--")) ?? ".";
  const violations = findViolations(root);
  if (count) {
    console.log(violations.length);
  } else if (violations.length > 0) {
    for (const v of violations) console.error(`${v.from} -> ${v.to}: ${v.why}`);
    console.error(`layer check: ${violations.length} import(s) against the layers`);
    Deno.exit(1);
  } else {
    console.log("layer check: ok");
  }
}
