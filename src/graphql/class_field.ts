/**
 * One `Get { C(...) { ... } }` class field, resolved: plan, request budget, pipeline, source
 * objects. Both query paths call it, graphql-js's resolver and the compiled path, so a class
 * field behaves (and fails, and settles) the same on both.
 * @module
 */
import type { CollectionConfig } from "../config/types.ts";
import { queryError } from "../errors/query_errors.ts";
import { runPipeline } from "../pipeline/pipeline.ts";
import type { Services } from "../pipeline/services.ts";
import type { WeaviateGraphQLError } from "./error_format.ts";
import type { RequestContext } from "./executor.ts";
import { compilePlan } from "./plan_compiler.ts";
import type { ClassSelection } from "./selection.ts";
import { shapeItem } from "./shape.ts";

/** What a class field is resolved with; the functions run inside the resolution, in order. */
export interface ClassFieldCall {
  /** Coerced arguments. */
  // deno-lint-ignore no-explicit-any
  readonly args: Record<string, any>;
  readonly selection: () => ClassSelection;
  /** `["Get", "<response key>"]`. */
  readonly path: () => string[];
  /** Location of the field's first node, for warnings. */
  readonly locations: () => WeaviateGraphQLError["locations"];
}

/** Error entries of answers that still carry data (the rerank timeout fallback), per request. */
const WARNINGS = new WeakMap<RequestContext, WeaviateGraphQLError[]>();

function warningsOf(ctx: RequestContext): WeaviateGraphQLError[] {
  let list = WARNINGS.get(ctx);
  if (!list) WARNINGS.set(ctx, list = []);
  return list;
}

/** Takes the warnings the class fields of `ctx` reported (and forgets them). */
export function takeWarnings(ctx: RequestContext): WeaviateGraphQLError[] {
  const list = WARNINGS.get(ctx) ?? [];
  WARNINGS.delete(ctx);
  return list;
}

/** Resolves one class field to the source objects of its results. */
export async function resolveClassField(
  services: Services,
  c: CollectionConfig,
  ctx: RequestContext,
  call: ClassFieldCall,
): Promise<Record<string, unknown>[]> {
  const collection = services.collections.get(c.class);
  if (!collection) throw new Error(`class ${c.class} has no store`);
  const plan = compilePlan(c, call.args, call.selection(), services.config.limits);
  if (ctx.budget?.objects !== undefined) {
    ctx.budget.objects -= Math.max(plan.offset + plan.limit, plan.rerank?.window ?? 0);
    if (ctx.budget.objects < 0) {
      throw queryError("request_results", services.config.limits.maxRequestResults);
    }
  }
  const path = call.path();
  const locations = call.locations();
  const items = await runPipeline(plan, collection, {
    signal: ctx.signal,
    headers: ctx.headers,
    warn: (message) => warningsOf(ctx).push({ locations, message, path }),
    telemetry: ctx.telemetry,
  });
  return items.map((item) => shapeItem(c, plan, item));
}
