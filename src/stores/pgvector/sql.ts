/**
 * SQL building blocks: identifier quoting (identifiers come from the config only) and the bound
 * parameter list (every value from a query is a `$n` parameter, never SQL text).
 * @module
 */

/** Quotes an identifier the way Postgres' `quote_ident` does (always quoted). */
export function quoteIdent(name: string): string {
  if (name === "" || name.includes("\0")) throw new Error(`invalid SQL identifier ${name}`);
  return `"${name.replaceAll('"', '""')}"`;
}

/** The accumulating parameter list of one statement. */
export class SqlParams {
  /** The values, in `$1..$n` order. */
  readonly values: unknown[] = [];

  /** Binds `value` and returns its placeholder, with an optional cast (`$3::vector`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

/** A statement ready for {@link SqlExecutor.query}. */
export interface SqlStatement {
  readonly text: string;
  readonly params: readonly unknown[];
}

/** A `LIKE` pattern from Weaviate's `*` / `?` wildcards; `%`, `_` and `\` are escaped. */
export function likePattern(pattern: string): string {
  let out = "";
  for (const ch of pattern) {
    if (ch === "*") out += "%";
    else if (ch === "?") out += "_";
    else if (ch === "%" || ch === "_" || ch === "\\") out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical UUID string (checked before binding it as `uuid`). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
