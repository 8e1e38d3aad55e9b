/**
 * The score a cross-encoder reports, from its `config.json`, as sentence-transformers decides it:
 * the ms-marco models declare `sbert_ce_default_activation_function: ...Identity`, so Weaviate's
 * reranker-transformers returns their raw logits; others may declare Sigmoid.
 * @module
 */

/** What is applied to logit 0. */
export type Activation = "identity" | "sigmoid";

/**
 * Reads the activation from `sbert_ce_default_activation_function` (sentence-transformers < 4) or
 * `sentence_transformers.activation_fn` (>= 4). Without either, the raw logit (Identity), the
 * behaviour of the ms-marco models Weaviate serves.
 */
export function activationFromConfig(config: Readonly<Record<string, unknown>>): Activation {
  const st = config.sentence_transformers as Record<string, unknown> | undefined;
  const name = config.sbert_ce_default_activation_function ?? st?.activation_fn;
  if (typeof name !== "string") return "identity";
  if (/sigmoid/i.test(name)) return "sigmoid";
  if (/identity/i.test(name)) return "identity";
  throw new Error(`unsupported cross-encoder activation ${name} (expected Identity or Sigmoid)`);
}

/** Applies `activation` to a logit. */
export function applyActivation(activation: Activation, logit: number): number {
  return activation === "sigmoid" ? 1 / (1 + Math.exp(-logit)) : logit;
}
