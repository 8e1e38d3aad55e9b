/**
 * The soak loop: the fuzz gateway (plus a cross-encoder class when a synthetic model is on disk)
 * served by `Deno.serve` on 127.0.0.1 port 0, `clients` keep-alive clients sending the mix of
 * mix.ts until `requests` are answered, memory (RSS, V8 heap, ORT's WASM heap) recorded at the
 * start, every `every` requests and at the end, each answer checked.
 * @module
 */
import { offlineRawConfig, sampleDataPath } from "../../src/config/default.ts";
import { buildFuzzGateway, installEgressStub, realFetch } from "../fuzz/fixture.ts";
import { trackWasmMemory, wasmMemoryMiB } from "../wasm_memory.ts";
import { CROSS_ENCODER_CLASS, soakMix } from "./mix.ts";

/** The synthetic cross-encoder the soak uses when present (`deno task models synth tinybert-l2`). */
export const SOAK_MODEL = "synthetic-tinybert-l2";

/** Options of {@link runSoak}. */
export interface SoakOptions {
  readonly requests: number;
  readonly clients: number;
  /** A memory snapshot every this many answers. */
  readonly every: number;
  readonly seed: number;
  /** Use the cross-encoder class when the model is on disk (default true). */
  readonly crossEncoder?: boolean;
  readonly progress?: (line: string) => void;
}

/** Memory and latency at one point of the soak. */
export interface SoakSnapshot {
  readonly label: string;
  readonly requests: number;
  readonly seconds: number;
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
  readonly heapTotalMiB: number;
  readonly externalMiB: number;
  readonly wasmMiB?: number;
  /** Latency over the requests since the previous snapshot. */
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  readonly failed: number;
}

/** What the soak measured. */
export interface SoakReport {
  readonly requests: number;
  readonly clients: number;
  readonly crossEncoder: boolean;
  readonly seconds: number;
  readonly snapshots: readonly SoakSnapshot[];
  readonly kinds: ReadonlyMap<string, { readonly count: number; readonly failed: number }>;
  /** The first few failed answers. */
  readonly failures: readonly string[];
  /** `gc()` ran before every snapshot (`--v8-flags=--expose-gc`). */
  readonly gcBeforeSnapshots: boolean;
}

async function modelPresent(): Promise<boolean> {
  try {
    return (await Deno.stat(`models/${SOAK_MODEL}/model.onnx`)).isFile;
  } catch {
    return false;
  }
}

function crossEncoderCollection(): Record<string, unknown> {
  const raw = offlineRawConfig(sampleDataPath()) as { collections: Record<string, unknown>[] };
  return {
    ...raw.collections[0],
    class: CROSS_ENCODER_CLASS,
    moduleConfig: {
      "text2vec-hash": {},
      "reranker-transformers": { model: SOAK_MODEL, backend: "wasm" },
    },
  };
}

const MiB = 2 ** 20;

function percentile(values: number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

/** Runs the soak. */
export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const crossEncoder = (opts.crossEncoder ?? true) && await modelPresent();
  trackWasmMemory();
  const egress = installEgressStub();
  const { app } = await buildFuzzGateway({
    extraCollections: crossEncoder ? [crossEncoderCollection()] : [],
  });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  const base = `http://127.0.0.1:${server.addr.port}`;
  const next = soakMix({ seed: opts.seed, crossEncoder });
  const gc = (globalThis as { gc?: () => void }).gc;
  const kinds = new Map<string, { count: number; failed: number }>();
  const failures: string[] = [];
  const snapshots: SoakSnapshot[] = [];
  let window: number[] = [];
  let sent = 0, done = 0, failed = 0;
  const t0 = performance.now();
  const snapshot = (label: string) => {
    gc?.();
    const m = Deno.memoryUsage();
    snapshots.push({
      label,
      requests: done,
      seconds: (performance.now() - t0) / 1000,
      rssMiB: m.rss / MiB,
      heapUsedMiB: m.heapUsed / MiB,
      heapTotalMiB: m.heapTotal / MiB,
      externalMiB: m.external / MiB,
      wasmMiB: wasmMemoryMiB(),
      p50Ms: percentile(window, 0.5),
      p99Ms: percentile(window, 0.99),
      failed,
    });
    window = [];
    opts.progress?.(
      `soak: ${label}: ${done} requests, RSS ${(m.rss / MiB).toFixed(0)} MiB, heap ${
        (m.heapUsed / MiB).toFixed(0)
      } MiB, WASM ${wasmMemoryMiB()?.toFixed(0) ?? "-"} MiB, ${failed} failed`,
    );
  };
  snapshot("start");
  const client = async () => {
    while (sent < opts.requests) {
      sent++;
      const r = next();
      const start = performance.now();
      let ok = false, text = "", status = 0;
      try {
        const res = await realFetch(base + r.path, {
          method: r.method,
          headers: r.body ? { "content-type": "application/json" } : {},
          body: r.body,
        });
        status = res.status;
        text = await res.text();
        ok = r.ok(status, text);
      } catch (err) {
        text = String(err);
      }
      window.push(performance.now() - start);
      const k = kinds.get(r.kind) ?? { count: 0, failed: 0 };
      kinds.set(r.kind, { count: k.count + 1, failed: k.failed + (ok ? 0 : 1) });
      if (!ok) {
        failed++;
        if (failures.length < 5) failures.push(`${r.kind}: ${status} ${text.slice(0, 300)}`);
      }
      done++;
      if (done % opts.every === 0 && done < opts.requests) snapshot(`after ${done}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.clients }, client));
    snapshot("end");
    return {
      requests: done,
      clients: opts.clients,
      crossEncoder,
      seconds: (performance.now() - t0) / 1000,
      snapshots,
      kinds,
      failures,
      gcBeforeSnapshots: gc !== undefined,
    };
  } finally {
    await server.shutdown();
    egress.restore();
  }
}
