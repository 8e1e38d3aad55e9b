/**
 * The BERT shapes the synthetic generator can build: the tiny unit-test model and the exact
 * shapes of MiniLM-L6 (ms-marco-MiniLM-L-6-v2, all-MiniLM-L6-v2) and TinyBERT-L2
 * (ms-marco-TinyBERT-L-2-v2).
 * @module
 */

import { TINY_VOCAB_SIZE } from "./vocab.ts";

/** Hyper-parameters of a BERT encoder (HF `config.json` names in camelCase). */
export interface BertShape {
  /** Shape id, also the suffix of the model folder (`synthetic-<name>`). */
  readonly name: ShapeName;
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly numHeads: number;
  readonly intermediateSize: number;
  readonly numLayers: number;
  readonly maxPositions: number;
  readonly typeVocabSize: number;
  readonly layerNormEps: number;
  /** The real model whose tokenizer (vocabulary) this shape shares, if any. */
  readonly tokenizerFrom?: string;
}

/** Names of the built-in shapes. */
export type ShapeName = "tiny" | "minilm-l6" | "tinybert-l2";

/** The built-in shapes by name. */
export const SHAPES: Readonly<Record<ShapeName, BertShape>> = {
  tiny: {
    name: "tiny",
    vocabSize: TINY_VOCAB_SIZE,
    hiddenSize: 32,
    numHeads: 2,
    intermediateSize: 64,
    numLayers: 2,
    maxPositions: 128,
    typeVocabSize: 2,
    layerNormEps: 1e-12,
  },
  "minilm-l6": {
    name: "minilm-l6",
    vocabSize: 30522,
    hiddenSize: 384,
    numHeads: 12,
    intermediateSize: 1536,
    numLayers: 6,
    maxPositions: 512,
    typeVocabSize: 2,
    layerNormEps: 1e-12,
    tokenizerFrom: "ms-marco-MiniLM-L-6-v2",
  },
  "tinybert-l2": {
    name: "tinybert-l2",
    vocabSize: 30522,
    hiddenSize: 128,
    numHeads: 2,
    intermediateSize: 512,
    numLayers: 2,
    maxPositions: 512,
    typeVocabSize: 2,
    layerNormEps: 1e-12,
    tokenizerFrom: "ms-marco-MiniLM-L-6-v2",
  },
};

/** True when `name` is one of {@link SHAPES}. */
export function isShapeName(name: string): name is ShapeName {
  return Object.hasOwn(SHAPES, name);
}
