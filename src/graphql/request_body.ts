/**
 * Reading a POST body: Content-Type must be JSON, and the body is read as a byte stream with a
 * cap. A declared `Content-Length` over the cap is refused unread; a chunked body is cancelled
 * as soon as the cap is passed, so no request ever holds more than `maxBytes` of body. The read
 * stops with the request's signal (the request deadline), so a body that trickles in is abandoned.
 *
 * Content-Type: Weaviate's go-swagger server answers 415 `unsupported media type "<type>", only
 * [application/yaml application/json] are allowed` (a missing header counts as
 * `application/octet-stream`). The gateway parses JSON only, so its list says
 * `[application/json]`; the status, shape and wording are otherwise Weaviate's.
 * @module
 */
import { GatewayError, httpError } from "../errors/http_errors.ts";

/** go-openapi's media type for a request without `Content-Type`. */
const DEFAULT_MIME = "application/octet-stream";

/**
 * Throws Weaviate's (go-swagger's) 415 unless `contentType` is `application/json` (any case,
 * parameters such as `charset` allowed).
 */
export function requireJsonContentType(contentType: string | undefined): void {
  const raw = contentType?.trim() || DEFAULT_MIME;
  const mime = raw.split(";")[0].trim().toLowerCase();
  if (mime !== "application/json") throw httpError("unsupported_media_type", JSON.stringify(raw));
}

/** Options of {@link readBodyText}. */
export interface ReadBodyOptions {
  /** Largest accepted body in bytes (UTF-8 bytes on the wire, not characters). */
  readonly maxBytes: number;
  /** The request deadline / client disconnect: the read is cancelled when it aborts. */
  readonly signal?: AbortSignal;
}

/**
 * Reads the body of `req` as UTF-8 text, at most `maxBytes` bytes. Throws 413 (without reading
 * when `Content-Length` already says so), and 408 when `signal` aborts first.
 */
export async function readBodyText(req: Request, opts: ReadBodyOptions): Promise<string> {
  const { maxBytes, signal } = opts;
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    await req.body?.cancel().catch(() => {});
    throw httpError("request_too_large", maxBytes);
  }
  if (req.body === null) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const onAbort = () => reader.cancel().catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    while (true) {
      if (signal?.aborted) throw httpError("request_timeout");
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw httpError("request_too_large", maxBytes);
      }
      chunks.push(value);
    }
    if (signal?.aborted) throw httpError("request_timeout");
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    // A cancelled or broken read: the deadline, or the client went away.
    if (signal?.aborted) throw httpError("request_timeout");
    throw err;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    // Stopped by the deadline (also before the first read): the rest of the body is not wanted.
    if (signal?.aborted) await reader.cancel().catch(() => {});
    // The lock is kept: nothing reads the body after this, and `releaseLock()` builds a
    // TypeError with its stack for the reader's closed promise (3-5 us a request).
  }
  // One chunk (a body sent at once) is decoded in place.
  if (chunks.length === 1) return UTF8.decode(chunks[0]);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return UTF8.decode(bytes);
}

/** Decodes whole bodies (no streaming state, so one decoder serves every request). */
const UTF8 = new TextDecoder();
