/**
 * The fuzzer's test cases: HTTP requests to the gateway. GraphQL documents from graphql_doc.ts
 * wrapped in `POST /v1/graphql` and `/v1/graphql/batch` bodies (some mutated into garbage, wrong
 * types, truncated, BOM-prefixed, deeply nested or over the size limit), the other routes with odd
 * methods, and odd headers: content types, `X-*-Baseurl` pointing elsewhere, `X-*-Api-Key`,
 * `Authorization`. Shared by `deno task bench:fuzz` and tests/fuzz/fuzz_sample_test.ts.
 * @module
 */
import fc from "npm:fast-check@4.11.0";
import { docArb, type GeneratedDoc } from "./graphql_doc.ts";
import { JSON_INFINITY } from "./values.ts";

/** One request. */
export interface FuzzCase {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** What the case exercises: its generator and notable features. */
  readonly tags: readonly string[];
}

/** The body limit the fuzz gateway runs with (the config default, `limits.maxRequestBytes`). */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** JSON text with the {@link JSON_INFINITY} sentinel written as the number `1e999`. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value).replaceAll(`"-${JSON_INFINITY}"`, "-1e999")
    .replaceAll(`"${JSON_INFINITY}"`, "1e999");
}

function requestObject(doc: GeneratedDoc): Record<string, unknown> {
  return {
    query: doc.query,
    ...(doc.variables ? { variables: doc.variables } : {}),
    ...(doc.operationName ? { operationName: doc.operationName } : {}),
  };
}

/** Ways to spoil a well-formed body. */
type BodyMutation =
  | { readonly kind: "none" }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "insert"; readonly at: number; readonly text: string }
  | { readonly kind: "bom" }
  | { readonly kind: "wrap"; readonly shape: string }
  | { readonly kind: "garbage"; readonly text: string }
  | { readonly kind: "deep-json"; readonly depth: number }
  | { readonly kind: "oversize"; readonly extra: number; readonly unit: string };

const mutationArb: fc.Arbitrary<BodyMutation> = fc.oneof(
  { weight: 40, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 2, arbitrary: fc.nat().map((at) => ({ kind: "truncate" as const, at })) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(([at, text]) => ({
      kind: "insert" as const,
      at,
      text,
    })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "bom" as const }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "query-number",
      "query-null",
      "query-object",
      "variables-array",
      "variables-string",
      "variables-number",
      "no-query",
      "empty-query",
      "top-array",
      "top-string",
      "duplicate-key",
      "extra-keys",
    ).map((shape) => ({ kind: "wrap" as const, shape })),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.constantFrom("", "null", "{", "[]", "1e999", "\u0000"),
    )
      .map((text) => ({ kind: "garbage" as const, text })),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 100_000 }).map((depth) => ({
      kind: "deep-json" as const,
      depth,
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: -16, max: 64 }), fc.constantFrom("a", "\u00e9")).map((
      [extra, unit],
    ) => ({ kind: "oversize" as const, extra, unit })),
  },
);

function wrap(shape: string, req: Record<string, unknown>): string {
  switch (shape) {
    case "query-number":
      return encodeJson({ ...req, query: 1e308 });
    case "query-null":
      return encodeJson({ ...req, query: null });
    case "query-object":
      return encodeJson({ ...req, query: { query: req.query } });
    case "variables-array":
      return encodeJson({ ...req, variables: [1, 2] });
    case "variables-string":
      return encodeJson({ ...req, variables: "{}" });
    case "variables-number":
      return encodeJson({ ...req, variables: JSON_INFINITY }).replace(
        '"variables":1e999',
        '"variables":1e999',
      );
    case "no-query":
      return encodeJson({ variables: req.variables ?? {} });
    case "empty-query":
      return encodeJson({ ...req, query: "" });
    case "top-array":
      return encodeJson([req]);
    case "top-string":
      return encodeJson(String(req.query));
    case "duplicate-key":
      return encodeJson(req).replace(/^\{/, '{"query":"{ Get }",');
    default:
      return encodeJson({ ...req, extensions: { persistedQuery: { sha256Hash: "0" } }, x: [null] });
  }
}

/** The request body text of a document after a mutation. */
export function mutateBody(req: Record<string, unknown>, m: BodyMutation): string {
  const text = encodeJson(req);
  switch (m.kind) {
    case "none":
      return text;
    case "truncate":
      return text.slice(0, m.at % (text.length + 1));
    case "insert": {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case "bom":
      return "\uFEFF" + text;
    case "wrap":
      return wrap(m.shape, req);
    case "garbage":
      return m.text;
    case "deep-json":
      return `{"query":"{ Get { JeopardyQuestion { question } } }","variables":{"x":${
        "[".repeat(m.depth)
      }${"]".repeat(m.depth)}}}`;
    case "oversize": {
      // Around the limit: in characters for "a", in bytes twice that for "é".
      const n = MAX_REQUEST_BYTES + m.extra * 1024;
      const padding = m.unit.repeat(
        Math.max(0, Math.floor(n / (m.unit === "a" ? 1 : 2)) - text.length),
      );
      return encodeJson({ ...req, padding: "" }).replace('"padding":""', `"padding":"${padding}"`);
    }
  }
}

function mutationTag(m: BodyMutation): string[] {
  if (m.kind === "none") return [];
  return [m.kind === "wrap" ? `body:${m.shape}` : `body:${m.kind}`];
}

const PROVIDERS = ["Cohere", "Jinaai", "Voyageai", "Mixedbread"] as const;

const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);

/** `a` in `percent` % of the cases, else undefined. */
const sometimes = <T>(a: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> =>
  fc.oneof(
    { weight: 100 - percent, arbitrary: fc.constant(undefined) },
    { weight: percent, arbitrary: a },
  );

/** Odd headers; each entry is optional. */
const headersArb: fc.Arbitrary<Record<string, string>> = fc.record({
  contentType: sometimes(
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          "text/plain",
          "application/json; charset=utf-16",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "",
          "application/graphql",
        ),
      },
      { weight: 1, arbitrary: headerValue },
    ),
    12,
  ),
  baseUrl: sometimes(
    fc.tuple(
      // Cohere and Jina AI rerank classes of the fuzz gateway: their headers matter most.
      fc.constantFrom("Cohere", "Jinaai", ...PROVIDERS),
      fc.oneof(
        fc.constantFrom(
          "https://attacker.example",
          "https://attacker.example/v2",
          "http://127.0.0.1:1",
          "http://169.254.169.254/latest",
          "http://[::1]:80",
          "https://api.jina.ai.attacker.example",
          "ftp://x",
          "not a url",
          "",
        ),
        headerValue,
      ),
    ),
    15,
  ),
  apiKey: sometimes(
    fc.tuple(fc.constantFrom(...PROVIDERS), fc.oneof(headerValue, fc.constant("k".repeat(4096)))),
    10,
  ),
  authorization: sometimes(
    fc.oneof(
      fc.constantFrom("Bearer ", "Bearer wrong", "Basic dXNlcjpwYXNz", "bearer", ""),
      headerValue,
    ),
    6,
  ),
  origin: sometimes(fc.constantFrom("https://evil.example", "null"), 4),
  other: sometimes(fc.tuple(fc.stringMatching(/^X-[A-Za-z]{1,12}$/), headerValue), 4),
}).map((r) => {
  const out: Record<string, string> = { "content-type": "application/json" };
  if (r.contentType !== undefined) out["content-type"] = r.contentType;
  if (r.baseUrl) out[`X-${r.baseUrl[0]}-Baseurl`] = r.baseUrl[1];
  if (r.apiKey) out[`X-${r.apiKey[0]}-Api-Key`] = r.apiKey[1];
  if (r.authorization !== undefined) out.authorization = r.authorization;
  if (r.origin) out.origin = r.origin;
  if (r.other) out[r.other[0]] = r.other[1];
  return out;
});

function headerTags(h: Record<string, string>): string[] {
  const tags: string[] = [];
  for (const k of Object.keys(h)) {
    if (/-baseurl$/i.test(k)) tags.push("header:baseurl");
    else if (/-api-key$/i.test(k)) tags.push("header:api-key");
    else if (k === "authorization") tags.push("header:authorization");
  }
  return tags;
}

const graphqlCase: fc.Arbitrary<FuzzCase> = fc.tuple(docArb, mutationArb, headersArb).map((
  [doc, m, headers],
) => ({
  method: "POST",
  path: "/v1/graphql",
  headers,
  body: mutateBody(requestObject(doc), m),
  tags: ["graphql", ...doc.tags, ...mutationTag(m), ...headerTags(headers)],
}));

const isDoc = (v: unknown): v is GeneratedDoc =>
  typeof v === "object" && v !== null && !Array.isArray(v) && "tags" in v && "query" in v;

const FLOOD_ITEM = { query: "{ Get { JeopardyQuestion(limit: 1) { question } } }" };

const batchCase: fc.Arbitrary<FuzzCase> = fc.tuple(
  fc.array(
    fc.oneof(
      { weight: 8, arbitrary: docArb.map((d): unknown => d) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    ),
    { maxLength: 5 },
  ),
  fc.oneof(
    { weight: 30, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.nat(1000) },
  ),
  headersArb,
).map(([items, flood, headers]) => {
  const bodies = items.map((i) => isDoc(i) ? requestObject(i) : i);
  const docTags = new Set(items.flatMap((i) => isDoc(i) ? i.tags : []));
  return {
    method: "POST",
    path: "/v1/graphql/batch",
    headers,
    body: encodeJson(flood > 0 ? [...bodies, ...Array(flood).fill(FLOOD_ITEM)] : bodies),
    tags: [
      "batch",
      ...(flood > 0 ? ["batch-flood"] : []),
      ...docTags,
      ...headerTags(headers),
    ],
  };
});

const PATHS = [
  "/",
  "/v1",
  "/v1/meta",
  "/v1/schema",
  "/v1/schema/JeopardyQuestion",
  "/v1/schema/Nope",
  "/v1/.well-known/ready",
  "/v1/.well-known/live",
  "/v1/.well-known/openid-configuration",
  "/v1/graphql",
  "/v1/graphql/batch",
  "/v1//graphql",
  "/V1/GRAPHQL",
  "/v1/graphql/",
  "/v1/objects",
  "/v1/%2e%2e/meta",
  "/v1/schema/%00",
];

const otherCase: fc.Arbitrary<FuzzCase> = fc.tuple(
  fc.constantFrom("GET", "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH", "POST"),
  fc.constantFrom(...PATHS),
  headersArb,
  fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
).map(([method, path, headers, body]) => ({
  method,
  path,
  headers: method === "OPTIONS" ? { ...headers, "access-control-request-method": "POST" } : headers,
  ...(body !== undefined && method !== "GET" && method !== "HEAD" ? { body } : {}),
  tags: ["route", ...headerTags(headers)],
}));

/** Every fuzz case: mostly GraphQL, then batches and the other routes. */
export const fuzzCaseArb: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 15, arbitrary: graphqlCase },
  { weight: 2, arbitrary: batchCase },
  { weight: 2, arbitrary: otherCase },
);

/** A readable one-case summary (bodies cut to `max` characters). */
export function describeCase(c: FuzzCase, max = 1500): string {
  const body = c.body === undefined
    ? "(no body)"
    : c.body.length > max
    ? `${c.body.slice(0, max)}... (${c.body.length} characters)`
    : c.body;
  const headers = Object.entries(c.headers).map(([k, v]) =>
    `${k}: ${v.length > 80 ? `${v.slice(0, 80)}... (${v.length})` : v}`
  );
  return [`${c.method} ${c.path}`, ...headers, "", body].join("\n");
}
