/**
 * Where a request's time goes inside graphql-js and the encoder: raw `parse` vs `validate` of the
 * literal-vector documents, and the Weaviate JSON encoder vs `JSON.stringify` on real results.
 * @module
 */
import { type GraphQLSchema, parse, validate } from "graphql";
import { toWeaviateJson } from "../src/graphql/weaviate_json.ts";
import type { BenchTable } from "./report.ts";
import { ms, ratio, summarize } from "./stats.ts";

/** Times `fn` `n` times after `warmup` calls; per-call samples in ms. */
export function sampleSync(fn: () => unknown, n: number, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Options of {@link parseValidateTable}. */
export interface ParseValidateOptions {
  readonly schema: GraphQLSchema;
  /** Labelled documents, e.g. the 384-d and 1536-d literal queries. */
  readonly documents: readonly { readonly label: string; readonly query: string }[];
  readonly iterations: number;
  readonly warmup: number;
}

/** graphql-js `parse` and `validate` per call for each document. */
export function parseValidateTable(o: ParseValidateOptions): BenchTable {
  const rows = o.documents.map(({ label, query }) => {
    const parsed = summarize(sampleSync(() => parse(query), o.iterations, o.warmup));
    const doc = parse(query);
    const errors = validate(o.schema, doc);
    if (errors.length > 0) throw new Error(`${label}: invalid document: ${errors[0].message}`);
    const validated = summarize(sampleSync(() => validate(o.schema, doc), o.iterations, o.warmup));
    return [
      label,
      String(new TextEncoder().encode(query).length),
      ms(parsed.p50),
      ms(parsed.p99),
      ms(validated.p50),
      ms(validated.p99),
      ms(parsed.p50 + validated.p50),
    ];
  });
  return {
    title: `graphql-js 16 parse vs validate, per call (${o.iterations} calls after ${o.warmup})`,
    header: [
      "document",
      "bytes",
      "parse p50",
      "parse p99",
      "validate p50",
      "validate p99",
      "parse+validate p50",
    ],
    rows,
  };
}

/** Options of {@link encodeTable}. */
export interface EncodeOptions {
  /** Labelled execution results (`{ data }`) to encode. */
  readonly results: readonly { readonly label: string; readonly value: unknown }[];
  readonly iterations: number;
  readonly warmup: number;
}

/** `toWeaviateJson` (sorted keys, float32 formatting) vs `JSON.stringify` (what `c.json` does). */
export function encodeTable(o: EncodeOptions): BenchTable {
  const rows = o.results.map(({ label, value }) => {
    const ours = summarize(sampleSync(() => toWeaviateJson(value), o.iterations, o.warmup));
    const plain = summarize(sampleSync(() => JSON.stringify(value), o.iterations, o.warmup));
    return [
      label,
      String(new TextEncoder().encode(toWeaviateJson(value)).length),
      ms(ours.p50),
      ms(ours.p99),
      ms(plain.p50),
      ms(plain.p99),
      ratio(ours.p50, plain.p50),
    ];
  });
  return {
    title: `Response encoding, per call (${o.iterations} calls after ${o.warmup})`,
    header: [
      "result",
      "bytes",
      "toWeaviateJson p50",
      "p99",
      "JSON.stringify p50",
      "p99",
      "ratio p50",
    ],
    rows,
  };
}
