/**
 * Upstream headers of a Weaviate store: the Bearer key from the env variable the config names,
 * plus the module key headers (`X-Openai-Api-Key`, ...) of the client request, forwarded only
 * when the config lists them in `passHeaders`.
 * @module
 */
import type { WeaviateStoreConfig } from "./config.ts";

/** Headers and the secrets that must never appear in an error. */
export interface UpstreamHeaders {
  readonly headers: Record<string, string>;
  readonly secrets: (string | undefined)[];
}

/** Builds the headers of one upstream call; `request` has lower-cased names. */
export function weaviateHeaders(
  store: WeaviateStoreConfig,
  env: ((name: string) => string | undefined) | undefined,
  request: Readonly<Record<string, string>> = {},
): UpstreamHeaders {
  const headers: Record<string, string> = {};
  const secrets: (string | undefined)[] = [];
  const key = store.apiKeyEnv ? env?.(store.apiKeyEnv) : undefined;
  if (key) {
    headers["Authorization"] = `Bearer ${key}`;
    secrets.push(key);
  }
  for (const name of store.passHeaders) {
    const value = request[name.toLowerCase()];
    if (value === undefined) continue;
    headers[name] = value;
    secrets.push(value);
  }
  return { headers, secrets };
}
