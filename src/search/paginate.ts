/**
 * Weaviate's DB-side pagination, shared by every store that pages in the gateway (embedded,
 * pgvector hybrid, Vectorize): offset, limit and autocut over a ranked list.
 * @module
 */
import { autocut } from "./autocut.ts";

/** Pagination of one plan. */
export interface Page {
  readonly offset: number;
  readonly limit: number;
  /** 0 = off. */
  readonly autocut: number;
}

/**
 * Weaviate's DB-side pagination: keep the first `offset + limit`, cut at the autocut-th jump of
 * `value` (distances or scores) if asked, then drop the first `offset`.
 */
export function paginate<T>(items: readonly T[], value: (t: T) => number, page: Page): T[] {
  let window = items.slice(0, page.offset + page.limit);
  if (page.autocut > 0) window = window.slice(0, autocut(window.map(value), page.autocut));
  return window.slice(page.offset);
}
