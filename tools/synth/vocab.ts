/**
 * The tiny model's own WordPiece vocabulary, built here so that unit tests need no downloaded
 * tokenizer: BERT's special tokens, single characters (with `##` continuations, so every lowercase
 * ASCII word tokenizes without `[UNK]`), a few hundred common English words and suffix pieces.
 * @module
 */

/** BERT's special tokens, in id order: `[PAD]`=0, `[UNK]`=1, `[CLS]`=2, `[SEP]`=3, `[MASK]`=4. */
export const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;

const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const DIGITS = "0123456789";
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

const WORDS = `
the of and to in is was for on that with as by at from it be are this an or which his has had
not but were have their they one its also been who new first after more all when there can
other two time into she her he him we you your our my me us them about over most only some
would could should will may than then so what where why how many much these those such each
any very just like no yes up out down off again more less same own both few here now do does
did done make made get got go goes went come came see seen know known take took give gave find
found use used work works worked call called tell told ask asked feel keep let put mean means
city country world people person man men woman women child children family life day days year
years week month hour time place home house water fire air earth sun moon star stars sky sea
river lake mountain island forest tree trees plant plants animal animals dog dogs cat cats bird
birds fish horse food bread milk coffee tea wine apple fruit book books word words name names
number numbers part parts way ways side end line lines case point group state states government
company school university student students teacher system program question questions answer
answers fact facts area areas war history science music art film game team player money market
law health body heart blood brain cell cells disease doctor hospital patient drug drugs cancer
virus study studies research result results data model models method test tests effect effects
energy power light heat sound speed car cars train road ship plane flight fly flying floating
float balloon air hot cold big small large little long short high low old young good bad great
best better first last next early late fast slow easy hard true false right left open close
red blue green white black north south east west capital population live lives living inhabitants
registered square kilometers miles meters museum metropolitan famous york berlin paris london
rome tokyo china india france germany america american english french german language languages
computer internet network phone software search engine query document documents rank ranking
relevant score scores vector vectors text texts sentence sentences
`;

const SUFFIXES = [
  "s",
  "es",
  "ed",
  "ing",
  "er",
  "ers",
  "est",
  "ly",
  "al",
  "tion",
  "tions",
  "ment",
  "ness",
  "ity",
  "ic",
  "ous",
  "ful",
  "less",
  "able",
  "ize",
];

function buildVocab(): readonly string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (token: string) => {
    if (!seen.has(token)) {
      seen.add(token);
      out.push(token);
    }
  };
  SPECIAL_TOKENS.forEach(add);
  for (const ch of PUNCTUATION + DIGITS + LETTERS) add(ch);
  for (const ch of DIGITS + LETTERS) add(`##${ch}`);
  for (const word of WORDS.split(/\s+/)) if (word !== "") add(word);
  for (const suffix of SUFFIXES) add(`##${suffix}`);
  return out;
}

/** The tiny vocabulary: token at index `i` has id `i`. */
export const TINY_VOCAB: readonly string[] = buildVocab();

/** Number of tokens in {@link TINY_VOCAB}. */
export const TINY_VOCAB_SIZE: number = TINY_VOCAB.length;
