/**
 * Models and data files from R2 on Cloudflare Workers. A model is a key prefix in the `MODELS`
 * bucket holding the Hugging Face layout (`<model>/config.json`, `<model>/tokenizer.json`,
 * `<model>/model_quantized.onnx`, ...), uploaded with `wrangler r2 object put`. Files are read at
 * the first rerank and not kept: the session and tokenizer, memoised per isolate, are what stays.
 * @module
 */
import { ModelUnavailableError } from "../models/unavailable.ts";
import type { ModelSource } from "../inference/model_files.ts";

/** The part of an R2 bucket binding the gateway uses. */
export interface R2BucketLike {
  get(key: string): Promise<R2ObjectBodyLike | null>;
  head(key: string): Promise<unknown | null>;
}

/** The part of an R2 object body the gateway uses. */
export interface R2ObjectBodyLike {
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** True when `v` looks like an R2 bucket binding. */
export function isR2Bucket(v: unknown): v is R2BucketLike {
  const b = v as Partial<R2BucketLike> | undefined;
  return typeof b?.get === "function" && typeof b.head === "function";
}

const GRAPH_FILE = { fp32: "model.onnx", int8: "model_quantized.onnx" } as const;

/** Options of {@link r2ModelSource}. */
export interface R2ModelSourceOptions {
  /** Binding name, for messages (default `MODELS`). */
  readonly binding?: string;
}

/** Local models from the R2 bucket `bucket`: a model id is a key prefix. */
export function r2ModelSource(bucket: R2BucketLike, opts: R2ModelSourceOptions = {}): ModelSource {
  const binding = opts.binding ?? "MODELS";
  const missing = (key: string) =>
    new ModelUnavailableError(
      `model file ${key} is not in the R2 bucket bound as ${binding}: upload it with ` +
        `\`npx wrangler r2 object put <bucket>/${key} --file <path>\``,
    );
  return {
    resolver: (dtype) => async (model, signal) => {
      signal.throwIfAborted();
      const prefix = model.replace(/\/+$/, "");
      if (prefix.endsWith(".onnx") || dtype === undefined) return prefix;
      const key = `${prefix}/${GRAPH_FILE[dtype]}`;
      if ((await bucket.head(key)) === null) throw missing(key);
      return key;
    },
    io: {
      readText: async (key) => (await bucket.get(key))?.text(),
      readBytes: async (key, signal) => {
        signal.throwIfAborted();
        const object = await bucket.get(key);
        if (object === null) throw missing(key);
        return new Uint8Array(await object.arrayBuffer());
      },
      isFile: async (key) => (await bucket.head(key)) !== null,
    },
  };
}

/** The model source of a Worker without a `MODELS` binding: every model load says what to add. */
export function unboundModelSource(): ModelSource {
  const fail = (): never => {
    throw new ModelUnavailableError(
      'local models on Workers are read from R2: add [[r2_buckets]] binding = "MODELS" to ' +
        "wrangler.toml",
    );
  };
  return {
    resolver: () => () => Promise.resolve().then(fail),
    io: { readText: fail, readBytes: fail, isFile: fail },
  };
}
