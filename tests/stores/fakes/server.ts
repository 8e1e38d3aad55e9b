/**
 * A fake upstream on 127.0.0.1 (port 0) with switchable faults: the base of the Weaviate and
 * Qdrant stand-ins, which answer from an embedded store over the same records.
 * @module
 */
import type { ContractFault } from "../contract.ts";

/** A fault mode, including the malformed-body mode the contract suite does not name. */
export type FakeFault = ContractFault | "malformed";

/** A running fake upstream. */
export interface FakeUpstream {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request path and body, in order. */
  readonly requests: { path: string; headers: Headers; body: string }[];
  setFault(mode: FakeFault): void;
  close(): Promise<void>;
}

/** Answers one request; the fault modes are handled before it is called. */
export type UpstreamHandler = (path: string, body: string, req: Request) => Promise<Response>;

/** Starts a fake; `errorBody` is the upstream's own 500 body. Always `close()` it in `finally`. */
export function startFakeUpstream(handler: UpstreamHandler, errorBody: unknown): FakeUpstream {
  let fault: FakeFault;
  const closing = new AbortController();
  const requests: FakeUpstream["requests"] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    const body = await req.text();
    requests.push({ path, headers: req.headers, body });
    if (fault === "hang") {
      await new Promise((resolve) => closing.signal.addEventListener("abort", resolve));
      return new Response(null, { status: 504 });
    }
    if (fault === "error") return Response.json(errorBody, { status: 500 });
    if (fault === "malformed") {
      return new Response('{"results": [', { headers: { "content-type": "application/json" } });
    }
    try {
      return await handler(path, body, req);
    } catch (err) {
      return Response.json({ code: "invalid_argument", message: (err as Error).message }, {
        status: 400,
      });
    }
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    setFault: (mode) => (fault = mode),
    async close() {
      closing.abort();
      await server.shutdown();
    },
  };
}
