/**
 * HF-layout JSON files for synthetic models: `config.json` (BERT hyper-parameters, cross-encoder
 * activation) and, for the tiny vocabulary, a WordPiece `tokenizer.json` + `tokenizer_config.json`
 * with BERT's lowercase normalizer and pre-tokenizer, loadable by `@huggingface/tokenizers`.
 * @module
 */

import type { BertHead } from "./params.ts";
import type { BertShape } from "./shapes.ts";
import { SPECIAL_TOKENS } from "./vocab.ts";

/** `config.json` for `shape`: `BertForSequenceClassification` (Identity activation) or `BertModel`. */
export function configJson(shape: BertShape, opts: { head: BertHead; numLabels: number }): string {
  const config: Record<string, unknown> = {
    _name_or_path: `synthetic-${shape.name}`,
    architectures: [opts.head === "classifier" ? "BertForSequenceClassification" : "BertModel"],
    attention_probs_dropout_prob: 0.1,
    hidden_act: "gelu",
    hidden_dropout_prob: 0.1,
    hidden_size: shape.hiddenSize,
    initializer_range: 0.02,
    intermediate_size: shape.intermediateSize,
    layer_norm_eps: shape.layerNormEps,
    max_position_embeddings: shape.maxPositions,
    model_type: "bert",
    num_attention_heads: shape.numHeads,
    num_hidden_layers: shape.numLayers,
    pad_token_id: 0,
    position_embedding_type: "absolute",
    type_vocab_size: shape.typeVocabSize,
    vocab_size: shape.vocabSize,
    synthetic:
      "random weights from rerank-gateway's generator; scores and rankings are meaningless",
  };
  if (opts.head === "classifier") {
    const labels = Array.from({ length: opts.numLabels }, (_, i) => i);
    config.id2label = Object.fromEntries(labels.map((i) => [String(i), `LABEL_${i}`]));
    config.label2id = Object.fromEntries(labels.map((i) => [`LABEL_${i}`, i]));
    config.sbert_ce_default_activation_function = "torch.nn.modules.linear.Identity";
  }
  return JSON.stringify(config, null, 2) + "\n";
}

function addedToken(content: string, id: number) {
  return {
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  };
}

/** A BERT WordPiece `tokenizer.json` over `vocab` (token `i` has id `i`; specials included). */
export function tokenizerJson(vocab: readonly string[]): string {
  const ids = new Map(vocab.map((t, i) => [t, i]));
  const id = (t: string) => {
    const v = ids.get(t);
    if (v === undefined) throw new Error(`vocabulary lacks ${t}`);
    return v;
  };
  const special = (t: string, typeId: number) => ({ SpecialToken: { id: t, type_id: typeId } });
  const seq = (s: string, typeId: number) => ({ Sequence: { id: s, type_id: typeId } });
  const tokenizer = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((t) => addedToken(t, id(t))),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [special("[CLS]", 0), seq("A", 0), special("[SEP]", 0)],
      pair: [
        special("[CLS]", 0),
        seq("A", 0),
        special("[SEP]", 0),
        seq("B", 1),
        special("[SEP]", 1),
      ],
      special_tokens: Object.fromEntries(
        ["[CLS]", "[SEP]"].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }]),
      ),
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
  return JSON.stringify(tokenizer, null, 2) + "\n";
}

/** `tokenizer_config.json` for a lowercase BERT tokenizer with `maxLength` model_max_length. */
export function tokenizerConfigJson(maxLength: number): string {
  const config = {
    added_tokens_decoder: Object.fromEntries(
      SPECIAL_TOKENS.map((t, i) => {
        const { id: _id, ...rest } = addedToken(t, i);
        return [String(i), rest];
      }),
    ),
    clean_up_tokenization_spaces: true,
    cls_token: "[CLS]",
    do_basic_tokenize: true,
    do_lower_case: true,
    mask_token: "[MASK]",
    model_max_length: maxLength,
    pad_token: "[PAD]",
    sep_token: "[SEP]",
    strip_accents: null,
    tokenize_chinese_chars: true,
    tokenizer_class: "BertTokenizer",
    unk_token: "[UNK]",
  };
  return JSON.stringify(config, null, 2) + "\n";
}
