/**
 * A small, hand-checkable dataset for the `Get` argument tests (get_*_test.ts).
 *
 * `Book` (cosine, explicit 2-d vectors, reranker-dummy). Cosine distances from [1, 0]:
 *   b1 [1, 0] 0 | b2 [1, 0.1] 0.00496 | b3 [1, 0.2] 0.01942 | b4 [0.2, 1] 0.80388 |
 *   b5 [0, 1] 1 | b6 [-1, 0.1] 1.99504
 * so the nearest-first order is b1..b6 with one clear jump between b3 and b4.
 *
 * | id | title (bytes)                   | genre           | tags                       | pages | rating | available | published  | location     |
 * | b1 | The Hobbit (10)                 | fantasy         | classic adventure          | 310   | 4.7    | true      | 1937-09-21 | London       |
 * | b2 | Dune (4)                        | science fiction | classic space desert       | 412   | 4.5    | false     | 1965-08-01 | Philadelphia |
 * | b3 | The Fellowship of the Ring (26) | fantasy         | adventure quest            | 423   | 4.8    | true      | 1954-07-29 | Oxford       |
 * | b4 | Neuromancer (11)                | science fiction | cyberpunk                  | 271   | 4.1    | true      | 1984-07-01 | Vancouver    |
 * | b5 | Foundation and Empire (21)      | science fiction | psychohistory              | 255   | 4.2    | false     | 1952-01-01 | (none)       |
 * | b6 | Pride and Prejudice (19)        | romance         | classic                    | 474   | (none) | true      | 1813-01-28 | Chawton      |
 *
 * Ids ascend b1 < ... < b6, so the list path (and the `after` cursor) returns them in that order.
 * London-Oxford is ~83 km, London-Chawton ~73 km.
 *
 * `Article` (text2vec-hash, no stored vectors): objects are vectorized from "Article <body> <title>".
 * `Point` (l2-squared, 3-d vectors): float32 printing and certainty errors.
 * `Counter` (120 objects): limit defaults.
 * @module
 */
import { gql, type TestCollection } from "../helpers/harness.ts";

const bookId = (n: number) => `b0000000-0000-0000-0000-00000000000${n}`;

/** Book ids by short name. */
export const B = {
  b1: bookId(1),
  b2: bookId(2),
  b3: bookId(3),
  b4: bookId(4),
  b5: bookId(5),
  b6: bookId(6),
} as const;

/** Article ids by short name. */
export const A = {
  a1: "a0000000-0000-0000-0000-000000000001",
  a2: "a0000000-0000-0000-0000-000000000002",
  a3: "a0000000-0000-0000-0000-000000000003",
  a4: "a0000000-0000-0000-0000-000000000004",
  a5: "a0000000-0000-0000-0000-000000000005",
} as const;

/** Point ids by short name. */
export const P = {
  p1: "c0000000-0000-0000-0000-000000000001",
  p2: "c0000000-0000-0000-0000-000000000002",
  p3: "c0000000-0000-0000-0000-000000000003",
} as const;

const isbn = (n: number) => `e0000000-0000-0000-0000-00000000000${n}`;

export const BOOK: TestCollection = {
  class: "Book",
  properties: {
    title: "text",
    genre: "text",
    tags: "text[]",
    pages: "int",
    rating: "number",
    available: "boolean",
    published: "date",
    location: "geoCoordinates",
    isbn: "uuid",
  },
  moduleConfig: { "reranker-dummy": {} },
  records: [
    {
      id: B.b1,
      title: "The Hobbit",
      genre: "fantasy",
      tags: ["classic", "adventure"],
      pages: 310,
      rating: 4.7,
      available: true,
      published: "1937-09-21T00:00:00Z",
      location: { latitude: 51.5074, longitude: -0.1278 },
      isbn: isbn(1),
      vector: [1, 0],
    },
    {
      id: B.b2,
      title: "Dune",
      genre: "science fiction",
      tags: ["classic", "space", "desert"],
      pages: 412,
      rating: 4.5,
      available: false,
      published: "1965-08-01T00:00:00Z",
      location: { latitude: 39.9526, longitude: -75.1652 },
      isbn: isbn(2),
      vector: [1, 0.1],
    },
    {
      id: B.b3,
      title: "The Fellowship of the Ring",
      genre: "fantasy",
      tags: ["adventure", "quest"],
      pages: 423,
      rating: 4.8,
      available: true,
      published: "1954-07-29T00:00:00Z",
      location: { latitude: 51.752, longitude: -1.2577 },
      isbn: isbn(3),
      vector: [1, 0.2],
    },
    {
      id: B.b4,
      title: "Neuromancer",
      genre: "science fiction",
      tags: ["cyberpunk"],
      pages: 271,
      rating: 4.1,
      available: true,
      published: "1984-07-01T00:00:00Z",
      location: { latitude: 49.2827, longitude: -123.1207 },
      isbn: isbn(4),
      vector: [0.2, 1],
    },
    {
      id: B.b5,
      title: "Foundation and Empire",
      genre: "science fiction",
      tags: ["psychohistory"],
      pages: 255,
      rating: 4.2,
      available: false,
      published: "1952-01-01T00:00:00Z",
      isbn: isbn(5),
      vector: [0, 1],
    },
    {
      id: B.b6,
      title: "Pride and Prejudice",
      genre: "romance",
      tags: ["classic"],
      pages: 474,
      available: true,
      published: "1813-01-28T00:00:00Z",
      location: { latitude: 51.1333, longitude: -0.9833 },
      isbn: isbn(6),
      vector: [-1, 0.1],
    },
  ],
};

/**
 * Hash-vectorized articles. Query "lava" is cosine-similar only to a1 (1/sqrt(3.5)) and a3
 * (1/sqrt(4.75)); "ice" only to a2 and a3; "river" only to a3 (1/sqrt(4.75)) and a5 (1/sqrt(6)).
 */
export const ARTICLE: TestCollection = {
  class: "Article",
  properties: { title: "text", body: "text" },
  vectorizer: "text2vec-hash",
  moduleConfig: { "text2vec-hash": { dimensions: 1024 } },
  records: [
    { id: A.a1, title: "lava", body: "mountain" },
    { id: A.a2, title: "ice", body: "mountain" },
    { id: A.a3, title: "lava ice", body: "river" },
    { id: A.a4, title: "ocean", body: "deep water" },
    { id: A.a5, title: "river valley", body: "long mountain" },
  ],
};

export const POINT: TestCollection = {
  class: "Point",
  properties: { name: "text" },
  distance: "l2-squared",
  records: [
    { id: P.p1, name: "origin-ish", vector: [0.1, 0.2, 0.3] },
    { id: P.p2, name: "ones", vector: [1, 1, 1] },
    { id: P.p3, name: "halves", vector: [0.5, 0.25, 0.125] },
  ],
};

export const COUNTER: TestCollection = {
  class: "Counter",
  properties: { n: "int", label: "text" },
  records: Array.from({ length: 120 }, (_, n) => ({ n, label: "item" })),
};

/** Short name (b1, a3, p2, ...) of a full id. */
export function shortName(id: string): string {
  for (const table of [B, A, P] as Record<string, string>[]) {
    for (const [k, v] of Object.entries(table)) if (v === id) return k;
  }
  return id;
}

type Row = Record<string, unknown> & { _additional?: Record<string, unknown> | null };

/** `data.Get[alias]` of a response (throws when it is not a list). */
export function rows(json: Record<string, unknown>, alias: string): Row[] {
  const data = json.data as { Get: Record<string, Row[] | null> } | undefined;
  const list = data?.Get?.[alias];
  if (!Array.isArray(list)) {
    throw new Error(`no list at Get.${alias}: ${JSON.stringify(json)}`);
  }
  return list;
}

/** Short names of the `_additional.id`s of `data.Get[alias]`, in response order. */
export function names(json: Record<string, unknown>, alias: string): string[] {
  return rows(json, alias).map((r) => shortName(String(r._additional?.id)));
}

/** Runs `{Get{<body>}}`. */
export function get(app: Parameters<typeof gql>[0], body: string) {
  return gql(app, `{Get{${body}}}`);
}

/** The single error of a response. */
export function onlyError(
  json: Record<string, unknown>,
): { message: string; path: unknown; locations: unknown } {
  const errors = json.errors as { message: string; path: unknown; locations: unknown }[];
  if (!Array.isArray(errors) || errors.length !== 1) {
    throw new Error(`expected exactly one error: ${JSON.stringify(json)}`);
  }
  return errors[0];
}
