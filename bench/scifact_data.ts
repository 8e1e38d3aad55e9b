/**
 * BEIR SciFact (test split) for the retrieval-quality benchmarks: reads corpus, queries and qrels
 * from `../shared/data/scifact`, and builds gateway services over the corpus through the real
 * config parser (`parseConfig`) and `buildServices`, from memory.
 *
 * Document ids: every record gets the deterministic UUID v5 of `scifact/<BEIR doc id>` (in the
 * store's own namespace) as its `id`, so GraphQL answers need only `_additional { id }`; the bench
 * maps the UUID back to the BEIR id. The BEIR id is also kept as `docId`, a text property that is
 * not searchable (it never influences bm25).
 * @module
 */
import { parseConfig } from "../src/pipeline/catalog.ts";
import { buildServices } from "../src/pipeline/build_services.ts";

import type { Reranker } from "../src/core/reranker.ts";
import type { Services } from "../src/pipeline/services.ts";
import { ID_NAMESPACE, uuidV5 } from "../src/stores/embedded/uuid.ts";
import { englishAnalyzer } from "./english_analyzer.ts";
import type { Judgements } from "./ir_metrics.ts";
import { testRuntime } from "../tools/testing/runtime.ts";

/** Where `deno task bench` looks for SciFact (relative to the repository root). */
export const SCIFACT_DIR = "../shared/data/scifact";

/** One corpus document. */
export interface SciFactDoc {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

/** The loaded test split. */
export interface SciFact {
  readonly corpus: readonly SciFactDoc[];
  /** Test queries in file order (`metadata` is never read). */
  readonly queries: readonly { readonly id: string; readonly text: string }[];
  /** Query id -> judgements. */
  readonly qrels: ReadonlyMap<string, Judgements>;
  /** Store UUID -> BEIR doc id. */
  readonly docIdOf: ReadonlyMap<string, string>;
}

/** Loaded data, or why it could not be loaded (missing directory or no read permission). */
export type SciFactLoad =
  | { readonly ok: true; readonly data: SciFact }
  | { readonly ok: false; readonly reason: string };

function jsonl(text: string): Record<string, unknown>[] {
  return text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
}

/** Reads the split; never throws for a missing directory or a missing read permission. */
export async function loadSciFact(dir: string = SCIFACT_DIR): Promise<SciFactLoad> {
  let corpusText: string, queriesText: string, qrelsText: string;
  try {
    corpusText = await Deno.readTextFile(`${dir}/corpus.jsonl`);
    queriesText = await Deno.readTextFile(`${dir}/queries.test.jsonl`);
    qrelsText = await Deno.readTextFile(`${dir}/qrels/test.tsv`);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotCapable) {
      return { ok: false, reason: `${dir} is not readable (${err.name}: ${err.message})` };
    }
    throw err;
  }
  const corpus = jsonl(corpusText).map((r) => ({
    id: String(r._id),
    title: String(r.title ?? ""),
    text: String(r.text ?? ""),
  }));
  const queries = jsonl(queriesText).map((r) => ({ id: String(r._id), text: String(r.text) }));
  const qrels = new Map<string, Map<string, number>>();
  for (const line of qrelsText.split("\n").slice(1)) {
    const [q, d, s] = line.trim().split("\t");
    if (!q || !d) continue;
    if (!qrels.has(q)) qrels.set(q, new Map());
    qrels.get(q)!.set(d, Number(s));
  }
  const docIdOf = new Map<string, string>();
  for (const d of corpus) docIdOf.set(await docUuid(d.id), d.id);
  return { ok: true, data: { corpus, queries, qrels, docIdOf } };
}

/** The store UUID of a BEIR doc id. */
export function docUuid(docId: string): Promise<string> {
  return uuidV5(ID_NAMESPACE, `scifact/${docId}`);
}

/** How the corpus is laid out in the collection. */
export type SciFactLayout = "multifield" | "flat";

/** Text analysis applied to documents and queries before they reach the gateway. */
export type SciFactAnalyzer = "word" | "english";

/** Options of {@link buildSciFactServices}. */
export interface SciFactServicesOptions {
  readonly data: SciFact;
  /** `multifield`: `title` and `text` properties; `flat`: one `content` = title + " " + text. */
  readonly layout: SciFactLayout;
  /**
   * `word` (default): the text as is (the store's Weaviate `word` tokenization); `english`: text
   * pre-analysed with {@link englishAnalyzer} (a documented alternative, not a product feature).
   */
  readonly analyzer?: SciFactAnalyzer;
  /** Injected as the class's reranker (the class gets `reranker-dummy` in its moduleConfig). */
  readonly reranker?: Reranker;
}

/** The built services and what the bench needs to query them. */
export interface SciFactServices {
  readonly services: Services;
  readonly className: string;
  /** The searchable properties (`bm25.properties`). */
  readonly properties: readonly string[];
  /** Applies the analyzer to a query (identity for `word`). */
  readonly analyze: (text: string) => string;
}

/** Builds the services for one layout / analyzer. */
export async function buildSciFactServices(
  opts: SciFactServicesOptions,
): Promise<SciFactServices> {
  const analyzer = opts.analyzer ?? "word";
  const analyze = analyzer === "english" ? englishAnalyzer : (t: string) => t;
  const className = `SciFact${opts.layout === "flat" ? "Flat" : "Multi"}${
    analyzer === "english" ? "English" : ""
  }`;
  const properties = opts.layout === "flat" ? ["content"] : ["title", "text"];
  const text = (name: string, searchable = true) => ({
    name,
    dataType: ["text"],
    tokenization: "word",
    indexSearchable: searchable,
  });
  const raw = {
    collections: [{
      class: className,
      properties: [...properties.map((p) => text(p)), text("docId", false)],
      vectorizer: "none",
      moduleConfig: opts.reranker ? { "reranker-dummy": {} } : {},
      store: { kind: "embedded", files: [`mem:${className}.jsonl`] },
    }],
  };
  const parsed = parseConfig(raw);
  if (!parsed.ok) throw new Error(`SciFact config: ${parsed.problems.join("; ")}`);
  const records = async () => {
    const lines: string[] = [];
    for (const d of opts.data.corpus) {
      const fields = opts.layout === "flat"
        ? { content: analyze(`${d.title} ${d.text}`) }
        : { title: analyze(d.title), text: analyze(d.text) };
      lines.push(JSON.stringify({ id: await docUuid(d.id), docId: d.id, ...fields }));
    }
    return lines.join("\n");
  };
  const reranker = opts.reranker;
  const services = await buildServices(parsed.config, {
    runtime: testRuntime({ readText: () => records() }),
    ...(reranker ? { createReranker: () => reranker } : {}),
  });
  return { services, className, properties, analyze };
}
