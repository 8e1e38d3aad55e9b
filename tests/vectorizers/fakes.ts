/**
 * A stand-in for Cohere's `/v2/embed` with embeddings that can be checked by hand: one axis per
 * concept (air, sea, road) counting the words of that concept, plus a constant 1 so that no text
 * is the zero vector.
 */
import { type FakeHandler, json } from "../rerankers/fake_server.ts";

const AXES: readonly (readonly string[])[] = [
  ["air", "balloon", "zeppelin", "flying", "blimp"],
  ["sea", "ship", "sailing", "boat"],
  ["road", "car", "truck"],
];

/** `[air words, sea words, road words, 1]` of a text (lower-cased words of letters). */
export function conceptVector(text: string): number[] {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  return [...AXES.map((axis) => words.filter((w) => axis.includes(w)).length), 1];
}

/** Cohere v2 embed: `{id, embeddings: {float}, texts, meta, response_type}`. */
export const cohereEmbedHandler: FakeHandler = (req) => {
  const { texts } = JSON.parse(req.body) as { texts: string[] };
  return json({
    id: "5807ee2e-0cda-445a-9ec8-864c60a06606",
    embeddings: { float: texts.map(conceptVector) },
    texts,
    meta: { api_version: { version: "2" }, billed_units: { input_tokens: texts.length } },
    response_type: "embeddings_by_type",
  });
};
