/**
 * Parse + validate with a cache, and the vector-literal fast path (see vector_literals.ts): a
 * query with long numeric list literals is validated once per shape, not once per request.
 * Before graphql-js sees a query, its cost is checked against the limits (query_cost.ts): text
 * depth before parsing, fields / class fields / depth after fragment expansion before validating.
 * A valid document is compiled once (the `compile` option, compiled_query.ts) and cached with it.
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
import type { CompiledQuery } from "./compiled_query.ts";
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
  blankVectorLiterals,
  listsSpanLines,
  listTokens,
  locationMapper,
  restoreVectorLiterals,
  sameLayout,
  scanVectorLiterals,
  type SourceLocation,
  type VectorList,
  vectorShapeKey,
  type VectorSpan,
} from "./vector_literals.ts";

/** The limits {@link createDocumentPreparer} applies. */
export type PreparerLimits = Pick<
  LimitsConfig,
  "maxQueryDepth" | "maxClassFields" | "maxExpandedFields" | "documentCacheBytes"
>;

/** Compiles a valid document; `blanked`: offset of each blanked list's `[` -> its list index. */
export type CompileDocument = (
  document: DocumentNode,
  blanked: ReadonlyMap<number, number>,
) => CompiledQuery | undefined;

/** Options of {@link createDocumentPreparer}. */
export interface PreparerOptions {
  /** Query limits and the cache's byte budget (default: {@link DEFAULT_LIMITS}). */
  readonly limits?: PreparerLimits;
  /** Use this cache (lets tests and metrics observe it). */
  readonly cache?: DocumentCache;
  /** Longer query texts are not cached, so unique giant queries cannot fill the heap (64 KiB). */
  readonly maxCachedQueryLength?: number;
  /** Builds the compiled form cached with each valid document (none without it). */
  readonly compile?: CompileDocument;
}

/** A prepared query: its document (or errors), and for the compiled path the request's vectors. */
export interface PreparedDocument extends CachedDocument {
  /** The query's vector literals by list index (with `compiled`, when it has any). */
  readonly vectors?: readonly (readonly number[])[];
  /**
   * Maps a location in the compiled form's document to this query (its lists are longer or
   * shorter than those of the query the form was compiled from); absent: the same places.
   */
  readonly relocate?: (loc: SourceLocation) => SourceLocation;
}

/** Returns the executable document of a query, or its syntax / validation errors. */
export type Prepare = (query: string) => PreparedDocument;

interface ShapeEntry extends CachedDocument {
  /** Every blanked list sits where a vector (`Vector` or `[Float]`) is expected. */
  readonly vectorSafe: boolean;
  /** The lists of the query the entry was built from (where its document's lists are). */
  readonly layout: readonly VectorSpan[];
}

const NO_LISTS: ReadonlyMap<number, number> = new Map();

function isVectorType(type: GraphQLInputType | null | undefined): boolean {
  if (!type) return false;
  const t = getNullableType(type);
  if (isScalarType(t)) return t.name === "Vector";
  if (!isListType(t)) return false;
  const item = getNullableType(t.ofType);
  return isScalarType(item) && item.name === "Float";
}

function vectorSafe(
  schema: GraphQLSchema,
  document: DocumentNode,
  blanked: ReadonlyMap<number, number>,
): boolean {
  const info = new TypeInfo(schema);
  let safe = true;
  visit(
    document,
    visitWithTypeInfo(info, {
      ListValue(node) {
        if (node.loc && blanked.has(node.loc.start) && !isVectorType(info.getInputType())) {
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

  function compiled(document: DocumentNode, blanked: ReadonlyMap<number, number>) {
    try {
      return opts.compile?.(document, blanked);
    } catch {
      // graphql-js answers such a document itself (the same failure, as its own error).
      return undefined;
    }
  }

  function build(query: string, blanked?: ReadonlyMap<number, number>): CachedDocument {
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
    let validationErrors;
    try {
      validationErrors = validate(schema, document);
    } catch (err) {
      if (isStackOverflow(err)) return refused(queryTooComplex(limits.maxQueryDepth));
      throw err;
    }
    const compiledForm = validationErrors.length === 0 && blanked
      ? compiled(document, blanked)
      : undefined;
    return {
      document,
      validationErrors,
      classFields: cost.classFields,
      ...(compiledForm ? { compiled: compiledForm } : {}),
    };
  }

  function cached<T extends CachedDocument>(key: string, length: number, make: () => T): T {
    const hit = cache.get(key) as T | undefined;
    if (hit) return hit;
    const entry = make();
    if (length <= maxLength) cache.set(key, entry);
    return entry;
  }

  function buildShape(text: string, lists: readonly VectorList[]): ShapeEntry {
    const blanked = new Map(lists.map((l, i) => [l.open, i]));
    const entry = build(text);
    const ok = !!entry.document && entry.validationErrors.length === 0 &&
      vectorSafe(schema, entry.document, blanked);
    const compiledForm = ok ? compiled(entry.document!, blanked) : undefined;
    return {
      ...entry,
      vectorSafe: ok,
      layout: lists.map(({ open, close }) => ({ open, close })),
      ...(compiledForm ? { compiled: compiledForm } : {}),
      // The document's source is the blanked text (a string of its own, not the key).
      extraBytes: 2 * text.length,
    };
  }

  /**
   * The request's document: the cached blanked one with this query's numbers put back (lazily:
   * the compiled path does not need it). When the query's lists have other lengths than the
   * cached document's, the compiled form's locations are mapped, and the document is this query's
   * own blanked text parsed afresh.
   */
  function withVectors(
    shape: ShapeEntry,
    query: string,
    lists: readonly VectorList[],
  ): PreparedDocument {
    const same = sameLayout(shape.layout, lists);
    let document: DocumentNode | undefined;
    return {
      validationErrors: [],
      classFields: shape.classFields,
      compiled: shape.compiled,
      vectors: lists.map((l) => l.values),
      ...(same ? {} : {
        relocate: locationMapper(shape.document!.loc!.source.body, shape.layout, lists),
      }),
      get document(): DocumentNode {
        const blanked = same ? shape.document! : build(blankVectorLiterals(query, lists)).document!;
        return document ??= restoreVectorLiterals(
          blanked,
          new Map(lists.map((l) => [l.open, listTokens(query, l)])),
        );
      },
    };
  }

  function answer(
    shape: ShapeEntry,
    query: string,
    lists: readonly VectorList[],
  ): PreparedDocument {
    // Refused by a limit: the full query has the same structure, so the same answer.
    if (!shape.document && !shape.syntaxError) return shape;
    if (shape.vectorSafe) return withVectors(shape, query, lists);
    // Errors, or a long list where no vector belongs: answer exactly as without the fast path.
    return build(query);
  }

  return (query) => {
    const lists = scanVectorLiterals(query);
    if (lists.length === 0) {
      return cached("query:" + query, query.length, () => build(query, NO_LISTS));
    }
    if (listsSpanLines(query, lists)) {
      // Line breaks stay in the blanked text: key by that text.
      const text = blankVectorLiterals(query, lists);
      return answer(
        cached("shape:" + text, query.length, () => buildShape(text, lists)),
        query,
        lists,
      );
    }
    const make = () => buildShape(blankVectorLiterals(query, lists), lists);
    // One entry per structure, whatever the lengths of the numbers: a client sending a new
    // vector with every request hits it.
    const shape = cached("vec:" + vectorShapeKey(query, lists), query.length, make);
    if (shape.compiled || !shape.vectorSafe || sameLayout(shape.layout, lists)) {
      return answer(shape, query, lists);
    }
    // graphql-js executes the restored document, which must have this query's layout.
    return answer(
      cached("vec:" + vectorShapeKey(query, lists, true), query.length, make),
      query,
      lists,
    );
  };
}
