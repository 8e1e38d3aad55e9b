/**
 * Weaviate's CORS behaviour: any origin, any method, Weaviate's default list of allowed headers
 * (the provider key headers clients send), and `OPTIONS` answered 200 with an empty body.
 *
 * One difference in the headers, not in what a browser does: Weaviate also puts its ~1.1 KB
 * `Access-Control-Allow-Headers` list on every answer. The Fetch standard reads that header only
 * from a preflight's answer (CORS-preflight fetch); on any other answer browsers look at
 * `Access-Control-Allow-Origin` alone. So preflights get all three headers and every other answer
 * gets `Allow-Origin` and `Allow-Methods` (whether or not the request carries an `Origin`): 1.1 KB
 * less on the wire per answer, and no per-answer validation of that value by the runtime's
 * `Headers` (with the two cuts of the same commit, the front door around a trivial route went
 * from 14.7 to 5.7 us: BENCHMARKS §1, `deno task bench:core --only gateway-overhead --write`).
 * @module
 */

/**
 * Weaviate's `DefaultCORSAllowHeaders` (`usecases/config/config_handler.go`, 1.3x), so browser
 * clients can send the same provider headers through the gateway.
 */
export const CORS_ALLOW_HEADERS = [
  "Content-Type",
  "Authorization",
  "Batch",
  "X-Openai-Api-Key",
  "X-Openai-Organization",
  "X-Openai-Baseurl",
  "X-Anyscale-Baseurl",
  "X-Anyscale-Api-Key",
  "X-Cohere-Api-Key",
  "X-Cohere-Baseurl",
  "X-Huggingface-Api-Key",
  "X-Azure-Api-Key",
  "X-Azure-Deployment-Id",
  "X-Azure-Resource-Name",
  "X-Azure-Concurrency",
  "X-Azure-Block-Size",
  "X-Google-Api-Key",
  "X-Google-Vertex-Api-Key",
  "X-Google-Studio-Api-Key",
  "X-Goog-Api-Key",
  "X-Goog-Vertex-Api-Key",
  "X-Goog-Studio-Api-Key",
  "X-Palm-Api-Key",
  "X-Jinaai-Api-Key",
  "X-Aws-Access-Key",
  "X-Aws-Secret-Key",
  "X-Voyageai-Baseurl",
  "X-Voyageai-Api-Key",
  "X-Mistral-Baseurl",
  "X-Mistral-Api-Key",
  "X-Anthropic-Baseurl",
  "X-Anthropic-Api-Key",
  "X-Databricks-Endpoint",
  "X-Databricks-Token",
  "X-Databricks-User-Agent",
  "X-Friendli-Token",
  "X-Friendli-Baseurl",
  "X-Weaviate-Api-Key",
  "X-Weaviate-Cluster-Url",
  "X-Weaviate-Client",
  "X-Nvidia-Api-Key",
  "X-Nvidia-Baseurl",
  "X-ContextualAI-Baseurl",
  "X-ContextualAI-Api-Key",
  "X-Digitalocean-Baseurl",
  "X-Digitalocean-Api-Key",
  "X-Deepseek-Baseurl",
  "X-Deepseek-Api-Key",
].join(", ");

const PREFLIGHT_HEADERS: readonly (readonly [string, string])[] = [
  ["Access-Control-Allow-Origin", "*"],
  ["Access-Control-Allow-Methods", "*"],
  ["Access-Control-Allow-Headers", CORS_ALLOW_HEADERS],
];

/** What every answer other than a preflight's carries (see the module doc). */
const ANSWER_HEADERS = PREFLIGHT_HEADERS.slice(0, 2);

/**
 * The answer to a preflight (any `OPTIONS` request): 200, an empty body and the CORS headers,
 * the allowed-headers list included. The front door answers it first, before authentication
 * (preflights carry no credentials).
 */
export function corsPreflight(): Response {
  return new Response(null, { status: 200, headers: PREFLIGHT_HEADERS as [string, string][] });
}

/**
 * Sets the CORS headers of an ordinary answer (`Allow-Origin`, `Allow-Methods`) that `headers`
 * lacks (a route's own win). The front door calls it once on every answer.
 */
export function setCorsHeaders(headers: Headers): void {
  for (const [name, value] of ANSWER_HEADERS) if (!headers.has(name)) headers.set(name, value);
}
