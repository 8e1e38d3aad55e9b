/**
 * Parses raw JSON into the typed {@link GatewayConfig}: structure and defaults with zod, semantic
 * rules from `rules.ts`, every problem reported at once with the path of the bad key.
 * @module
 */
import { DEFAULT_LIMITS } from "./default_limits.ts";
import { DEFAULT_MAX_RESPONSE_BYTES } from "../core/module_deps.ts";
import { z } from "zod";
import type { DataType, GatewayConfig, PropertyConfig } from "./types.ts";
import { checkRules, TEXT_DATA_TYPES } from "./rules.ts";
import { issueMessage } from "./issues.ts";
import { checkStores } from "./store_check.ts";
import type { ProviderCatalog } from "../core/provider.ts";
import {
  didYouMean,
  formatProblem,
  isUnder,
  type KeyPath,
  type Problem,
  sortProblems,
} from "./problems.ts";

/** Every data type the gateway understands (the `DataType` union, as a list). */
export const DATA_TYPES = [
  "text",
  "text[]",
  "string",
  "string[]",
  "int",
  "int[]",
  "number",
  "number[]",
  "boolean",
  "boolean[]",
  "date",
  "date[]",
  "uuid",
  "uuid[]",
  "geoCoordinates",
  "phoneNumber",
  "blob",
] as const satisfies readonly DataType[];

/** Weaviate's class-name rule. */
export const CLASS_NAME_RE = /^[A-Z][_0-9A-Za-z]*$/;
/** Weaviate's property-name rule. */
export const PROPERTY_NAME_RE = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** A property name, or a dotted path into an object value (`author.name`). */
const RERANK_PATH_RE = /^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*)*$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A host name or bracketed IPv6 address, as `modules.baseUrlAllowList` takes them. */
const HOSTNAME_RE =
  /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?)$/;

const dataTypeSchema = z.unknown().transform((value, ctx): readonly [DataType] => {
  // Weaviate wraps the type in a one-element array; a bare string is accepted as shorthand.
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.some((t) => typeof t !== "string")) {
    ctx.issues.push({
      code: "custom",
      input: value,
      message: 'expected a data type like ["text"]',
    });
    return z.NEVER;
  }
  if (list.length !== 1) {
    ctx.issues.push({
      code: "custom",
      input: value,
      message:
        `expected exactly one data type, got ${list.length} (cross-references are not supported)`,
    });
    return z.NEVER;
  }
  const type = list[0] as string;
  if (!(DATA_TYPES as readonly string[]).includes(type)) {
    const hint = /^[A-Z]/.test(type)
      ? " (cross-references to other classes are not supported)"
      : "";
    ctx.issues.push({
      code: "custom",
      input: value,
      message: `unknown data type ${JSON.stringify(type)} (expected one of ${
        DATA_TYPES.join(", ")
      })${didYouMean(type, DATA_TYPES)}${hint}`,
    });
    return z.NEVER;
  }
  return [type as DataType];
});

const propertySchema = z
  .strictObject({
    name: z.string().regex(PROPERTY_NAME_RE, {
      error: (iss) =>
        `invalid property name ${JSON.stringify(iss.input)}: must match ${PROPERTY_NAME_RE}`,
    }),
    dataType: dataTypeSchema,
    description: z.string().optional(),
    tokenization: z.enum(["word", "lowercase", "whitespace", "field"]).optional(),
    indexFilterable: z.boolean().default(true),
    indexSearchable: z.boolean().optional(),
  })
  .transform((p) => {
    const isText = TEXT_DATA_TYPES.has(p.dataType[0]);
    return {
      ...p,
      tokenization: p.tokenization ?? "word",
      // Weaviate's default: searchable (bm25) only where there is text to tokenize.
      indexSearchable: p.indexSearchable ?? isText,
    };
  });

const collectionSchema = z.strictObject({
  class: z.string().regex(CLASS_NAME_RE, {
    error: (iss) => {
      const name = String(iss.input);
      const fixed = name.charAt(0).toUpperCase() + name.slice(1);
      const hint = CLASS_NAME_RE.test(fixed) ? ` (did you mean ${JSON.stringify(fixed)}?)` : "";
      return `invalid class name ${JSON.stringify(iss.input)}: must match ${CLASS_NAME_RE}${hint}`;
    },
  }),
  description: z.string().optional(),
  // Omitted or "upstream": read from the upstream schema at start-up (rules.ts says where allowed).
  properties: z.preprocess(
    (v) => (v === "upstream" ? undefined : v),
    z.array(propertySchema).optional(),
  ),
  vectorizer: z.string().default("none"),
  moduleConfig: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  vectorIndexConfig: z
    .strictObject({
      distance: z.enum(["cosine", "dot", "l2-squared", "manhattan", "hamming"]).default("cosine"),
    })
    .prefault({}),
  // Weaviate's stop words (adapters/repos/db/inverted/stopwords): `en` unless told otherwise.
  invertedIndexConfig: z
    .strictObject({
      stopwords: z
        .strictObject({
          preset: z.enum(["en", "none"]).default("en"),
          additions: z.array(z.string()).nullable().default(null).transform((a) => a ?? []),
          removals: z.array(z.string()).nullable().default(null).transform((a) => a ?? []),
        })
        .prefault({}),
    })
    .prefault({}),
  // Validated by the store's declaration (store_check.ts); here only "an object".
  store: z.record(z.string(), z.unknown()),
  rerank: z.strictObject({
    arguments: z.boolean().default(true),
    window: z.int().min(1).optional(),
    minScore: z.number().optional(),
    autocut: z.int().min(0).optional(),
    inheritQuery: z.boolean().default(false),
    properties: z.array(
      z.string().regex(RERANK_PATH_RE, {
        error: (iss) =>
          `${JSON.stringify(iss.input)} is not a property name or dotted path (e.g. "title", ` +
          `"author.name")`,
      }),
    ).min(1).optional(),
    timeoutMs: z.int().min(1).optional(),
    onTimeout: z.enum(["error", "retrievalOrder"]).default("error"),
  }).optional(),
}).transform(({ properties, ...c }) =>
  Array.isArray(properties)
    ? { ...c, properties }
    : { ...c, properties: [], propertiesFrom: "upstream" as const }
);

const positiveInt = (fallback: number) => z.int().min(1).default(fallback);

const configSchema = z.strictObject({
  collections: z.array(collectionSchema).min(1),
  authentication: z
    .strictObject({
      anonymousAccessEnabled: z.boolean().default(true),
      apiKeysEnv: z.string().regex(ENV_NAME_RE, {
        error: (iss) =>
          `${JSON.stringify(iss.input)} is not an env variable name (expected ${ENV_NAME_RE})`,
      }).optional(),
    })
    .prefault({}),
  limits: z
    .strictObject({
      queryDefaultsLimit: positiveInt(DEFAULT_LIMITS.queryDefaultsLimit),
      queryDefaultsLimitGraphQL: positiveInt(DEFAULT_LIMITS.queryDefaultsLimitGraphQL),
      queryMaximumResults: positiveInt(DEFAULT_LIMITS.queryMaximumResults),
      queryHybridMaximumResults: positiveInt(DEFAULT_LIMITS.queryHybridMaximumResults),
      modulesClientTimeoutMs: positiveInt(DEFAULT_LIMITS.modulesClientTimeoutMs),
      maxRequestBytes: positiveInt(DEFAULT_LIMITS.maxRequestBytes),
      maxQueryDepth: positiveInt(DEFAULT_LIMITS.maxQueryDepth),
      maxClassFields: positiveInt(DEFAULT_LIMITS.maxClassFields),
      maxExpandedFields: positiveInt(DEFAULT_LIMITS.maxExpandedFields),
      maxBatchItems: positiveInt(DEFAULT_LIMITS.maxBatchItems),
      maxResponseBytes: positiveInt(DEFAULT_LIMITS.maxResponseBytes),
      documentCacheBytes: positiveInt(DEFAULT_LIMITS.documentCacheBytes),
      maxRequestResults: positiveInt(DEFAULT_LIMITS.maxRequestResults),
      // Request budget (connection time, CPU, concurrency): keep these together.
      requestTimeoutMs: positiveInt(DEFAULT_LIMITS.requestTimeoutMs),
      maxConcurrentRequests: positiveInt(DEFAULT_LIMITS.maxConcurrentRequests),
      maxQueuedRequests: z.int().min(0).default(DEFAULT_LIMITS.maxQueuedRequests),
    })
    .prefault({}),
  modules: z.strictObject({
    allowPrivateBaseUrls: z.boolean().default(false),
    baseUrlAllowList: z.array(
      z.string().regex(HOSTNAME_RE, {
        error: (iss) =>
          `${
            JSON.stringify(iss.input)
          } is not a host name (no scheme, port or path: "api.example.com")`,
      }),
    ).default([]),
    maxResponseBytes: positiveInt(DEFAULT_MAX_RESPONSE_BYTES),
  }).prefault({}),
});

/** The result of {@link parseConfig}. */
export type ParseResult =
  | { readonly ok: true; readonly config: GatewayConfig }
  | { readonly ok: false; readonly problems: string[] };

/** A config that failed validation; the message lists every problem. */
export class ConfigError extends Error {
  /** Each problem as `path: message`. */
  readonly problems: readonly string[];

  /** `source` names the file (or "built-in default") in the message. */
  constructor(problems: readonly string[], opts: { source?: string } = {}) {
    const where = opts.source === undefined ? "" : ` in ${opts.source}`;
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(
      `invalid gateway config${where} (${count}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/**
 * Validates raw JSON and applies defaults. Never throws: returns either the typed config or every
 * problem found, each prefixed with its key path.
 */
export function parseConfig(raw: unknown, catalog: ProviderCatalog<unknown>): ParseResult {
  const parsed = configSchema.safeParse(raw, { error: issueMessage });
  const rules = checkRules(raw, catalog);
  const stores = checkStores(raw, catalog);
  const problems: Problem[] = [...rules.problems];
  const structural = (parsed.error?.issues ?? []).flatMap(issueProblems);
  for (const p of [...structural, ...stores.problems]) {
    if (!rules.suppress.some((s) => isUnder(p.path, s))) problems.push(p);
  }
  if (problems.length > 0 || !parsed.success) {
    return { ok: false, problems: sortProblems(problems).map(formatProblem) };
  }
  const collections = parsed.data.collections.map((c, i) => ({ ...c, store: stores.parsed[i] }));
  return { ok: true, config: { ...parsed.data, collections } as GatewayConfig };
}

/**
 * Validates a list of Weaviate property definitions on its own (properties read from an upstream
 * schema at start-up); problems carry paths relative to the list (`[2, "dataType"]`).
 */
export function parseProperties(
  raw: unknown,
): { ok: true; properties: PropertyConfig[] } | { ok: false; problems: Problem[] } {
  const parsed = z.array(propertySchema).safeParse(raw, { error: issueMessage });
  if (parsed.success) return { ok: true, properties: parsed.data as PropertyConfig[] };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => ({ path: i.path as KeyPath, message: i.message })),
  };
}

/** One issue becomes one problem, except unknown keys: one problem per key, with a suggestion. */
function issueProblems(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path as KeyPath;
  if (issue.code !== "unrecognized_keys") return [{ path, message: issue.message }];
  const known = knownKeys(path);
  return issue.keys.map((key) => ({
    path: [...path, key],
    message: `unknown key${didYouMean(key, known)}`,
  }));
}

/** The keys the schema allows for the object at `path` (for "did you mean"). */
function knownKeys(path: KeyPath): string[] {
  let schema: z.core.$ZodType = configSchema;
  for (const key of [undefined, ...path]) {
    if (key !== undefined) schema = step(schema, key) ?? schema;
    schema = unwrap(schema);
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** `schema` without its default / optional / transform wrappers. */
export function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional) {
      s = s.unwrap();
    } else if (s instanceof z.ZodPipe) s = s.in instanceof z.ZodTransform ? s.out : s.in;
    else return s;
  }
}

function step(schema: z.core.$ZodType, key: string | number): z.core.$ZodType | undefined {
  if (typeof key === "number") return schema instanceof z.ZodArray ? schema.element : undefined;
  return schema instanceof z.ZodObject ? schema.shape[key] : undefined;
}
