/**
 * A local stand-in for the Hugging Face Hub: serves files at `/{repo}/resolve/{revision}/{path}`,
 * honours `Range:` (206) unless told not to, and can cut a response off mid-body.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { Manifest } from "../../src/models/manifest.ts";
import { synthesizeModel } from "../../tools/synth/synthesize.ts";

/** A running fake Hub. */
export interface HubServer {
  url: string;
  /** `Range` header of every request (undefined when absent), by path. */
  ranges: { path: string; range?: string }[];
  close(): Promise<void>;
}

/** Behaviour switches, mutable while the server runs. */
export interface HubBehaviour {
  /** Paths whose next response sends only half the body and then breaks the connection. */
  cutOnce: Set<string>;
  /** Answer 200 with the whole file even when `Range:` is sent. */
  ignoreRange: boolean;
}

/** The synthetic tiny model's files in HF layout, keyed by repo path. */
export function tinyRepoFiles(): Map<string, Uint8Array> {
  const model = synthesizeModel("tiny");
  const text = new TextEncoder();
  return new Map([
    ["onnx/model.onnx", model.onnx],
    ["tokenizer.json", text.encode(model.tokenizerJson!)],
    ["config.json", text.encode(model.configJson)],
  ]);
}

/** A manifest with one model, `tiny-test`, served from repo `synth/tiny` at revision `abc123`. */
export function tinyManifest(files: Map<string, Uint8Array>): Manifest {
  const entry = (path: string) => ({
    path,
    size: files.get(path)!.byteLength,
    sha256: bytesToHex(sha256(files.get(path)!)),
  });
  return {
    version: 1,
    models: {
      "tiny-test": {
        kind: "reranker",
        repo: "synth/tiny",
        revision: "abc123",
        license: "mit",
        architecture: "bert",
        inputs: ["input_ids", "attention_mask", "token_type_ids"],
        activation: "Identity",
        maxLength: 128,
        files: {
          "model.onnx": entry("onnx/model.onnx"),
          "tokenizer.json": entry("tokenizer.json"),
          "config.json": entry("config.json"),
        },
      },
    },
  };
}

/** Starts the fake Hub on a free loopback port. Always `close()` it in `finally`. */
export function startHub(files: Map<string, Uint8Array>, behaviour: HubBehaviour): HubServer {
  const ranges: HubServer["ranges"] = [];
  const cutter = startCutter();
  const prefix = "/synth/tiny/resolve/abc123/";
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    const range = req.headers.get("range") ?? undefined;
    ranges.push({ path, range });
    const body = path.startsWith(prefix) ? files.get(path.slice(prefix.length)) : undefined;
    if (body === undefined) return new Response("Entry not found", { status: 404 });
    const m = /^bytes=(\d+)-$/.exec(range ?? "");
    const start = m !== null && !behaviour.ignoreRange ? Number(m[1]) : 0;
    if (start >= body.byteLength && start > 0) return new Response(null, { status: 416 });
    const slice = body.subarray(start);
    const headers: Record<string, string> = { "content-length": String(slice.byteLength) };
    if (start > 0) {
      headers["content-range"] = `bytes ${start}-${body.byteLength - 1}/${body.byteLength}`;
    }
    const status = start > 0 ? 206 : 200;
    if (!behaviour.cutOnce.delete(path.slice(prefix.length))) {
      return new Response(slice.slice(), { status, headers });
    }
    // Cut off mid-body: redirect to a raw TCP server that sends half the bytes and hangs up.
    const head = `HTTP/1.1 ${status} OK\r\n` +
      Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("") +
      "connection: close\r\n\r\n";
    cutter.next = [new TextEncoder().encode(head), slice.subarray(0, slice.byteLength >> 1)];
    return new Response(null, { status: 302, headers: { location: cutter.url } });
  });
  const addr = server.addr as Deno.NetAddr;
  const close = async () => {
    cutter.close();
    await Promise.all([server.shutdown(), cutter.done]);
  };
  return { url: `http://127.0.0.1:${addr.port}`, ranges, close };
}

interface Cutter {
  url: string;
  /** What the next connection gets (header bytes, then part of the body) before it is closed. */
  next: Uint8Array[];
  close(): void;
  done: Promise<void>;
}

function startCutter(): Cutter {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const cutter: Cutter = {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/cut`,
    next: [],
    close: () => listener.close(),
    done: Promise.resolve(),
  };
  cutter.done = (async () => {
    try {
      for await (const conn of listener) {
        try {
          await conn.read(new Uint8Array(4096));
          for (const chunk of cutter.next) await conn.write(chunk);
        } finally {
          conn.close();
        }
      }
    } catch {
      // listener closed
    }
  })();
  return cutter;
}
