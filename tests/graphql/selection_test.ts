/**
 * The selection reader (selection.ts): fragments are expanded once per selection set, as
 * graphql-js collects fields, so nested spreads cannot multiply the work (issue 11, item 4).
 */
import assert from "node:assert/strict";
import {
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
} from "graphql";
import { fieldsOf, type SelectionContext } from "../../src/graphql/selection.ts";

/** The selection set of `Get { Book { ... } }` in `query`, with its context. */
function bookSelection(
  query: string,
  variables: Record<string, unknown> = {},
): { set: SelectionSetNode; ctx: SelectionContext } {
  const doc = parse(query);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let op: OperationDefinitionNode | undefined;
  for (const d of doc.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    if (d.kind === Kind.OPERATION_DEFINITION) op = d;
  }
  const get = op!.selectionSet.selections[0];
  assert.equal(get.kind, Kind.FIELD);
  const book = get.selectionSet!.selections[0];
  assert.equal(book.kind, Kind.FIELD);
  return { set: book.selectionSet!, ctx: { fragments, variables } };
}

/** `levels` fragments, each spreading the one below twice: 2^levels copies when re-expanded. */
function doublingQuery(levels: number): string {
  let q = `{ Get { Book { ...F${levels} } } }\nfragment F0 on Book { title }\n`;
  for (let i = 1; i <= levels; i++) q += `fragment F${i} on Book { ...F${i - 1} ...F${i - 1} }\n`;
  return q;
}

Deno.test("selection: nested fragment spreads are expanded once (before: 2^levels fields)", () => {
  const { set, ctx } = bookSelection(doublingQuery(12));
  assert.deepEqual(fieldsOf(set, ctx).map((f) => f.name.value), ["title"]);
});

Deno.test("selection: fields keep document order across fragments and inline fragments", () => {
  const { set, ctx } = bookSelection(
    `{ Get { Book { title ...A ... on Book { ...A pages ...B } } } }
     fragment A on Book { author ...B }
     fragment B on Book { genre }`,
  );
  assert.deepEqual(fieldsOf(set, ctx).map((f) => f.name.value), [
    "title",
    "author",
    "genre",
    "pages",
  ]);
});

Deno.test("selection: a skipped spread does not hide a later spread of the same fragment", () => {
  const { set, ctx } = bookSelection(
    `query($no: Boolean!) { Get { Book { ...A @include(if: $no) title ...A } } }
     fragment A on Book { author }`,
    { no: false },
  );
  assert.deepEqual(fieldsOf(set, ctx).map((f) => f.name.value), ["title", "author"]);
});

Deno.test("selection: a fragment cycle (refused by validation) does not loop", () => {
  const { set, ctx } = bookSelection(
    `{ Get { Book { ...A } } }
     fragment A on Book { title ...B }
     fragment B on Book { pages ...A }`,
  );
  assert.deepEqual(fieldsOf(set, ctx).map((f) => f.name.value), ["title", "pages"]);
});
