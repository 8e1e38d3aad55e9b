/**
 * The policy every remote provider call follows: one deadline for the whole call (retry and body
 * read included, like Weaviate's `MODULES_CLIENT_TIMEOUT`), at most one retry on 429/5xx that
 * honours `Retry-After`, cancellation through the caller's AbortSignal, and error texts that never
 * carry a key (nor a 10+ character fragment of one), a URL's userinfo or an operator-configured
 * (maybe internal) base URL. Bodies are read with `capped_body.ts`; no call follows a redirect.
 * @module
 */
import { hideBaseUrl, maskUrl, redactSecrets } from "./redact.ts";

/** Longest `Retry-After` the gateway waits before its single retry. */
export const MAX_RETRY_DELAY_MS = 10_000;
/** Wait before the retry when the provider sends no `Retry-After`. */
export const DEFAULT_RETRY_DELAY_MS = 250;

/** Options of a provider error. */
export interface ProviderErrorOptions {
  /** HTTP status of the failed answer, if there was one. */
  readonly status?: number;
  /** The provider's `Retry-After`, in ms. */
  readonly retryAfterMs?: number;
}

/** A provider failure whose message is the client-visible text (Weaviate's wording). */
export class ProviderError extends Error {
  /** HTTP status, when the provider answered. */
  readonly status?: number;
  /** Parsed `Retry-After`, in ms. */
  readonly retryAfterMs?: number;

  /** `message` must already be free of secrets; {@link callWithRetry} masks it again anyway. */
  constructor(message: string, opts: ProviderErrorOptions = {}) {
    super(message);
    this.name = "ProviderError";
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }

  /** 429 and 5xx are worth one more try; everything else fails at once. */
  get retryable(): boolean {
    return this.status === 429 || (this.status !== undefined && this.status >= 500);
  }
}

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into ms from `now`; `undefined` when absent
 * or unparseable. Negative values become 0.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Options of {@link callWithRetry}. */
export interface CallOptions {
  /** The caller's signal (the GraphQL request); its reason is rethrown unchanged. */
  readonly signal: AbortSignal;
  /** Budget for the whole call including the retry. */
  readonly timeoutMs: number;
  /** Start of the timeout message, e.g. `send POST request: Post "https://host/v2/rerank"`. */
  readonly label: string;
  /** Values that must never appear in an error message (API keys). */
  readonly secrets?: readonly (string | undefined)[];
  /**
   * An operator-configured base URL (maybe an internal host): every mention of it in an error
   * text becomes `<configured base URL>` (fetch errors quote the URL they failed on).
   */
  readonly internalUrl?: string;
}

/**
 * Runs `attempt` under one deadline; retries once when it throws a retryable
 * {@link ProviderError}, after its `Retry-After` (capped at 10 s) or 250 ms. A retry that could not
 * start before the deadline is skipped and the first error is thrown instead.
 */
export async function callWithRetry<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  opts: CallOptions,
): Promise<T> {
  opts.signal.throwIfAborted();
  const timer = new AbortController();
  const started = Date.now();
  const id = setTimeout(
    () => timer.abort(new DOMException("timeout", "TimeoutError")),
    opts.timeoutMs,
  );
  const signal = AbortSignal.any([opts.signal, timer.signal]);
  // The caller's own abort passes through untouched; everything else becomes a masked message.
  const fail = (err: unknown): unknown => {
    if (opts.signal.aborted) return opts.signal.reason;
    if (timer.signal.aborted) {
      return new Error(
        `${maskUrl(opts.label)}: context deadline exceeded (timeout after ${opts.timeoutMs} ms)`,
      );
    }
    const msg = err instanceof Error ? err.message : String(err);
    const redacted = redactSecrets(msg, opts.secrets ?? []);
    return new ProviderError(
      opts.internalUrl === undefined ? redacted : hideBaseUrl(redacted, opts.internalUrl),
      { status: err instanceof ProviderError ? err.status : undefined },
    );
  };
  try {
    try {
      return await attempt(signal);
    } catch (err) {
      if (signal.aborted || !(err instanceof ProviderError) || !err.retryable) throw fail(err);
      const delay = Math.min(err.retryAfterMs ?? DEFAULT_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS);
      if (Date.now() - started + delay >= opts.timeoutMs) throw fail(err);
      try {
        await sleep(delay, signal);
      } catch (abort) {
        throw fail(abort);
      }
    }
    try {
      return await attempt(signal);
    } catch (err) {
      throw fail(err);
    }
  } finally {
    clearTimeout(id);
  }
}

/** Resolves after `ms`, rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(id);
      reject(signal.reason);
    };
    const id = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
