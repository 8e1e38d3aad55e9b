/**
 * Runs a {@link CompiledQuery}: the class fields are resolved in graphql-js's order through the
 * same resolution as its resolvers (class_field.ts), each result is completed and encoded as it
 * settles, and errors are collected in the order graphql-js collects them (same promise steps:
 * completion on the resolution, the class error one step later).
 * @module
 */
import { type GraphQLError, locatedError } from "graphql";
import { elapsedMs } from "../core/telemetry.ts";
import type { Services } from "../pipeline/services.ts";
import { argsFor } from "./compiled_args.ts";
import { encodeField } from "./compiled_encoder.ts";
import type { CompiledQuery } from "./compiled_query.ts";
import { resolveClassField } from "./class_field.ts";
import type { RequestContext } from "./executor.ts";
import type { RawJson } from "./weaviate_json.ts";

/** What a compiled run needs besides the query. */
export interface CompiledRunOptions {
  readonly services: Services;
  readonly ctx: RequestContext;
  /** The request's vector literals, by index among the scanned lists. */
  readonly vectors: readonly (readonly number[])[];
  /** Maps the compiled document's locations to the request's text (see prepare.ts). */
  readonly relocate?: (loc: { line: number; column: number }) => { line: number; column: number };
}

/** The execution result: `data` with each class field as pre-encoded JSON (or null), errors. */
export interface CompiledResult {
  readonly data: Record<string, unknown>;
  readonly errors: GraphQLError[];
}

/** Executes a compiled query (the compiled equivalent of graphql-js `execute`). */
export async function runCompiledQuery(
  query: CompiledQuery,
  opts: CompiledRunOptions,
): Promise<CompiledResult> {
  const { services, ctx, vectors, relocate } = opts;
  const errors: GraphQLError[] = [];
  const data: Record<string, unknown> = {};
  const pending: Promise<unknown>[] = [];
  // Characters the answer may still take (class fields complete in any order).
  let left = ctx.responseBytes ?? Infinity;
  for (const root of query.roots) {
    if (root.kind === "typename") {
      data[root.key] = root.value;
      continue;
    }
    const get: Record<string, RawJson | string | null> = {};
    data[root.key] = get;
    for (const f of root.fields) {
      if (f.kind === "typename") {
        get[f.key] = f.value;
        continue;
      }
      const path = [f.getKey, f.key];
      const resolved = resolveClassField(services, f.collection, ctx, {
        args: argsFor(f.args, vectors),
        selection: () => f.selection,
        path: () => [...path],
        locations: () => f.locations && f.locations.map((l) => relocate ? relocate(l) : { ...l }),
      });
      const completed = resolved.then((items) => {
        const started = performance.now();
        const encoded = encodeField(f.output, items, f.nodes, path, left);
        ctx.telemetry?.stage("encode", elapsedMs(started));
        left -= encoded.json.text.length;
        errors.push(...encoded.errors);
        get[f.key] = encoded.json;
      });
      pending.push(completed.then(undefined, (raw) => {
        errors.push(locatedError(raw, f.nodes, [...path]));
        get[f.key] = null;
      }));
    }
  }
  await Promise.all(pending);
  return { data, errors };
}
