/**
 * The cross-encoder benches' passages: SciFact abstracts of 120-280 tokens (BERT uncased, no
 * special tokens) and the query they are paired with, read from `../shared/data/scifact` (present
 * in the development checkout and CI, never committed). `bench/cross_encoder.ts` times them in
 * Deno, `bench/workers.ts` in workerd.
 * @module
 */
import { Tokenizer } from "@huggingface/tokenizers";

/** The SciFact folder beside the checkout (a git worktree under `wt/` has it one level up). */
export const SCIFACT_DIR = ["../shared/data/scifact", "../../shared/data/scifact"].find((d) => {
  try {
    return Deno.statSync(d).isDirectory;
  } catch {
    return false;
  }
}) ?? "../shared/data/scifact";

async function readJsonl(path: string): Promise<Record<string, string>[]> {
  return (await Deno.readTextFile(path)).split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/** One query and the abstracts it is reranked against, in corpus order. */
export interface SciFactPassages {
  readonly query: string;
  readonly docs: readonly string[];
}

/**
 * The bench's query (the second test query) and the first `count` abstracts whose length is
 * 120-280 tokens under the given tokenizer (`tokenizer.json` and `tokenizer_config.json` as
 * parsed JSON).
 */
export async function scifactPassages(
  tokenizerJson: Record<string, unknown>,
  tokenizerConfig: Record<string, unknown>,
  count: number,
): Promise<SciFactPassages> {
  const queries = await readJsonl(`${SCIFACT_DIR}/queries.test.jsonl`);
  const corpus = await readJsonl(`${SCIFACT_DIR}/corpus.jsonl`);
  const raw = new Tokenizer(tokenizerJson, tokenizerConfig);
  const docs: string[] = [];
  for (const d of corpus) {
    const n = raw.encode(d.text, { add_special_tokens: false }).ids.length;
    if (n >= 120 && n <= 280) docs.push(d.text);
    if (docs.length === count) break;
  }
  return { query: queries[1].text, docs };
}
