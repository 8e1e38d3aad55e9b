/**
 * A static file server on 127.0.0.1 standing in for a model host (Hugging Face `resolve/`, an R2
 * public bucket, S3): serves in-memory files under `/<prefix>/`, counts requests per method and
 * path, and can be told to answer a file with another status.
 */
import { join } from "node:path";

/** A running fake model host. */
export interface ModelServer {
  /** `http://127.0.0.1:<port>/<prefix>/` */
  readonly url: string;
  /** Files by name relative to the prefix (mutable: tests replace or delete files). */
  readonly files: Map<string, Uint8Array>;
  /** Status to answer instead, by file name (e.g. 404, 500). */
  readonly status: Map<string, number>;
  /** Requests so far, by `"<METHOD> <name>"`. */
  readonly counts: Map<string, number>;
  /** Total GETs of `name`. */
  gets(name: string): number;
  close(): Promise<void>;
}

/** Serves `files` under `/<prefix>/` on a free port of 127.0.0.1. */
export function serveModelFiles(
  files: ReadonlyMap<string, Uint8Array>,
  prefix = "tiny",
): ModelServer {
  const served = new Map(files);
  const status = new Map<string, number>();
  const counts = new Map<string, number>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    const name = path.startsWith(`/${prefix}/`) ? path.slice(prefix.length + 2) : path;
    const key = `${req.method} ${name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const forced = status.get(name);
    const body = served.get(name);
    if (forced !== undefined) return new Response(`status ${forced}`, { status: forced });
    if (body === undefined) return new Response("not found", { status: 404 });
    const headers = { "content-length": String(body.length) };
    return new Response(req.method === "HEAD" ? null : body.slice(), { headers });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/${prefix}/`,
    files: served,
    status,
    counts,
    gets: (name) => counts.get(`GET ${name}`) ?? 0,
    close: () => server.shutdown(),
  };
}

/** The files of a model folder (top level and `1_Pooling/`), read into memory. */
export async function readModelDir(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile) files.set(entry.name, await Deno.readFile(join(dir, entry.name)));
  }
  try {
    for await (const entry of Deno.readDir(join(dir, "1_Pooling"))) {
      const name = `1_Pooling/${entry.name}`;
      if (entry.isFile) files.set(name, await Deno.readFile(join(dir, name)));
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return files;
}
