/**
 * A reranker that holds every call until the test opens the gate: lets tests keep requests in
 * flight deterministically (no sleeps). Ignores the abort signal on purpose (a provider that does
 * not honour it), but records it.
 * @module
 */
import type { Reranker } from "../../src/core/reranker.ts";

/** A gated reranker and its controls. */
export interface GatedReranker extends Reranker {
  /** Signals of every call, in call order. */
  readonly signals: AbortSignal[];
  /** Resolves when `n` calls have started. */
  started(n: number): Promise<void>;
  /** Lets every held and future call finish. */
  open(): void;
}

/** Builds a {@link GatedReranker} scoring like `reranker-dummy` (UTF-8 byte length). */
export function gatedReranker(): GatedReranker {
  const signals: AbortSignal[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const enc = new TextEncoder();
  return {
    name: "reranker-dummy",
    maxDocuments: 1000,
    signals,
    started(n) {
      if (signals.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    open: () => release(),
    async rerank(_query, documents, opts) {
      signals.push(opts.signal);
      for (const w of waiters.filter((w) => signals.length >= w.n)) w.resolve();
      await gate;
      return documents.map((d, index) => ({ index, score: enc.encode(d).length }));
    },
  };
}
