/**
 * Parse + validate with a cache, and the vector-literal fast path (see vector_literals.ts): a
 * query with long numeric list literals is validated once per shape, not once per request.
 * Before graphql-js sees a query, its cost is checked against the limits (query_cost.ts): text
 * depth before parsing, fields / class fields / depth after fragment expansion before validating.
 * @module
 */
import {
  type DocumentNode,
  getNullableType,
  type GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  isListType,
  isScalarType,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { DEFAULT_LIMITS } from "../config/default_limits.ts";
import type { LimitsConfig } from "../config/types.ts";
import { type CachedDocument, DocumentCache } from "./document_cache.ts";
import {
  isStackOverflow,
  queryTooComplex,
  queryTooDeep,
  tooManyClassFields,
  tooManyFields,
} from "./limit_errors.ts";
import { measureDocument, textDepth } from "./query_cost.ts";
import {
  restoreVectorLiterals,
  type StrippedQuery,
  stripVectorLiterals,
} from "./vector_literals.ts";

/** The limits {@link createDocumentPreparer} applies. */
export type PreparerLimits = Pick<
  LimitsConfig,
  "maxQueryDepth" | "maxClassFields" | "maxExpandedFields" | "documentCacheBytes"
>;

/** Options of {@link createDocumentPreparer}. */
export interface PreparerOptions {
  /** Query limits and the cache's byte budget (default: {@link DEFAULT_LIMITS}). */
  readonly limits?: PreparerLimits;
  /** Use this cache (lets tests and metrics observe it). */
  readonly cache?: DocumentCache;
  /** Longer query texts are not cached, so unique giant queries cannot fill the heap (64 KiB). */
  readonly maxCachedQueryLength?: number;
}

/** Returns the executable document of a query, or its syntax / validation errors. */
export type Prepare = (query: string) => CachedDocument;

interface ShapeEntry extends CachedDocument {
  /** Every blanked list sits where a vector (`Vector` or `[Float]`) is expected. */
  readonly vectorSafe: boolean;
}

function isVectorType(type: GraphQLInputType | null | undefined): boolean {
  if (!type) return false;
  const t = getNullableType(type);
  if (isScalarType(t)) return t.name === "Vector";
  if (!isListType(t)) return false;
  const item = getNullableType(t.ofType);
  return isScalarType(item) && item.name === "Float";
}

function vectorSafe(schema: GraphQLSchema, document: DocumentNode, s: StrippedQuery): boolean {
  const info = new TypeInfo(schema);
  let safe = true;
  visit(
    document,
    visitWithTypeInfo(info, {
      ListValue(node) {
        if (node.loc && s.lists.has(node.loc.start) && !isVectorType(info.getInputType())) {
          safe = false;
        }
      },
    }),
  );
  return safe;
}

/** Creates a cached parse + validate function for a schema. */
export function createDocumentPreparer(schema: GraphQLSchema, opts: PreparerOptions = {}): Prepare {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const cache = opts.cache ?? new DocumentCache({ maxBytes: limits.documentCacheBytes });
  const maxLength = opts.maxCachedQueryLength ?? 64 * 1024;
  const refused = (err: GraphQLError): CachedDocument => ({ validationErrors: [err] });

  function build(query: string): CachedDocument {
    if (textDepth(query) > limits.maxQueryDepth) return refused(queryTooDeep(limits.maxQueryDepth));
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (err) {
      if (isStackOverflow(err)) return refused(queryTooComplex(limits.maxQueryDepth));
      return { syntaxError: err as GraphQLError, validationErrors: [] };
    }
    let cost;
    try {
      cost = measureDocument(document);
    } catch (err) {
      if (isStackOverflow(err)) return refused(queryTooComplex(limits.maxQueryDepth));
      throw err;
    }
    if (cost.depth > limits.maxQueryDepth) return refused(queryTooDeep(limits.maxQueryDepth));
    if (cost.classFields > limits.maxClassFields) {
      return refused(tooManyClassFields(cost.classFields, limits.maxClassFields));
    }
    if (cost.expandedFields > limits.maxExpandedFields) {
      return refused(tooManyFields(cost.expandedFields, limits.maxExpandedFields));
    }
    try {
      return {
        document,
        validationErrors: validate(schema, document),
        classFields: cost.classFields,
      };
    } catch (err) {
      if (isStackOverflow(err)) return refused(queryTooComplex(limits.maxQueryDepth));
      throw err;
    }
  }

  function cached<T extends CachedDocument>(key: string, make: () => T): T {
    const hit = cache.get(key) as T | undefined;
    if (hit) return hit;
    const entry = make();
    if (key.length <= maxLength) cache.set(key, entry);
    return entry;
  }

  return (query) => {
    const stripped = stripVectorLiterals(query);
    if (stripped) {
      const shape: ShapeEntry = cached("shape:" + stripped.shape, () => {
        const entry = build(stripped.shape);
        const ok = !!entry.document && entry.validationErrors.length === 0 &&
          vectorSafe(schema, entry.document, stripped);
        return { ...entry, vectorSafe: ok };
      });
      // Refused by a limit: the full query has the same structure, so the same answer.
      if (!shape.document && !shape.syntaxError) return shape;
      if (shape.vectorSafe) {
        return {
          document: restoreVectorLiterals(shape.document!, stripped.lists),
          validationErrors: [],
          classFields: shape.classFields,
        };
      }
      // Errors, or a long list where no vector belongs: answer exactly as without the fast path.
      return build(query);
    }
    return cached("query:" + query, () => build(query));
  };
}
