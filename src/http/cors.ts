/**
 * Weaviate's CORS behaviour: any origin, any method, Weaviate's default list of allowed headers
 * (the provider key headers clients send) on every answer, whether or not the request carries an
 * `Origin`, and `OPTIONS` answered 200 with an empty body.
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

const CORS_HEADERS: readonly (readonly [string, string])[] = [
  ["Access-Control-Allow-Origin", "*"],
  ["Access-Control-Allow-Methods", "*"],
  ["Access-Control-Allow-Headers", CORS_ALLOW_HEADERS],
];

/**
 * The answer to a preflight (any `OPTIONS` request): 200, an empty body and the CORS headers.
 * The front door answers it first, before authentication (preflights carry no credentials).
 */
export function corsPreflight(): Response {
  return new Response(null, { status: 200, headers: CORS_HEADERS as [string, string][] });
}

/**
 * Sets the CORS headers `headers` lacks (a route's own win). The front door calls it once on
 * every answer: each set validates the ~1 KB allowed-headers value, so it is done once, on the
 * final response, not on Hono's context and again on a copy.
 */
export function setCorsHeaders(headers: Headers): void {
  for (const [name, value] of CORS_HEADERS) if (!headers.has(name)) headers.set(name, value);
}
