/**
 * Semantic config checks that a structural schema cannot express: uniqueness, Weaviate's reserved
 * names, module rules (each module's settings checked by its declaration in the catalog), store
 * rules (by the store's declaration) and "no secrets in the config file". They run on the raw
 * input, beside the zod pass, so every problem is reported in one go even when parts of the
 * config are malformed.
 * @module
 */
import {
  findModule,
  type ModuleKind,
  type OptionContext,
  type ProviderCatalog,
} from "../core/provider.ts";
import { didYouMean, type KeyPath, type Problem } from "./problems.ts";
import { DEFAULT_LIMITS } from "./default_limits.ts";

/** Result of the semantic pass. */
export interface RuleResult {
  readonly problems: Problem[];
  /** Paths whose structural problems would only be noise after a problem reported here. */
  readonly suppress: KeyPath[];
}

/** Data types that carry text, the only ones Weaviate lets you tokenize or index for bm25. */
export const TEXT_DATA_TYPES: ReadonlySet<string> = new Set([
  "text",
  "text[]",
  "string",
  "string[]",
]);

/** Names Weaviate reserves for properties (`_additional` would also clash in GraphQL). */
const RESERVED_PROPERTY_NAMES = ["_additional", "_id", "id"];
/** Option keys that hold a credential; a value for them in a checked-in file is a leak. */
const SECRET_KEYS = new Set(["apikey", "apikeys", "key", "api_key", "api_keys"]);

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** What the rules read besides the raw config. */
interface RuleContext {
  readonly catalog: ProviderCatalog<unknown>;
  readonly options: OptionContext;
  /** `limits.queryMaximumResults` as configured (or its default). */
  readonly queryMaximumResults?: number;
}

/** Names of the catalog's modules of `kind`, sorted. */
function moduleNames(catalog: ProviderCatalog<unknown>, kind: ModuleKind): string[] {
  const list = kind === "reranker" ? catalog.rerankers : catalog.vectorizers;
  return list.map((m) => m.name).sort();
}

/** Runs every semantic rule over the raw config. */
export function checkRules(raw: unknown, catalog: ProviderCatalog<unknown>): RuleResult {
  const out: RuleResult = { problems: [], suppress: [] };
  if (!isObject(raw)) return out;
  const context: RuleContext = {
    catalog,
    options: {
      allowPrivateBaseUrls: isObject(raw.modules) && raw.modules.allowPrivateBaseUrls === true,
    },
  };
  const maximum = isObject(raw.limits) && typeof raw.limits.queryMaximumResults === "number"
    ? raw.limits.queryMaximumResults
    : DEFAULT_LIMITS.queryMaximumResults;
  if (Array.isArray(raw.collections)) {
    checkCollections(raw.collections, { ...context, queryMaximumResults: maximum }, out);
  }
  if (isObject(raw.authentication)) checkAuthentication(raw.authentication, out);
  return out;
}

function checkCollections(
  collections: unknown[],
  context: RuleContext,
  out: RuleResult,
): void {
  const seen = new Map<string, number>();
  collections.forEach((c, i) => {
    if (!isObject(c)) return;
    const path = ["collections", i];
    if (typeof c.class === "string") {
      const first = seen.get(c.class);
      if (first !== undefined) {
        out.problems.push({
          path: [...path, "class"],
          message: `duplicate class name ${JSON.stringify(c.class)} (also collections[${first}])`,
        });
      } else seen.set(c.class, i);
    }
    if (Array.isArray(c.properties)) checkProperties(c.properties, [...path, "properties"], out);
    checkVectorizer(c.vectorizer, context.catalog, [...path, "vectorizer"], out);
    if (isObject(c.moduleConfig)) {
      const vectorizer = typeof c.vectorizer === "string" ? c.vectorizer : "none";
      checkModuleConfig(c.moduleConfig, { vectorizer, context }, [...path, "moduleConfig"], out);
    }
    if (isObject(c.store)) checkStore(c.store, [...path, "store"], out);
    if (isObject(c.rerank)) {
      checkRerank(c, c.rerank, context.queryMaximumResults, [...path, "rerank"], out);
    }
    checkUpstreamProperties(c, context.catalog, path, out);
    const store = isObject(c.store)
      ? context.catalog.stores.find((s) => s.kind === (c.store as Obj).kind)
      : undefined;
    for (const p of store?.rules?.(c) ?? []) {
      out.problems.push({ path: [...path, ...p.path], message: p.message });
    }
  });
}

/** `rerank` needs a reranker module; its `properties` must start at a declared property. */
function checkRerank(
  c: Obj,
  rerank: Obj,
  maximum: number | undefined,
  path: KeyPath,
  out: RuleResult,
): void {
  if (maximum !== undefined && typeof rerank.window === "number" && rerank.window > maximum) {
    out.problems.push({
      path: [...path, "window"],
      message: `${rerank.window} exceeds limits.queryMaximumResults (${maximum})`,
    });
  }
  const modules = isObject(c.moduleConfig) ? Object.keys(c.moduleConfig) : [];
  if (!modules.some((m) => m.startsWith("reranker-"))) {
    out.problems.push({
      path,
      message: "the rerank extensions need a reranker module in moduleConfig (e.g. reranker-dummy)",
    });
  }
  if (!Array.isArray(c.properties) || !Array.isArray(rerank.properties)) return;
  const names = c.properties.flatMap((p) =>
    isObject(p) && typeof p.name === "string" ? [p.name] : []
  );
  rerank.properties.forEach((p, i) => {
    // A malformed path is the schema's problem (one problem per key).
    if (typeof p !== "string" || !/^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*)*$/.test(p)) {
      return;
    }
    const head = p.split(".")[0];
    if (!names.includes(head)) {
      out.problems.push({
        path: [...path, "properties", i],
        message: `unknown property ${JSON.stringify(head)}${didYouMean(head, names)}`,
      });
    }
  });
}

function checkProperties(properties: unknown[], path: KeyPath, out: RuleResult): void {
  const seen = new Map<string, number>();
  properties.forEach((p, i) => {
    if (!isObject(p)) return;
    const at = [...path, i];
    if (typeof p.name === "string") {
      const first = seen.get(p.name);
      if (first !== undefined) {
        out.problems.push({
          path: [...at, "name"],
          message: `duplicate property name ${JSON.stringify(p.name)} (also properties[${first}])`,
        });
      } else seen.set(p.name, i);
      if (RESERVED_PROPERTY_NAMES.includes(p.name)) {
        out.problems.push({
          path: [...at, "name"],
          message: `${JSON.stringify(p.name)} is a reserved property name in Weaviate`,
        });
      } else if (p.name.startsWith("__")) {
        out.problems.push({
          path: [...at, "name"],
          message: `${JSON.stringify(p.name)}: names starting with "__" are reserved by GraphQL`,
        });
      }
    }
    const type = Array.isArray(p.dataType) ? p.dataType[0] : p.dataType;
    if (typeof type === "string" && !TEXT_DATA_TYPES.has(type)) {
      // Weaviate refuses both on non-text types; accepting them here would promise bm25 on ints.
      if (p.tokenization !== undefined) {
        out.problems.push({
          path: [...at, "tokenization"],
          message: `tokenization is only allowed on text properties, not on ${
            JSON.stringify(type)
          }`,
        });
      }
      if (p.indexSearchable === true) {
        out.problems.push({
          path: [...at, "indexSearchable"],
          message: `indexSearchable is only allowed on text properties, not on ${
            JSON.stringify(type)
          }`,
        });
      }
    }
  });
}

function checkVectorizer(
  vectorizer: unknown,
  catalog: ProviderCatalog<unknown>,
  path: KeyPath,
  out: RuleResult,
): void {
  if (typeof vectorizer !== "string" || vectorizer === "none") return;
  const expected = ["none", ...moduleNames(catalog, "vectorizer")];
  const info = findModule(catalog, vectorizer);
  if (info === undefined) {
    out.problems.push({
      path,
      message: `unknown vectorizer ${JSON.stringify(vectorizer)} (expected one of ${
        expected.join(", ")
      })${didYouMean(vectorizer, expected)}`,
    });
  } else if (info.kind !== "vectorizer") {
    out.problems.push({
      path,
      message: `${JSON.stringify(vectorizer)} is a ${info.kind}, not a vectorizer ` +
        `(put it in moduleConfig; vectorizer expects one of ${expected.join(", ")})`,
    });
  }
}

function checkModuleConfig(
  moduleConfig: Obj,
  { vectorizer, context }: { vectorizer: string; context: RuleContext },
  path: KeyPath,
  out: RuleResult,
): void {
  const rerankers: string[] = [];
  const { catalog } = context;
  const known = [...moduleNames(catalog, "reranker"), ...moduleNames(catalog, "vectorizer")]
    .sort();
  for (const [name, options] of Object.entries(moduleConfig)) {
    const at = [...path, name];
    const info = findModule(catalog, name);
    const secretPaths = isObject(options) ? findSecrets(options, at) : [];
    for (const secret of secretPaths) {
      out.problems.push({ path: secret, message: secretMessage(info?.apiKeyHeader) });
    }
    if (info === undefined) {
      out.problems.push({
        path: at,
        message: `unknown module ${JSON.stringify(name)} (expected one of ${known.join(", ")})${
          didYouMean(name, known)
        }`,
      });
      continue;
    }
    if (info.kind === "reranker") rerankers.push(name);
    if (info.kind === "vectorizer" && name !== vectorizer) {
      out.problems.push({
        path: at,
        message: `configures vectorizer ${JSON.stringify(name)} but the class's vectorizer is ${
          JSON.stringify(vectorizer)
        }`,
      });
    }
    if (isObject(options)) {
      const secretKeys = new Set(
        secretPaths.filter((p) => p.length === at.length + 1).map((p) => p[at.length]),
      );
      for (const p of info.check(options, context.options)) {
        if (!secretKeys.has(p.key)) out.problems.push({ path: [...at, p.key], message: p.message });
      }
    }
  }
  if (rerankers.length > 1) {
    out.problems.push({
      path,
      message: `at most one reranker-* module per class, got ${rerankers.join(", ")}`,
    });
  }
}

/** Paths of every credential-like key below `value`, however deep. */
function findSecrets(value: unknown, path: KeyPath): KeyPath[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => findSecrets(v, [...path, i]));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) =>
    SECRET_KEYS.has(k.toLowerCase()) ? [[...path, k]] : findSecrets(v, [...path, k])
  );
}

function secretMessage(header: string | undefined): string {
  return "secrets must come from env or request headers: put the key in an env variable and " +
    `name that variable with "apiKeyEnv", or send it per request in the ${
      header ?? "provider's X-<Provider>-Api-Key"
    } header`;
}

function checkStore(store: Obj, path: KeyPath, out: RuleResult): void {
  for (const secret of findSecrets(store, path)) {
    out.problems.push({
      path: secret,
      message: "secrets must come from env: put the key in an env variable and name that " +
        'variable with "apiKeyEnv"',
    });
    out.suppress.push(secret);
  }
}

/** Omitted or `"upstream"` properties are read from the upstream schema: weaviate stores only. */
function checkUpstreamProperties(
  c: Obj,
  catalog: ProviderCatalog<unknown>,
  path: KeyPath,
  out: RuleResult,
): void {
  if (c.properties !== undefined && c.properties !== "upstream") return;
  const kind = isObject(c.store) ? c.store.kind : undefined;
  const schemaKinds = catalog.stores.filter((s) => s.describesProperties).map((s) => s.kind);
  if (typeof kind === "string" && schemaKinds.includes(kind)) return;
  out.problems.push({
    path: [...path, "properties"],
    message: c.properties === undefined
      ? "is required"
      : `"upstream" needs a store that has a schema (store.kind ${
        schemaKinds.map((k) => JSON.stringify(k)).join(" or ")
      }); declare the properties instead`,
  });
  out.suppress.push([...path, "properties"]);
}

function checkAuthentication(auth: Obj, out: RuleResult): void {
  for (const key of Object.keys(auth)) {
    if (!SECRET_KEYS.has(key.toLowerCase())) continue;
    out.problems.push({
      path: ["authentication", key],
      message: "secrets must come from env or request headers: put the comma-separated keys in " +
        'an env variable and set "apiKeysEnv" to its name',
    });
    out.suppress.push(["authentication", key]);
  }
  if (auth.anonymousAccessEnabled === false && auth.apiKeysEnv === undefined) {
    out.problems.push({
      path: ["authentication"],
      message: "anonymousAccessEnabled is false and apiKeysEnv is not set, so every request " +
        "would be refused",
    });
  }
}
