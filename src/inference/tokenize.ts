/**
 * BERT input encoding on top of `@huggingface/tokenizers`: pairs as `[CLS] q [SEP] d [SEP]` with
 * token types 0/1 for cross-encoders, single texts as `[CLS] t [SEP]` for bi-encoders, both
 * truncated to the model's max length (the library has no truncation; see `truncate.ts`).
 * @module
 */
import { Tokenizer } from "@huggingface/tokenizers";
import { encodeBounded, longestFirst } from "./truncate.ts";

/** One encoded input; the attention mask is all ones over `ids` (padding adds zeros later). */
export interface EncodedInput {
  readonly ids: readonly number[];
  readonly typeIds: readonly number[];
}

/** Options of {@link createBertTokenizer}. */
export interface BertTokenizerOptions {
  /** Longest encoded input including special tokens (at least 4). */
  readonly maxLength: number;
}

/** Encodes texts for a BERT-family model. */
export interface BertTokenizer {
  readonly maxLength: number;
  /** `[CLS] query [SEP] document [SEP]`, `longest_first`-truncated to `maxLength`. */
  encodePair(query: string, document: string): EncodedInput;
  /** `[CLS] text [SEP]`, truncated to `maxLength`. */
  encodeText(text: string): EncodedInput;
}

/** The longest input the tokenizer and model config allow (`model_max_length`, positions). */
export function modelMaxLength(
  tokenizerConfig: Readonly<Record<string, unknown>>,
  modelConfig: Readonly<Record<string, unknown>>,
): number {
  const limits = [tokenizerConfig.model_max_length, modelConfig.max_position_embeddings]
    // Tokenizer configs without a limit say 1e30.
    .filter((v): v is number => typeof v === "number" && Number.isInteger(v) && v > 0);
  return limits.length ? Math.min(...limits) : 512;
}

/**
 * Throws what {@link createBertTokenizer} would throw for an unsupported post-processor or max
 * length, without building the tokenizer (a worker-hosted session builds it in its thread).
 */
export function checkBertTokenizer(
  tokenizerJson: Readonly<Record<string, unknown>>,
  opts: BertTokenizerOptions,
): void {
  const post = (tokenizerJson.post_processor as { type?: string } | null)?.type;
  if (post !== undefined && post !== "TemplateProcessing" && post !== "BertProcessing") {
    throw new Error(
      `tokenizer post-processor ${post} is not supported (only BERT-style [CLS] a [SEP] b [SEP])`,
    );
  }
  if (!Number.isInteger(opts.maxLength) || opts.maxLength < 4) {
    throw new Error(`maxLength must be an integer >= 4, got ${opts.maxLength}`);
  }
}

/**
 * Builds the encoder from a parsed `tokenizer.json` and `tokenizer_config.json`. Only BERT-style
 * post-processing is supported (WordPiece models: MiniLM, TinyBERT, BERT, ...).
 */
export function createBertTokenizer(
  tokenizerJson: Readonly<Record<string, unknown>>,
  tokenizerConfig: Readonly<Record<string, unknown>>,
  opts: BertTokenizerOptions,
): BertTokenizer {
  checkBertTokenizer(tokenizerJson, opts);
  const tok = new Tokenizer(tokenizerJson, tokenizerConfig);
  const special = (key: string, fallback: string): number => {
    const name = typeof tokenizerConfig[key] === "string"
      ? tokenizerConfig[key] as string
      : fallback;
    const id = tok.token_to_id(name);
    if (id === undefined) throw new Error(`tokenizer has no ${key} ${name}`);
    return id;
  };
  const cls = special("cls_token", "[CLS]");
  const sep = special("sep_token", "[SEP]");
  const encode = (text: string) => tok.encode(text, { add_special_tokens: false }).ids;
  const maxLength = opts.maxLength;

  // A rerank encodes one query with many documents: its ids are computed once.
  let lastQuery: { text: string; ids: ReturnType<typeof encodeBounded> } | undefined;
  return {
    maxLength,
    encodePair(query, document) {
      const budget = maxLength - 3;
      if (lastQuery?.text !== query) {
        lastQuery = { text: query, ids: encodeBounded(encode, query, budget + 1) };
      }
      let q = lastQuery.ids;
      let d = encodeBounded(encode, document, budget + 1);
      // A prefix decides the cut only when its lower bound already settles which side is longer.
      if (q.cut && (d.cut || q.lowerBound <= d.ids.length)) {
        q = { ids: encode(query), cut: false, lowerBound: 0, exactPrefix: 0 };
        // The full ids are what any prefix decision equals; later pairs reuse them.
        lastQuery = { text: query, ids: q };
      }
      if (d.cut && d.lowerBound <= q.ids.length) {
        d = { ids: encode(document), cut: false, lowerBound: 0, exactPrefix: 0 };
      }
      const [nq, nd] = longestFirst(
        q.cut ? q.lowerBound : q.ids.length,
        d.cut ? d.lowerBound : d.ids.length,
        budget,
      );
      const ids = [cls, ...q.ids.slice(0, nq), sep, ...d.ids.slice(0, nd), sep];
      const typeIds = new Array<number>(ids.length).fill(0, 0, nq + 2).fill(1, nq + 2);
      return { ids, typeIds };
    },
    encodeText(text) {
      const budget = maxLength - 2;
      const t = encodeBounded(encode, text, budget);
      const ids = [cls, ...t.ids.slice(0, budget), sep];
      return { ids, typeIds: new Array<number>(ids.length).fill(0) };
    },
  };
}
