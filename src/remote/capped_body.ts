/**
 * Provider and upstream answers are read as a stream under a byte cap
 * (`modules.maxResponseBytes`), never buffered whole: a larger answer is a clear error and the
 * rest of the body is cancelled. Redirect answers are refused before their body is read: no
 * remote call follows a `Location` (a public host could bounce the call, and the key, to an
 * internal address).
 * @module
 */
import { ProviderError } from "./policy.ts";

/** An answer larger than the cap; never retried. */
export class AnswerTooLargeError extends ProviderError {
  /** The cap that was exceeded, in bytes. */
  readonly maxBytes: number;

  /** `maxBytes` is the configured cap. */
  constructor(maxBytes: number) {
    super(`answer exceeds the limit of ${maxBytes} bytes (modules.maxResponseBytes)`);
    this.name = "AnswerTooLargeError";
    this.maxBytes = maxBytes;
  }
}

/** The text of a redirect answer's error, after `status <code>: `. */
export const REDIRECT_DETAIL = "redirects are not followed";

/** True for a status that asks the client to follow a `Location` (3xx except 304). */
export function isRedirect(status: number): boolean {
  return status >= 300 && status <= 399 && status !== 304;
}

/**
 * Reads `res`'s body as UTF-8 text, at most `maxBytes` bytes; rejects with
 * {@link AnswerTooLargeError} (and cancels the body) as soon as the cap is passed, or before
 * reading when `Content-Length` already says so.
 */
export async function readCappedText(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new AnswerTooLargeError(maxBytes);
  }
  if (res.body === null) return "";
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AnswerTooLargeError(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Cancels a body that will not be read (redirects, errors before the read). */
export async function discardBody(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => {});
}

/** Statuses whose Response must not have a body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Options of {@link guardedFetch}. */
export interface GuardedFetchOptions {
  /** The answer's byte cap. */
  readonly maxBytes: number;
  /**
   * The provider's error text for an answer with `status` that failed for `detail` (a redirect:
   * {@link REDIRECT_DETAIL}; too large: the {@link AnswerTooLargeError} text).
   */
  readonly errorText: (status: number, detail: string) => string;
}

/**
 * A `fetch` for SDKs that take one (the Cohere SDK): redirects are never followed (a 3xx becomes a
 * {@link ProviderError} with its status), and the body is read under the cap before the SDK sees
 * it. Errors thrown here reach the SDK's caller as the `cause` of the SDK's error.
 */
export function guardedFetch(base: typeof fetch, opts: GuardedFetchOptions): typeof fetch {
  return async (input, init) => {
    const res = await base(input, { ...init, redirect: "manual" });
    if (isRedirect(res.status) || res.type === "opaqueredirect") {
      await discardBody(res);
      throw new ProviderError(opts.errorText(res.status, REDIRECT_DETAIL), { status: res.status });
    }
    let text: string;
    try {
      text = await readCappedText(res, opts.maxBytes);
    } catch (err) {
      // No status on purpose: an oversized answer is not retried.
      if (err instanceof AnswerTooLargeError) {
        throw new ProviderError(opts.errorText(res.status, err.message));
      }
      throw err;
    }
    const headers = new Headers(res.headers);
    headers.delete("content-length");
    headers.delete("content-encoding");
    return new Response(NULL_BODY_STATUSES.has(res.status) ? null : text, {
      status: res.status,
      statusText: res.statusText,
      headers,
    });
  };
}
