/**
 * Weaviate's CORS behaviour: any origin, any method, Weaviate's default list of allowed headers
 * (the provider key headers clients send), and `OPTIONS` answered 200 with an empty body.
 * @module
 */
import type { MiddlewareHandler } from "hono";

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

const CORS_HEADERS: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "*",
  "Access-Control-Allow-Headers": CORS_ALLOW_HEADERS,
};

/**
 * CORS middleware; mount it first (before auth) so preflights, which carry no credentials, are
 * answered without authentication, and so error responses carry the headers too.
 */
export function createCorsMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === "OPTIONS") {
      return new Response(null, { status: 200, headers: CORS_HEADERS });
    }
    for (const [name, value] of Object.entries(CORS_HEADERS)) c.header(name, value);
    await next();
    // Handlers that return their own Response bypass c.header(); its headers may even be
    // immutable (Response.redirect), so copy it before adding what is missing.
    const missing = Object.entries(CORS_HEADERS).filter(([name]) => !c.res.headers.has(name));
    if (missing.length > 0) {
      const res = new Response(c.res.body, c.res);
      for (const [name, value] of missing) res.headers.set(name, value);
      c.res = res;
    }
  };
}
