/**
 * One JSON POST to an upstream store (Weaviate, Qdrant, ...) under the remote-call policy of
 * `src/remote/policy.ts`: one deadline per call, at most one retry on 429/5xx, the caller's
 * AbortSignal passed through, keys, URL userinfo and the upstream's (internal) address masked in
 * every error text, no redirect followed, the answer read under a byte cap.
 * @module
 */
import { DEFAULT_MAX_RESPONSE_BYTES } from "../core/module_deps.ts";
import { discardBody, isRedirect, readCappedText, REDIRECT_DETAIL } from "./capped_body.ts";
import { callWithRetry, ProviderError } from "./policy.ts";
import { jsonErrorText } from "./redact.ts";

/** Options of {@link postJson}. */
export interface PostJsonOptions {
  readonly url: string;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Start of every error text, e.g. `weaviate upstream`. */
  readonly label: string;
  /** Values that must never appear in an error (API keys). */
  readonly secrets: readonly (string | undefined)[];
  /** Turns a non-2xx body into a message (`{"code","message"}`, `{"status":{"error"}}`, ...). */
  readonly errorText: (status: number, body: string) => string;
  /** Largest answer read, in bytes (`modules.maxResponseBytes`); default 32 MiB. */
  readonly maxBytes?: number;
  readonly fetch?: typeof fetch;
}

/** POSTs `body` as JSON and returns the parsed JSON answer; rejects with a masked Error. */
export function postJson(opts: PostJsonOptions): Promise<unknown> {
  return requestJson("POST", opts, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...opts.headers },
    body: JSON.stringify(opts.body),
  });
}

/** GETs JSON (schema reads at start-up) under the same policy. */
export function getJson(opts: Omit<PostJsonOptions, "body">): Promise<unknown> {
  return requestJson("GET", opts, { headers: opts.headers });
}

/** One JSON call under the upstream policy: deadline, one retry, masked errors. */
function requestJson(
  method: string,
  opts: Omit<PostJsonOptions, "body">,
  init: RequestInit,
): Promise<unknown> {
  const doFetch = opts.fetch ?? fetch;
  const path = new URL(opts.url).pathname;
  return callWithRetry(async (signal) => {
    let res: Response;
    try {
      res = await doFetch(opts.url, { ...init, signal, redirect: "manual" });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new Error(`${opts.label}: ${method} ${path}: ${messageOf(err)}`);
    }
    if (isRedirect(res.status) || res.type === "opaqueredirect") {
      await discardBody(res);
      throw new ProviderError(`${opts.label}: status ${res.status}: ${REDIRECT_DETAIL}`, {
        status: res.status,
      });
    }
    let text: string;
    try {
      text = await readCappedText(res, opts.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    } catch (err) {
      if (signal.aborted) throw err;
      throw new Error(`${opts.label}: ${messageOf(err)}`);
    }
    if (!res.ok) {
      throw new ProviderError(`${opts.label}: ${opts.errorText(res.status, text)}`, {
        status: res.status,
      });
    }
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new Error(`${opts.label}: malformed response body: ${jsonErrorText(err)}`);
    }
  }, {
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    label: `${opts.label}: ${method} ${path}`,
    secrets: opts.secrets,
    internalUrl: new URL(opts.url).origin,
  });
}

/** A short excerpt of an upstream body for messages. */
export function excerpt(body: string, max = 200): string {
  const t = body.trim();
  return t.length > max ? `${t.slice(0, max)}...` : t;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
