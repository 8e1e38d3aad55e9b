/**
 * `deno task bench:workers`: the gateway in workerd via `wrangler dev` (local, offline). Measures
 * the bundle (`wrangler deploy --dry-run`), start-up and first requests, per-request latency of
 * the seed query with and without a WASM rerank (synthetic TinyBERT-L2-shaped int8 model from
 * local R2), and ORT's WASM heap. Writes its section at the end of BENCHMARKS.md (replacing the
 * previous one); `deno task bench` rewrites that file without it, so run this after it.
 * @module
 */
import { join } from "node:path";
import {
  DATA_SEEDS,
  MODEL_PREFIX,
  seedQuery,
  testGatewayConfig,
  tinybertSeeds,
} from "../tests/workers/fixtures.ts";
import {
  BUCKETS,
  REPO_ROOT,
  seedR2,
  startWranglerDev,
  wranglerBin,
} from "../tests/workers/wrangler_dev.ts";
import { SHARED_TOKENIZERS_DIR } from "../tools/synth/write.ts";
import { machineInfo, machineMarkdown } from "./machine.ts";
import { scifactPassages } from "./scifact_pairs.ts";
import { type BenchSection, markdownTable } from "./report.ts";
import { percentile } from "./stats.ts";

const MARK = "<!-- bench:workers -->";
const MiB = 2 ** 20;
const WARMUP = 80;

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/** Bundle sizes from `wrangler deploy --dry-run --outdir`. */
async function bundleRows(signal: AbortSignal): Promise<string[][]> {
  const outdir = await Deno.makeTempDir({ prefix: "wrangler-bundle-" });
  try {
    const out = await new Deno.Command(wranglerBin()!, {
      args: ["deploy", "--dry-run", "--outdir", outdir],
      cwd: REPO_ROOT,
      env: { WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
      signal,
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    const total = text.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
    const rows: string[][] = [];
    for await (const entry of Deno.readDir(outdir)) {
      if (!/\.(js|wasm)$/.test(entry.name)) continue;
      const bytes = await Deno.readFile(join(outdir, entry.name));
      const name = entry.name.replace(/^[0-9a-f]{40}-/, "");
      rows.push([name, kib(bytes.length), kib(await gzipSize(bytes))]);
    }
    rows.sort((a, b) => a[0].localeCompare(b[0]));
    rows.push(["total (wrangler's Total Upload)", total?.[1] ?? "n/a", total?.[2] ?? "n/a"]);
    return rows;
  } finally {
    await Deno.remove(outdir, { recursive: true });
  }
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

interface Timed {
  readonly clientMs: number;
  readonly workerMs: number;
  readonly ok: boolean;
  /** Objects in the answer (= reranked pairs when the query reranks). */
  readonly results: number;
}

async function timedQuery(url: string, query: string): Promise<Timed> {
  const t0 = performance.now();
  const res = await fetch(`${url}/v1/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(120_000),
  });
  const body = await res.text();
  const clientMs = performance.now() - t0;
  const ok = res.ok && !body.includes('"errors"');
  const results = ok ? (Object.values(JSON.parse(body).data.Get)[0] as unknown[]).length : 0;
  return { clientMs, workerMs: Number(res.headers.get("x-worker-ms") ?? NaN), ok, results };
}

/** The SciFact rows: a class per maxLength over the cross-encoder bench's abstracts. */
const SCIFACT_CLASSES = [
  { class: "SciFact128", maxLength: 128, limit: 30, label: "30 x 128" },
  { class: "SciFact256", maxLength: 256, limit: 100, label: "100 x <=256" },
] as const;
const SCIFACT_KEY = "data/scifact_passages.json";

/**
 * The cross-encoder bench's 100 SciFact abstracts as a DATA-bucket file and the query they are
 * reranked with, or undefined without `../shared` (SciFact and the real tokenizer).
 */
async function scifactSeed(): Promise<{ data: string; query: string } | undefined> {
  try {
    const dir = join(SHARED_TOKENIZERS_DIR, "ms-marco-MiniLM-L-6-v2");
    const json = JSON.parse(await Deno.readTextFile(join(dir, "tokenizer.json")));
    const config = JSON.parse(await Deno.readTextFile(join(dir, "tokenizer_config.json")));
    const { query, docs } = await scifactPassages(json, config, 100);
    const objects = docs.map((text, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      text,
    }));
    return { data: JSON.stringify(objects), query };
  } catch {
    return undefined;
  }
}

/** A list query over `cls` reranking its `text` by `query` (no search: insertion order). */
function passageQuery(cls: string, limit: number, query: string): string {
  return `{ Get { ${cls}(limit: ${limit}) { _additional { rerank(property: "text" query: ` +
    `${JSON.stringify(query)}) { score } } } } }`;
}

/** The query with `tag` appended to its rerank query text, so the score cache never hits. */
function distinctRerank(query: string, tag: string): string {
  return query.replace(/(rerank\([^)]*query: "(?:[^"\\]|\\.)*)"/, `$1 ${tag}"`);
}

async function heapMiB(url: string): Promise<string> {
  const stats = await (await fetch(`${url}/_worker/stats`)).json();
  return (stats.heapBytes / MiB).toFixed(1);
}

/** Runs the Workers benchmark; `iterations` warm requests per row. */
export async function runWorkersBench(opts: { iterations?: number } = {}): Promise<BenchSection> {
  const n = opts.iterations ?? 30;
  const signal = AbortSignal.timeout(600_000);
  const bundle = await bundleRows(signal);
  const persistTo = await Deno.makeTempDir({ prefix: "wrangler-state-" });
  const model = await tinybertSeeds();
  await seedR2(BUCKETS.models, model.seeds, { persistTo, signal });
  const scifact = await scifactSeed();
  await seedR2(
    BUCKETS.data,
    scifact ? [...DATA_SEEDS, { key: SCIFACT_KEY, data: scifact.data }] : DATA_SEEDS,
    { persistTo, signal },
  );
  const config = testGatewayConfig("https://api.cohere.com");
  if (scifact) {
    (config.collections as unknown[]).push(...SCIFACT_CLASSES.map((c) => ({
      class: c.class,
      properties: [{ name: "text", dataType: ["text"] }],
      moduleConfig: {
        "reranker-transformers": { model: MODEL_PREFIX, dtype: "int8", maxLength: c.maxLength },
      },
      store: { kind: "embedded", files: [SCIFACT_KEY] },
    })));
  }
  const dev = await startWranglerDev({
    persistTo,
    vars: { GATEWAY_CONFIG: JSON.stringify(config), GATEWAY_DEBUG: "1" },
    readyPath: "/_worker/stats",
  });
  const plain = seedQuery("JeopardyQuestion").replace(/ rerank\(.*?\) \{ score \}/, "");
  const startRows: string[][] = [];
  const latencyRows: string[][] = [];
  try {
    const first = await timedQuery(dev.url, plain);
    startRows.push(["wrangler dev: spawn -> isolate answering", ms(dev.startMs), "–", "–"]);
    startRows.push(row("first request (builds services, indexes the sample)", first, "0.0"));
    const firstRerank = await timedQuery(dev.url, seedQuery("JeopardyQuestion"));
    const afterLoad = await heapMiB(dev.url);
    startRows.push(
      row("first WASM rerank (R2 read, session create, 10 pairs)", firstRerank, afterLoad),
    );
    // WASM tier-up: the first ~50 requests after session create run 2-4x slower (measured), so
    // warm up before measuring.
    for (let i = 0; i < WARMUP; i++) {
      await timedQuery(dev.url, distinctRerank(seedQuery("JeopardyQuestion", 30), `w${i}`));
    }
    const cases: [string, string][] = [
      ["seed query, no rerank (10 results)", plain],
      ["seed query + WASM rerank, limit 10", seedQuery("JeopardyQuestion")],
      ["seed query + WASM rerank, limit 30", seedQuery("JeopardyQuestion", 30)],
      ["seed query + WASM rerank, limit 100", seedQuery("JeopardyQuestion", 100)],
      [
        "same, reranking `question` (clues, ~20 tokens)",
        seedQuery("JeopardyQuestion", 100).replace('property: "answer"', 'property: "question"'),
      ],
      // The cross-encoder bench's TinyBERT pair sets (BENCHMARKS.md section 6), here in workerd.
      ...(scifact === undefined ? [] : SCIFACT_CLASSES.map((c): [string, string] => [
        `SciFact abstracts, ${c.label} (bench pairs of section 6)`,
        passageQuery(c.class, c.limit, scifact.query),
      ])),
    ];
    for (const [k, [label, query]] of cases.entries()) {
      // Distinct rerank queries defeat the score cache: every request runs the model.
      const samples: Timed[] = [];
      for (let i = 0; i < n; i++) {
        samples.push(
          await timedQuery(dev.url, distinctRerank(query, `${k}.${i}`)),
        );
      }
      const c = samples.map((s) => s.clientMs).sort((a, b) => a - b);
      const w = samples.map((s) => s.workerMs).sort((a, b) => a - b);
      const failed = samples.filter((s) => !s.ok).length;
      latencyRows.push([
        label + (failed ? ` (${failed} failed)` : ""),
        String(samples[0].results),
        ms(percentile(c, 0.5)),
        ms(percentile(c, 0.95)),
        ms(percentile(w, 0.5)),
        await heapMiB(dev.url),
      ]);
    }
  } finally {
    await dev.close();
    await Deno.remove(persistTo, { recursive: true }).catch(() => {});
  }
  return {
    title: "Workers (workerd via wrangler dev)",
    standaloneCommand: "deno task bench:workers",
    intro: [
      `worker.ts in local workerd (\`wrangler dev --local\`, wrangler 4.86.0, offline); model: ` +
      `synthetic TinyBERT-L2-shaped int8 graph (\`${MODEL_PREFIX}\`, random weights, 4.5 MB) ` +
      `with the ${model.tokenizer === "real" ? "real BERT-uncased" : "tiny test"} tokenizer, ` +
      "from local R2; Workers defaults (1 thread, maxLength 128 for the Jeopardy classes, int8 " +
      "pairs scored one by one). The SciFact rows rerank the cross-encoder bench's pair sets " +
      "(section 6: its query with 30 abstracts cut to 128 tokens, and 100 cut to 256) through a " +
      "plain list query, so their in-Worker time is the Workers path's figure for those sets. " +
      `${n} warm requests per row after ${WARMUP} warm-up requests (WASM tier-up: ` +
      "the first ~50 reranks after session create are 2-4x slower), each with a distinct " +
      "rerank query (no score-cache hits).",
    ],
    tables: [
      {
        title: "Bundle (`wrangler deploy --dry-run --outdir`), KiB",
        header: ["file", "raw", "gzip"],
        rows: bundle,
      },
      {
        title: "Start-up (client-side ms; in-Worker ms from `x-worker-ms`)",
        header: ["step", "client ms", "in-Worker ms", "WASM heap MiB after"],
        rows: startRows,
      },
      {
        title: "Warm requests",
        header: [
          "request",
          "results",
          "client p50 ms",
          "client p95 ms",
          "in-Worker p50 ms",
          "WASM heap MiB after",
        ],
        rows: latencyRows,
      },
    ],
    notes: [
      "In-Worker time is wall time under wrangler dev, where it approximates CPU time for this " +
      "single-threaded work (production Workers freeze `Date.now()` during CPU work). The WASM " +
      "heap is `WebAssembly.Memory.buffer.byteLength` of ORT's memory (`GET /_worker/stats`, " +
      "enabled by `GATEWAY_DEBUG=1`); it never shrinks, so the last value is the high-water " +
      "mark. wrangler dev does not enforce the 128 MB isolate limit.",
    ],
  };
}

function ms(x: number): string {
  return Number.isFinite(x) ? x.toFixed(1) : "n/a";
}

function row(label: string, t: Timed, heap: string): string[] {
  return [label + (t.ok ? "" : " (failed)"), ms(t.clientMs), ms(t.workerMs), heap];
}

/** The section as Markdown, between markers so that the next run replaces it. */
export function renderWorkersSection(section: BenchSection): string {
  const machine = machineMarkdown(machineInfo());
  return [
    MARK,
    `## ${section.title}`,
    `- command: \`${section.standaloneCommand}\`\n${machine}`,
    ...section.intro,
    ...section.tables.map(markdownTable),
    ...section.notes,
  ].join("\n\n") + "\n";
}

if (import.meta.main) {
  if (!wranglerBin()) throw new Error("wrangler is not installed: run `npm ci` first");
  const text = renderWorkersSection(await runWorkersBench());
  const file = join(REPO_ROOT, "BENCHMARKS.md");
  const old = await Deno.readTextFile(file).catch(() => "");
  const at = old.indexOf(MARK);
  const kept = (at >= 0 ? old.slice(0, at) : old).trimEnd();
  await Deno.writeTextFile(file, `${kept}\n\n${text}`);
  console.error(`bench:workers: wrote the Workers section of ${file}`);
}
