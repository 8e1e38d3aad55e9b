/**
 * What the fuzzer knows of the fuzz gateway's schema (bench/fuzz/fixture.ts): classes, their
 * properties and types, vector dimensions and the property a rerank reads. The generators in
 * arbitraries.ts build queries from it; a share of them deliberately leaves it (unknown names).
 * @module
 */
import type { DataType } from "../../src/config/types.ts";

/** One property. */
export interface PropertyModel {
  readonly name: string;
  readonly type: DataType;
}

/** One class. */
export interface ClassModel {
  readonly name: string;
  readonly properties: readonly PropertyModel[];
  /** Length of the stored vectors (the hash vectorizer's 1024 for the sample class). */
  readonly dims: number;
  /** A text property to rerank on. */
  readonly rerankProperty: string;
  /** The class has a vectorizer (only then does it take `nearText`). */
  readonly vectorizer: boolean;
}

/** The sample class (`gateway.offline.json`). */
export const JEOPARDY: ClassModel = {
  name: "JeopardyQuestion",
  properties: [
    { name: "question", type: "text" },
    { name: "answer", type: "text" },
    { name: "category", type: "text" },
    { name: "value", type: "int" },
    { name: "round", type: "text" },
    { name: "airDate", type: "date" },
  ],
  dims: 1024,
  rerankProperty: "question",
  vectorizer: true,
};

const remoteProperties: readonly PropertyModel[] = [
  { name: "title", type: "text" },
  { name: "body", type: "text" },
  { name: "words", type: "int" },
  { name: "rating", type: "number" },
  { name: "published", type: "boolean" },
  { name: "tags", type: "text[]" },
];

/** A class reranked by Cohere (configured base URL, operator key from the environment). */
export const ARTICLE: ClassModel = {
  name: "Article",
  properties: remoteProperties,
  dims: 8,
  rerankProperty: "body",
  vectorizer: false,
};

/** A class reranked by Jina AI (default base URL, operator key from the environment). */
export const REVIEW: ClassModel = {
  name: "Review",
  properties: remoteProperties,
  dims: 8,
  rerankProperty: "title",
  vectorizer: false,
};

/** Every class of the fuzz gateway. */
export const CLASSES: readonly ClassModel[] = [JEOPARDY, ARTICLE, REVIEW];
