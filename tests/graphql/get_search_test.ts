/**
 * `Get` search arguments through POST /v1/graphql (spec §1.1): nearVector, nearObject, nearText
 * (text2vec-hash), bm25 and hybrid, on the datasets of get_dataset.ts.
 */
import assert from "node:assert/strict";
import { testGateway } from "../helpers/harness.ts";
import { A, ARTICLE, B, BOOK, get, names, onlyError, POINT, rows } from "./get_dataset.ts";

const gateway = testGateway([BOOK, ARTICLE, POINT]);

async function ids(body: string, alias: string): Promise<string[]> {
  const { app } = await gateway;
  const res = await get(app, body);
  assert.equal(res.json.errors, undefined, res.text);
  return names(res.json, alias);
}

const book = (args: string) => ids(`Book(${args}){_additional{id}}`, "Book");
const article = (args: string) => ids(`Article(${args}){_additional{id}}`, "Article");

async function classError(body: string, alias: string): Promise<string> {
  const { app } = await gateway;
  const res = await get(app, body);
  assert.equal(res.status, 200);
  assert.equal((res.json.data as { Get: Record<string, unknown> }).Get[alias], null);
  const err = onlyError(res.json);
  assert.deepEqual(err.path, ["Get", alias]);
  return err.message;
}

// ---- nearVector ----------------------------------------------------------------------------

Deno.test("nearVector: nearest first, with distance and certainty thresholds", async () => {
  assert.deepEqual(await book("nearVector:{vector:[1,0]}"), ["b1", "b2", "b3", "b4", "b5", "b6"]);
  // A threshold without limit searches by distance (no default limit).
  assert.deepEqual(await book("nearVector:{vector:[1,0] distance:0.1}"), ["b1", "b2", "b3"]);
  assert.deepEqual(await book("nearVector:{vector:[1,0] distance:1.5}"), [
    "b1",
    "b2",
    "b3",
    "b4",
    "b5",
  ]);
  // certainty 0.995 <=> distance <= 0.01: b1 (0) and b2 (0.005), not b3 (0.019).
  assert.deepEqual(await book("nearVector:{vector:[1,0] certainty:0.995}"), ["b1", "b2"]);
  assert.deepEqual(await book("nearVector:{vector:[0,1]} limit:2"), ["b5", "b4"]);
});

Deno.test("nearVector: a threshold with offset and no limit searches by distance (no max-results error)", async () => {
  // Weaviate skips the QUERY_MAXIMUM_RESULTS check for search by distance; the offset still applies.
  assert.deepEqual(await book("nearVector:{vector:[1,0] distance:1.5} offset:2"), [
    "b3",
    "b4",
    "b5",
  ]);
  assert.deepEqual(await book("nearVector:{vector:[1,0] certainty:0.995} offset:1"), ["b2"]);
  assert.deepEqual(await book("nearVector:{vector:[1,0] distance:1.5} offset:2 limit:1"), ["b3"]);
});

Deno.test("nearVector: distance together with certainty is rejected", async () => {
  assert.equal(
    await classError("Book(nearVector:{vector:[1,0] distance:0.1 certainty:0.9}){title}", "Book"),
    "failed to extract nearVector params: cannot provide distance and certainty",
  );
});

Deno.test("nearVector: certainty on a non-cosine class is an error (argument and field)", async () => {
  const text =
    "can't compute and return certainty when vector index is configured with l2-squared distance";
  assert.equal(
    await classError("Point(nearVector:{vector:[1,1,1] certainty:0.8}){name}", "Point"),
    text,
  );
  assert.equal(
    await classError("Point(nearVector:{vector:[1,1,1]}){_additional{certainty}}", "Point"),
    text,
  );
  // distance thresholds work on l2-squared: p1 0, p3 0.193, p2 1.94 from [0.1,0.2,0.3].
  assert.deepEqual(
    await ids("Point(nearVector:{vector:[0.1,0.2,0.3] distance:0.5}){_additional{id}}", "Point"),
    ["p1", "p3"],
  );
});

// ---- nearObject ----------------------------------------------------------------------------

Deno.test("nearObject: by id (the object itself first) and by beacon", async () => {
  assert.deepEqual(await book(`nearObject:{id:"${B.b1}"}`), ["b1", "b2", "b3", "b4", "b5", "b6"]);
  // From b6 [-1, 0.1]: b5 0.90, b4 1.10, b3 1.96, b2 1.98, b1 1.995.
  assert.deepEqual(await book(`nearObject:{beacon:"weaviate://localhost/Book/${B.b6}"} limit:3`), [
    "b6",
    "b5",
    "b4",
  ]);
  assert.deepEqual(await book(`nearObject:{beacon:"weaviate://localhost/${B.b6}"} limit:2`), [
    "b6",
    "b5",
  ]);
  assert.deepEqual(await book(`nearObject:{id:"${B.b6}" distance:1}`), ["b6", "b5"]);
});

// ---- nearText (text2vec-hash) --------------------------------------------------------------

Deno.test("nearText: finds the hash-vectorized objects that share the concept's words", async () => {
  // "lava": a1 cos 1/sqrt(3.5) = 0.53, a3 1/sqrt(4.75) = 0.46, the rest 0 (distance 1).
  assert.deepEqual((await article('nearText:{concepts:["lava"]}')).slice(0, 2), ["a1", "a3"]);
  assert.deepEqual(await article('nearText:{concepts:["lava"] distance:0.9}'), ["a1", "a3"]);
  assert.deepEqual(await article('nearText:{concepts:"lava" distance:0.9}'), ["a1", "a3"]);
  assert.deepEqual(await article('nearText:{concepts:["river"] certainty:0.55}'), ["a3", "a5"]);
});

Deno.test("nearText: moveTo pulls towards, moveAwayFrom pushes away from other concepts", async () => {
  // moveTo ice (force 1): query = (lava + ice) / 2; a3 has both words (0.65), a1 and a2 one (0.38).
  const to = await article(
    'nearText:{concepts:["lava"] distance:0.9 moveTo:{concepts:["ice"] force:1}}',
  );
  assert.equal(to[0], "a3");
  assert.deepEqual(to.slice(1).sort(), ["a1", "a2"]);
  // moveAwayFrom ice (force 1): query = 1.5 lava - 0.5 ice; a2 (ice only) ends beyond distance 1.
  const away = await article(
    'nearText:{concepts:["lava"] moveAwayFrom:{concepts:["ice"] force:1}}',
  );
  assert.deepEqual(away.slice(0, 2), ["a1", "a3"]);
  assert.equal(away.at(-1), "a2");
  assert.equal(away.length, 5);
  // moveTo an object: the object's vector is the target.
  const toObject = await article(
    `nearText:{concepts:["lava"] distance:0.9 moveTo:{objects:[{id:"${A.a3}"}] force:1}}`,
  );
  assert.equal(toObject[0], "a3");
});

// ---- bm25 ----------------------------------------------------------------------------------

Deno.test("bm25: shorter fields rank higher; score is a descending String", async () => {
  const { app } = await gateway;
  // "classic" is a tag of b6 (1 tag), b1 (2 tags) and b2 (3 tags).
  const res = await get(app, 'Book(bm25:{query:"classic"}){_additional{id score}}');
  assert.deepEqual(names(res.json, "Book"), ["b6", "b1", "b2"]);
  const scores = rows(res.json, "Book").map((r) => r._additional!.score);
  assert.ok(scores.every((s) => typeof s === "string" && Number(s) > 0), String(scores));
  const n = scores.map(Number);
  assert.ok(n[0] > n[1] && n[1] > n[2], String(scores));
});

Deno.test("bm25: properties restricts the searched properties", async () => {
  assert.deepEqual((await book('bm25:{query:"classic fantasy"}')).sort(), [
    "b1",
    "b2",
    "b3",
    "b6",
  ]);
  assert.deepEqual(
    (await book('bm25:{query:"classic fantasy" properties:["genre"]}')).sort(),
    ["b1", "b3"],
  );
  assert.deepEqual(await book('bm25:{query:"classic fantasy" properties:["tags"]}'), [
    "b6",
    "b1",
    "b2",
  ]);
  assert.deepEqual(await book('bm25:{query:"classic" properties:["title"]}'), []);
});

Deno.test("bm25: a ^2 boost on a property changes the order", async () => {
  // "river": a3 has it in a 1-word body, a5 in a 2-word title: a3 wins unboosted, a5 with title^2.
  assert.deepEqual(await article('bm25:{query:"river"}'), ["a3", "a5"]);
  assert.deepEqual(await article('bm25:{query:"river" properties:["title","body"]}'), ["a3", "a5"]);
  assert.deepEqual(await article('bm25:{query:"river" properties:["title^2","body"]}'), [
    "a5",
    "a3",
  ]);
});

Deno.test("bm25: searchOperator And needs every token, Or any (minimumOrTokensMatch sets how many)", async () => {
  // b2 has both "classic" and "space"; b6 and b1 only "classic" (b6 with the shorter tag list).
  assert.deepEqual(await book('bm25:{query:"classic space"}'), ["b2", "b6", "b1"]);
  assert.deepEqual(
    await book('bm25:{query:"classic space" searchOperator:{operator:Or}}'),
    ["b2", "b6", "b1"],
  );
  assert.deepEqual(await book('bm25:{query:"classic space" searchOperator:{operator:And}}'), [
    "b2",
  ]);
  // At least two of three tokens: b1 (classic, adventure), b2 (classic, space); b3/b6 match one.
  assert.deepEqual(
    (await book(
      'bm25:{query:"classic adventure space" searchOperator:{operator:Or minimumOrTokensMatch:2}}',
    )).sort(),
    ["b1", "b2"],
  );
});

Deno.test("bm25: empty query and bm25 + nearVector are errors with Weaviate's texts", async () => {
  assert.equal(
    await classError('Book(bm25:{query:""}){title}', "Book"),
    "keyword search (bm25) must have query set",
  );
  assert.equal(
    await classError('Book(bm25:{query:"x"} nearVector:{vector:[1,0]}){title}', "Book"),
    "conflict: both near<Media> and keyword-based (bm25) arguments present, choose one",
  );
});

// ---- hybrid --------------------------------------------------------------------------------

const HYBRID = 'query:"classic" vector:[1,0]';

Deno.test("hybrid: alpha 0 is the keyword order, alpha 1 the vector order", async () => {
  assert.deepEqual(await book(`hybrid:{${HYBRID} alpha:0}`), ["b6", "b1", "b2"]);
  assert.deepEqual(await book(`hybrid:{${HYBRID} alpha:1}`), ["b1", "b2", "b3", "b4", "b5", "b6"]);
});

Deno.test("hybrid: rankedFusion and relativeScoreFusion (the default) fuse differently", async () => {
  // ranked (k=60, weights 0.5): b1 .01653, b2 .01626, b6 .01603, b3 .00806, b4 .00794, b5 .00781
  assert.deepEqual(await book(`hybrid:{${HYBRID} alpha:0.5 fusionType:rankedFusion}`), [
    "b1",
    "b2",
    "b6",
    "b3",
    "b4",
    "b5",
  ]);
  // relative: b1 > .5, b6 .5 (keyword max + vector min), b2 .4988, b3 .4951, b4 .2985, b5 .2494
  const relative = ["b1", "b6", "b2", "b3", "b4", "b5"];
  assert.deepEqual(
    await book(`hybrid:{${HYBRID} alpha:0.5 fusionType:relativeScoreFusion}`),
    relative,
  );
  assert.deepEqual(await book(`hybrid:{${HYBRID} alpha:0.5}`), relative, "default fusion");
  const { app } = await gateway;
  const explain = async (fusion: string) => {
    const res = await get(
      app,
      `Book(hybrid:{${HYBRID} alpha:0.5 ${fusion}} limit:1){_additional{explainScore}}`,
    );
    return String(rows(res.json, "Book")[0]._additional!.explainScore);
  };
  assert.match(await explain(""), /normalized score/);
  assert.match(await explain("fusionType:rankedFusion"), /contributed/);
});

Deno.test("hybrid: relative scores are Strings from 1 (best) to 0 (worst) with alpha 0", async () => {
  const { app } = await gateway;
  const res = await get(app, `Book(hybrid:{${HYBRID} alpha:0}){_additional{id score}}`);
  const scores = rows(res.json, "Book").map((r) => r._additional!.score);
  assert.equal(scores.length, 3);
  assert.equal(scores[0], "1", "b6, the best keyword hit");
  assert.equal(scores[2], "0", "b2, the worst keyword hit");
});

Deno.test("hybrid: maxVectorDistance drops far objects from both halves", async () => {
  // Vector half keeps b1, b2, b3 (d <= 0.1); b6 matches "classic" but is 1.995 away.
  assert.deepEqual(await book(`hybrid:{${HYBRID} alpha:0.5 maxVectorDistance:0.1}`), [
    "b1",
    "b2",
    "b3",
  ]);
});

Deno.test("hybrid: searches:[{nearVector}] supplies the vector half", async () => {
  assert.deepEqual(
    await book('hybrid:{query:"classic" alpha:1 searches:[{nearVector:{vector:[0,1]}}]} limit:3'),
    ["b5", "b4", "b3"],
  );
});

Deno.test("hybrid: without a vector the hash class vectorizes the query", async () => {
  // Vector half alone: same leaders as nearText "river" (a3 0.46, a5 0.41).
  assert.deepEqual((await article('hybrid:{query:"river" alpha:1}')).slice(0, 2), ["a3", "a5"]);
  assert.deepEqual((await article('nearText:{concepts:["river"]}')).slice(0, 2), ["a3", "a5"]);
  assert.deepEqual((await article('hybrid:{query:"river"}')).slice(0, 2), ["a3", "a5"]);
});

Deno.test("hybrid: alpha outside [0, 1] is rejected", async () => {
  assert.equal(
    await classError('Book(hybrid:{query:"x" alpha:1.5}){title}', "Book"),
    "failed to extract hybrid params: alpha should be between 0.0 and 1.0",
  );
});
