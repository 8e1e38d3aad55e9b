/**
 * The corpus of the compiled-path differential test (compiled_differential_test.ts): the
 * GraphQL documents the graphql tests send (collected from their source), the spec's examples
 * E1-E10, and a hand-made matrix of searches, selections, aliases, fragments, directives,
 * variables, vector literals and error cases over the classes of {@link corpusCollections}.
 * @module
 */
import type { TestCollection } from "../helpers/harness.ts";
import { ARTICLE, BOOK, COUNTER, POINT } from "./get_dataset.ts";

/** One request of the corpus. */
export interface CorpusItem {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

const U0 = "00000000-0000-0000-0000-000000000000";
const U1 = "11111111-1111-1111-1111-111111111111";

/** 20-d vectors, so literals take the vector-literal path (MIN_VECTOR_LENGTH is 16). */
export const WIDE_DIMS = 20;

function wideVector(i: number): number[] {
  return Array.from({ length: WIDE_DIMS }, (_, d) => Math.sin(i * 7 + d) / (1 + d));
}

/** The classes the corpus queries (names as in the tests the documents come from). */
export function corpusCollections(): TestCollection[] {
  const dummy = { "reranker-dummy": {} };
  return [
    BOOK,
    ARTICLE,
    POINT,
    COUNTER,
    {
      class: "BigFurryMonsterDog",
      properties: { first: "text", second: "text" },
      moduleConfig: dummy,
      records: [
        { id: U0, first: "apple", second: "longlong", vector: [1, 0] },
        { id: U1, first: "apple", second: "longlonglong", vector: [1, 0] },
      ],
    },
    {
      class: "Question",
      properties: { answer: "text", points: "int" },
      moduleConfig: dummy,
      records: ["abcd", "ab", "abc"].map((answer, i) => ({
        id: `d0000000-0000-0000-0000-00000000000${i}`,
        answer,
        points: 100 * (i + 1),
        vector: [1, i / 10],
      })),
    },
    {
      class: "Note",
      properties: { body: "text" },
      moduleConfig: dummy,
      records: ["the quick fox", "a lazy dog", "the end"].map((body, i) => ({
        id: `d1000000-0000-0000-0000-00000000000${i}`,
        body,
        vector: [i, 1],
      })),
    },
    {
      class: "Contact",
      properties: { name: "text", tags: "text[]", phone: "phoneNumber" },
      moduleConfig: dummy,
      rerank: { arguments: true, inheritQuery: false, onTimeout: "error" },
      records: [
        {
          id: "d2000000-0000-0000-0000-000000000001",
          name: "Ann",
          tags: ["x", "y"],
          phone: { input: "0151", valid: true, national: 151 },
          vector: [1, 0],
        },
        { id: "d2000000-0000-0000-0000-000000000002", name: "Bob", vector: [1, 0] },
      ],
    },
    {
      class: "Doc",
      properties: { text: "text", cat: "text" },
      moduleConfig: dummy,
      records: ["a", "bb", "ccc", "dddd", "eeeee"].map((text, i) => ({
        id: `d3000000-0000-0000-0000-00000000000${i}`,
        text,
        cat: i % 2 === 0 ? "x" : "y",
        vector: [1, i / 4],
      })),
    },
    {
      class: "Code",
      properties: { code: "text" },
      tokenization: { code: "field" },
      records: [{ id: "d4000000-0000-0000-0000-000000000001", code: "the", vector: [1, 0] }],
    },
    {
      class: "Wide",
      properties: { name: "text" },
      moduleConfig: dummy,
      records: [0, 1, 2, 3].map((i) => ({
        id: `d5000000-0000-0000-0000-00000000000${i}`,
        name: "w".repeat(i + 1),
        vector: wideVector(i),
      })),
    },
  ];
}

/**
 * Query-looking string literals (no interpolation) of the graphql tests' sources: documents sent
 * whole, and `get(app, "...")` bodies wrapped as `{Get{...}}`.
 */
export async function collectedQueries(dir: URL): Promise<string[]> {
  const out = new Set<string>();
  const literal = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.|\$(?!\{))*)`/g;
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.name.endsWith(".ts") || entry.name.startsWith("compiled_")) continue;
    const src = await Deno.readTextFile(new URL(entry.name, dir));
    for (const m of src.matchAll(literal)) {
      let text: string;
      try {
        text = m[3] !== undefined ? m[3].replace(/\\`/g, "`").replace(/\\\\/g, "\\") : JSON.parse(
          `"${m[1] !== undefined ? m[1].replace(/\\'/g, "'").replace(/"/g, '\\"') : m[2]}"`,
        );
      } catch {
        continue;
      }
      const before = src.slice(Math.max(0, m.index! - 12), m.index);
      if (/\bGet\b/.test(text) && /^\s*(\{|query|fragment|mutation)/.test(text)) {
        if (!text.startsWith('{"')) out.add(text); // not an expected response body
      } else if (/get\(\s*app,\s*$/.test(before) && /^[A-Z]\w*\s*[({]/.test(text)) {
        out.add(`{Get{${text}}}`);
      }
    }
  }
  return [...out];
}

/** Filters of get_where_test.ts's `where('...')` calls, each as a `Book` query. */
export async function collectedFilters(file: URL): Promise<string[]> {
  const src = await Deno.readTextFile(file);
  return [...src.matchAll(/where\(\s*'([^'\n]*)'/g)].map((m) =>
    `{Get{Book(where:${m[1]}){title _additional{id}}}}`
  );
}

const vec = (i: number) => JSON.stringify(wideVector(i + 0.5));

/** Spec §6 examples E1-E10 (the request documents). */
export const SPEC_EXAMPLES: readonly string[] = [
  '{Get{BigFurryMonsterDog(nearVector:{vector:[1,0]}){_additional{id} _additional{rerank(property: "second",query: "apple" ){score}}}}}',
  '{Get{BigFurryMonsterDog{_additional{id} _additional{rerank(property: "second",query: "apple"){score}}}}}',
  '{Get{BigFurryMonsterDog(nearVector:{vector:[1,0]}){_additional{id rerank(property:"first"){score}}}}}',
  '{Get{Article(nearText:{concepts:["lava"]} limit:3){title _additional{distance rerank(property:"title" query:"ice"){score}}}}}',
  '{Get{Book(bm25:{query:"classic"}){title _additional{score rerank(property:"title" query:"x"){score}}}}}',
  '{Get{BigFurryMonsterDog{_additional{rerank(query:"apple"){score}}}}}',
  '{Get{Article{title _additional{rerank(property:"title"){score}}}}}',
  '{Get{BigFurryMonsterDog{_additional{rerank(property:"first"){score} rerank(property:"second"){score}}}}}',
  '{Get{BigFurryMonsterDog{_additional{a:rerank(property:"first"){score} rerank(property:"second"){score}}}}}',
  '{Get{Book(hybrid:{query:"the"} offset:1 limit:2){title _additional{score rerank(property:"title"){score}}}}}',
  '{Get{Doc(nearVector:{vector:[1,0]} groupBy:{path:["cat"] groups:2 objectsPerGroup:2}){_additional{rerank(property:"text"){score} group{id count groupedBy{path value} maxDistance minDistance hits{text cat _additional{id distance vector}}}}}}}',
];

const BOOK_FIELDS =
  "title genre tags pages rating available published isbn location{latitude longitude}";
const ADDITIONAL =
  "_additional{id distance certainty score explainScore creationTimeUnix lastUpdateTimeUnix vector}";

/** The hand-made matrix. */
export function matrix(): CorpusItem[] {
  const q: CorpusItem[] = [];
  const add = (query: string, extra: Omit<CorpusItem, "query"> = {}) => q.push({ query, ...extra });
  const searches = [
    "",
    "(limit:2)",
    "(offset:2 limit:2)",
    "(nearVector:{vector:[1,0.1]})",
    "(nearVector:{vector:[1,0.1] distance:0.5})",
    "(nearVector:{vector:[1,0.1] certainty:0.9 limit:3})",
    `(nearObject:{id:"b0000000-0000-0000-0000-000000000002"} limit:3)`,
    '(bm25:{query:"the classic"})',
    '(bm25:{query:"the" properties:["title^2","genre"]} limit:3)',
    '(hybrid:{query:"the" alpha:0.5} limit:4)',
    '(hybrid:{query:"space" vector:[1,0] fusionType:rankedFusion})',
    '(where:{path:["pages"] operator:GreaterThan valueInt:300} sort:[{path:["pages"] order:desc}])',
    '(sort:[{path:["title"]}] limit:3)',
    '(after:"" limit:2)',
    '(nearVector:{vector:[1,0]} groupBy:{path:["genre"] groups:2 objectsPerGroup:2})',
    "(autocut:1 nearVector:{vector:[1,0]})",
  ];
  const selections = [
    "title",
    BOOK_FIELDS,
    `title ${ADDITIONAL}`,
    'title _additional{id rerank(property:"title" query:"q"){score}}',
    "__typename title _additional{__typename id}",
    "t: title t2: title p: pages _additional{i: id d: distance}",
    'location{latitude} _additional{group{id count hits{title _additional{id distance}}} rerank(property:"genre"){score}}',
  ];
  for (const s of searches) for (const sel of selections) add(`{Get{Book${s}{${sel}}}}`);
  // Aliases, several classes, typename at every level, merged fields.
  add("{__typename Get{__typename a:Book(limit:1){title} b:Article(limit:2){title body}}}");
  add("{g: Get{Book(limit:1){title}} h: Get{Point{name _additional{distance}}}}");
  add("{Get{Book(limit:2){title} Book(limit:2){pages _additional{id}}}}");
  add("{Get{Book(limit:2){title _additional{id}} Book(limit:2){_additional{distance id}}}}");
  // Fragments, inline fragments, directives.
  add(
    "{Get{...G}} fragment G on GetObjectsObj{a:Book(limit:2){...B} Counter(limit:3){n label}} fragment B on Book{title ... on Book{pages} ...B}",
  );
  add(
    "{Get{Book(limit:3){title @skip(if:true) pages @include(if:false) genre @include(if:true) ... @skip(if:true){tags} ... @include(if:true){rating}}}}",
  );
  add(
    '{Get{Book(limit:3){_additional{...R}}}} fragment R on BookAdditional{id rerank(property:"title"){score}}',
  );
  // Variables and operation names (graphql-js's path).
  add("query($n:Int){Get{Book(limit:$n){title}}}", { variables: { n: 2 } });
  add("query($n:Int){Get{Book(limit:$n){title}}}", { variables: { n: "x" } });
  add(
    "query($p:String,$q:String){Get{Note{body _additional{rerank(property:$p query:$q){score}}}}}",
    {
      variables: { p: "body", q: "x" },
    },
  );
  add("query Q{Get{Book(limit:1){title}}}", { operationName: "Q" });
  add("query Q{Get{Book(limit:1){title}}}", { operationName: "Other" });
  add("{Get{Book(limit:1){title}}}", { operationName: "" });
  add("query A{Get{Book(limit:1){title}}} query B{Get{Point{name}}}", { operationName: "B" });
  add("query A{Get{Book(limit:1){title}}} query B{Get{Point{name}}}");
  add("{Get{Book(limit:1){title}}}", { variables: { unused: [1, { a: 2 }] } });
  // Introspection beside Get.
  add('{__type(name:"Book"){name} Get{Book(limit:1){title}}}');
  // Resolver errors next to answers (partial data), in several classes.
  add(
    '{Get{Book(limit:-1 offset:-3){title} Point(nearVector:{vector:[1,2,3]}){name} Article(where:{path:["nope"] operator:Equal valueText:"x"}){title}}}',
  );
  add(
    '{Get{a:Book(bm25:{query:"x"} sort:[{path:["title"]}]){title} b:Book(limit:1){title} c:Book(nearVector:{vector:[1,0]} nearObject:{id:"x"}){title}}}',
  );
  add("{Get{Point(nearVector:{vector:[1,1,1]} certainty:0.5){name}}}");
  add("{Get{Point(nearVector:{vector:[1,1,1] certainty:0.5}){name _additional{certainty}}}}");
  add("{Get{Book(nearVector:{vector:[1e999, 0]}){title}}}");
  add("{Get{Book(nearVector:{vector:[[1,0],[0,1]]}){title}}}");
  add("{Get{Book(group:{type:closest force:0.5}){title}}}");
  add(
    '{Get{Contact{name tags phone{input valid national internationalFormatted} _additional{rerank(properties:["name","tags","phone.input"] window:2 minScore:1){score}}}}}',
  );
  add('{Get{Contact{_additional{rerank(property:"name" properties:["tags"]){score}}}}}');
  add('{Get{Contact{_additional{rerank(property:"name" window:0){score}}}}}');
  add("{Get{Counter(limit:10001){n}}}");
  add("{Get{Counter{n}}}");
  add("{Get{Counter(offset:5){n label}}}");
  // Validation and syntax errors (no execution on either path).
  add("{Get{Book{nope}}}");
  add("{Get{Book(limit:1.5){title}}}");
  add("{Get{Book{title}");
  add("mutation{Get{Book{title}}}");
  // Vector literals (>= 16 numbers): nearVector, hybrid vector and searches, formatting variants.
  add(
    `{Get{Wide(nearVector:{vector:${
      vec(0)
    }}){name _additional{id distance rerank(property:"name"){score}}}}}`,
  );
  add(
    `{Get{Wide(nearVector:{vector:${
      vec(1)
    } distance:0.9} limit:2){name _additional{distance certainty}}}}`,
  );
  add(`{Get{Wide(nearVector:{vector:${vec(2).replace(/,/g, " ")}}){name}}}`);
  add(
    `{Get{Wide(nearVector:{vector:${
      vec(2).replace(/,/g, ",\n  ")
    }}){name _additional{distance}} B:Wide(limit:-1 offset:-1){name}}}`,
  );
  add(`{Get{Wide(hybrid:{query:"w" vector:${vec(3)} alpha:0.5}){name _additional{score}}}}`);
  add(`{Get{Wide(hybrid:{query:"w" searches:{nearVector:{vector:${vec(4)}}}}){name}}}`);
  add(
    `{Get{Wide(hybrid:{query:"w" searches:[{nearVector:{vector:${
      vec(4)
    } certainty:0.1}}]}){name}}}`,
  );
  add(
    `{Get{a:Wide(nearVector:{vector:${vec(5)}}){name} b:Wide(nearVector:{vector:${
      vec(6)
    }}){name _additional{id}}}}`,
  );
  add(`{Get{Wide(nearVector:{vector:[${vec(7).slice(1, -1)},${vec(8).slice(1, -1)}]}){name}}}`);
  add(`{Get{Wide(nearVector:{vector:[${vec(7)},${vec(8)}]}){name}}}`);
  add(`{Get{Wide(nearVector:{vector:${vec(9).replace("[", "[1e999,")}}){name}}}`);
  add(`{Get{Wide(limit:${vec(1)}){name}}}`);
  add(`{Get{Wide(where:{path:["name"] operator:ContainsAny valueNumber:${vec(1)}}){name}}}`);
  add(`query($v:Vector){Get{Wide(nearVector:{vector:$v}){name}}}`, {
    variables: { v: wideVector(1) },
  });
  add(`{Get{Wide(nearVector:{vector:${vec(0)}}){nope}}}`);
  add(`{Get{Wide(nearVector:{vector:${vec(0)}}){name}}`);
  add(`# ${vec(1)}\n{Get{Wide(where:{path:["name"] operator:Equal valueText:"${vec(2)}"}){name}}}`);
  // One structure, vectors of other lengths: the cached form's error locations are mapped.
  for (const digits of [1, 6, 3, 12, 2]) {
    const v = `[${wideVector(digits).map((x) => x.toFixed(digits)).join(",")}]`;
    add(
      `{Get{Wide(nearVector:{vector:${v}}){name} B:Wide(limit:-1 offset:-1){name} C:Wide(hybrid:{query:"w" vector:${v}}){name}}\n  D: Wide(where:{path:["nope"] operator:Equal valueText:"x"}){name}}`,
    );
    add(
      `query($n:Int){Get{Wide(nearVector:{vector:${v}} limit:$n){name} B:Wide(limit:-1 offset:-1){name}}}`,
      { variables: { n: 1 } },
    );
    add(`query Q{Get{Wide(nearVector:{vector:${v}}){name} B:Wide(limit:-1 offset:-1){name}}}`, {
      operationName: "Q",
    });
    add(
      `{Get{\n Wide(nearVector:{vector:${v}}){name} S:Slow{x _additional{rerank(property:"x"){score}}} O:Odd(nearVector:{vector:${v}}){n tags}}}`,
    );
  }
  return q;
}
