/**
 * The messages between a worker-hosted session's client (`worker_session.ts`) and its worker
 * thread (`session_worker.ts`). Every request but `release` carries an `id` its reply repeats.
 * @module
 */
import type { PairJobRequest } from "./pair_scoring.ts";
import type { BackendName, FloatOutput } from "./session_types.ts";

/** Loads the graph with the first backend of `backends` that works. */
export interface CreateMessage {
  readonly type: "create";
  readonly bytes: Uint8Array;
  readonly backends: readonly BackendName[];
  readonly threads: number;
  readonly nodeSpecifier: string;
}

/** One run of raw int64 feeds (the embedder's path). */
export interface RunMessage {
  readonly type: "run";
  readonly id: number;
  readonly feeds: Readonly<Record<string, { data: BigInt64Array; dims: readonly number[] }>>;
}

/** Tokenizes and plans a rerank's pairs; its `id` names the job afterwards. */
export interface JobMessage {
  readonly type: "job";
  readonly id: number;
  /** The tokenizer by key; `text` (tokenizer.json) and `config` come with a key's first job. */
  readonly tokenizer: {
    readonly key: string;
    readonly maxLength: number;
    readonly text?: string;
    readonly config?: Readonly<Record<string, unknown>>;
  };
  readonly request: Omit<PairJobRequest, "tokenizer">;
}

/** Scores runs `from..to` of job `job`. */
export interface ScoreMessage {
  readonly type: "score";
  readonly id: number;
  readonly job: number;
  readonly from: number;
  readonly to: number;
}

/** Drops job `job` (its request finished or gave up). */
export interface ReleaseMessage {
  readonly type: "release";
  readonly job: number;
}

/** What the client sends. */
export type ToWorker = CreateMessage | RunMessage | JobMessage | ScoreMessage | ReleaseMessage;

/** What the worker answers. */
export type WorkerReply =
  | {
    readonly type: "created";
    readonly id?: undefined;
    readonly backend: BackendName;
    readonly inputNames: readonly string[];
    readonly outputNames: readonly string[];
    readonly dynamicQuantized: boolean;
    /** Backends tried before the one that loaded, with why they failed. */
    readonly failures: readonly string[];
  }
  | { readonly type: "error"; readonly id?: number; readonly message: string }
  | { readonly type: "result"; readonly id: number; readonly outputs: Record<string, FloatOutput> }
  | {
    readonly type: "planned";
    readonly id: number;
    /** Real tokens of the job's pairs. */
    readonly tokens: number;
    /** Padded tokens of each run, in run order. */
    readonly widths: readonly number[];
  }
  | {
    readonly type: "scores";
    readonly id: number;
    readonly indices: readonly number[];
    readonly logits: readonly number[];
    readonly runs: number;
    /** Time the chunk's runs took in the worker. */
    readonly ms: number;
  };
