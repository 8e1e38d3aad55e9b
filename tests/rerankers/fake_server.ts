/**
 * A local HTTP server on 127.0.0.1 that records every request and answers with a scripted handler:
 * the stand-in for Cohere, the transformers container, TEI, Jina, Voyage and Mixedbread.
 */

/** One request as the server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-cased header names. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Answers request number `n` (0-based). `signal` aborts when the server closes. */
export type FakeHandler = (
  req: RecordedRequest,
  n: number,
  signal: AbortSignal,
) => Response | Promise<Response>;

/** A running fake provider. */
export interface FakeServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a fake provider on a free loopback port. Always `close()` it in `finally`. */
export function startFakeServer(handler: FakeHandler): FakeServer {
  const requests: RecordedRequest[] = [];
  const closing = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      const recorded: RecordedRequest = {
        method: req.method,
        path: new URL(req.url).pathname,
        headers: Object.fromEntries([...req.headers].map(([k, v]) => [k.toLowerCase(), v])),
        body: await req.text(),
      };
      const n = requests.push(recorded) - 1;
      // Not req.signal: Deno aborts it after every successful response too (legacy behaviour).
      return await handler(recorded, n, closing.signal);
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    async close() {
      closing.abort();
      await server.shutdown();
    },
  };
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A response with a raw body text (truncated or malformed JSON, HTML error pages). */
export function raw(body: string, status = 200, contentType = "application/json"): Response {
  return new Response(body, { status, headers: { "content-type": contentType } });
}

/** Never answers until the server closes: a slow provider. */
export function hang(signal: AbortSignal): Promise<Response> {
  return new Promise((resolve) => {
    signal.addEventListener("abort", () => resolve(new Response(null, { status: 504 })), {
      once: true,
    });
  });
}

/** A port on 127.0.0.1 with nothing listening (connection refused). */
export function closedPortUrl(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return `http://127.0.0.1:${port}`;
}

/** The score every fake provider gives: deterministic, distinct per document length. */
export function fakeScore(doc: string): number {
  return Math.round((1 / (1 + new TextEncoder().encode(doc).length)) * 1e6) / 1e6;
}
