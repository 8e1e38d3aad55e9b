/**
 * One HTTP(S) read of a model file, for the URL model source: a GET or HEAD bounded by a timeout
 * (headers and body together) and the caller's AbortSignal, a size limit checked against
 * `Content-Length` before the body is read and counted while it streams, a body that must be as
 * long as announced, and messages naming the URL without credentials or query. Web standards
 * only (`fetch`, `crypto.subtle`): it runs on Deno, Deno Deploy and Workers alike.
 * @module
 */
import { redactUrl } from "../remote/redact.ts";
import { ModelUnavailableError } from "./unavailable.ts";

/**
 * Statuses that mean "no such file": 404 / 410, and 403, which S3 answers for a missing key of a
 * bucket that is not listable.
 */
const ABSENT = new Set([403, 404, 410]);

/** Options of {@link fetchModelFile} and {@link headModelFile}. */
export interface FetchFileOptions {
  /** Longest wait for the whole file (headers and body). */
  readonly timeoutMs: number;
  /** Largest body accepted, in bytes. */
  readonly maxBytes: number;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

/**
 * GETs `url`: its bytes, or `undefined` when the server says the file does not exist. Network
 * failures, timeouts and other statuses throw a {@link ModelUnavailableError} (retried by the next
 * request); a body over `maxBytes` or shorter than announced throws too.
 */
export function fetchModelFile(
  url: string,
  opts: FetchFileOptions,
): Promise<Uint8Array | undefined> {
  return withTimeout(url, opts, async (signal, shown) => {
    const res = await request(url, "GET", signal, opts, shown);
    if (ABSENT.has(res.status)) {
      await res.body?.cancel();
      return undefined;
    }
    // Compressed transfers announce the compressed length; only an identity body must match it.
    const encoded = (res.headers.get("content-encoding") ?? "identity") !== "identity";
    const declared = Number(res.headers.get("content-length") ?? NaN);
    const expected = Number.isSafeInteger(declared) && declared >= 0 && !encoded
      ? declared
      : undefined;
    if (expected !== undefined && expected > opts.maxBytes) {
      await res.body?.cancel();
      throw tooLarge(shown, `${expected} bytes announced`, opts.maxBytes);
    }
    const bytes = await readBody(res, { expected, maxBytes: opts.maxBytes, shown });
    if (expected !== undefined && bytes.length !== expected) {
      throw new ModelUnavailableError(
        `model file ${shown}: the body ended after ${bytes.length} of ${expected} bytes`,
      );
    }
    return bytes;
  });
}

/** HEADs `url`: true when it exists, false when the server says it does not. */
export function headModelFile(url: string, opts: FetchFileOptions): Promise<boolean> {
  return withTimeout(url, opts, async (signal, shown) => {
    const res = await request(url, "HEAD", signal, opts, shown);
    await res.body?.cancel();
    return !ABSENT.has(res.status);
  });
}

/** Lowercase hex SHA-256 of `bytes` (Web Crypto: native on every runtime the gateway runs on). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function withTimeout<T>(
  url: string,
  opts: FetchFileOptions,
  run: (signal: AbortSignal, shown: string) => Promise<T>,
): Promise<T> {
  const shown = redactUrl(url);
  const timer = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, timer.signal]) : timer.signal;
  const seconds = opts.timeoutMs / 1000;
  const id = setTimeout(
    () =>
      timer.abort(new ModelUnavailableError(`model file ${shown}: no answer within ${seconds} s`)),
    opts.timeoutMs,
  );
  try {
    return await run(signal, shown);
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (timer.signal.aborted) throw timer.signal.reason;
    throw err;
  } finally {
    clearTimeout(id);
  }
}

async function request(
  url: string,
  method: "GET" | "HEAD",
  signal: AbortSignal,
  opts: FetchFileOptions,
  shown: string,
): Promise<Response> {
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url, { method, signal, redirect: "follow" });
  } catch (err) {
    signal.throwIfAborted();
    throw new ModelUnavailableError(`model file ${shown}: ${messageOf(err)}`, { cause: err });
  }
  if (!res.ok && !ABSENT.has(res.status)) {
    await res.body?.cancel();
    throw new ModelUnavailableError(
      `model file ${shown}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`,
    );
  }
  return res;
}

async function readBody(
  res: Response,
  opts: { expected?: number; maxBytes: number; shown: string },
): Promise<Uint8Array> {
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  let buf = new Uint8Array(opts.expected ?? 64 * 1024);
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (n + value.length > opts.maxBytes) {
      await reader.cancel();
      throw tooLarge(opts.shown, `more than ${n + value.length} bytes`, opts.maxBytes);
    }
    if (opts.expected !== undefined && n + value.length > opts.expected) {
      await reader.cancel();
      throw new ModelUnavailableError(
        `model file ${opts.shown}: the body is longer than the ${opts.expected} bytes announced`,
      );
    }
    if (n + value.length > buf.length) {
      const grown = new Uint8Array(
        Math.min(opts.maxBytes, Math.max(buf.length * 2, n + value.length)),
      );
      grown.set(buf.subarray(0, n));
      buf = grown;
    }
    buf.set(value, n);
    n += value.length;
  }
  return n === buf.length ? buf : buf.slice(0, n);
}

function tooLarge(shown: string, what: string, max: number): Error {
  return new Error(`model file ${shown}: ${what}, over the limit of ${max} bytes`);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
