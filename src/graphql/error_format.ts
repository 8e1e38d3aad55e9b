/**
 * GraphQL errors in Weaviate's shape and wording: `{"locations","message","path"}` with `path`
 * `null` for validation errors, and graphql-js texts rewritten to the graphql-go texts Weaviate
 * answers with where they differ (syntax errors, unknown arguments, missing sub-selections).
 * @module
 */
import { GraphQLError, type GraphQLSchema, type Source } from "graphql";
import { QueryError } from "../errors/query_error.ts";
import { redactSecrets } from "../remote/redact.ts";
import { goSuggestions } from "./suggestions.ts";

/** One error as Weaviate serializes it. */
export interface WeaviateGraphQLError {
  readonly locations: { column: number; line: number }[] | null;
  readonly message: string;
  readonly path: string[] | null;
}

/** graphql-go's source excerpt: previous line, the line, a caret, next line. */
function highlight(source: Source, line: number, column: number): string {
  const lines = source.body.split(/\r\n|[\n\r]/g);
  const width = String(line + 1).length;
  const pad = (n: number) => String(n).padStart(width, " ");
  let out = "";
  if (line >= 2) out += `${pad(line - 1)}: ${lines[line - 2]}\n`;
  out += `${pad(line)}: ${lines[line - 1]}\n`;
  out += " ".repeat(width + 1 + column) + "^\n";
  if (line < lines.length) out += `${pad(line + 1)}: ${lines[line]}\n`;
  return out;
}

const REWRITES: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [
    /^Unknown argument "([^"]+)" on field "([^".]+)\.([^"]+)"\.(.*)$/s,
    (m) => `Unknown argument "${m[1]}" on field "${m[3]}" of type "${m[2]}".${m[4]}`,
  ],
  [
    /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\..*$/s,
    (m) => `Field "${m[1]}" of type "${m[2]}" must have a sub selection.`,
  ],
  [
    /^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\.$/,
    (m) => `Field "${m[1]}" of type "${m[2]}" must not have a sub selection.`,
  ],
];

/** Rewrites a graphql-js validation message to graphql-go's wording where they differ. */
export function goValidationMessage(message: string): string {
  for (const [re, to] of REWRITES) {
    const m = message.match(re);
    if (m) return to(m);
  }
  return message;
}

/**
 * A punctuator token as graphql-js describes it (`")"`, `"..."`) after `Unexpected`, `found` or
 * `Expected`; graphql-go prints the token kind bare (`Unexpected )`, tailor-platform/graphql
 * language/lexer/lexer.go `GetTokenDesc` and its `tokenDescription` table).
 */
const QUOTED_PUNCTUATOR = /(Unexpected |found |Expected )"(\.\.\.|[!$&():=@[\]{|}])"/g;

/** Formats a syntax error as graphql-go does: `Syntax Error GraphQL request (l:c) ...`. */
export function formatSyntaxError(err: GraphQLError): WeaviateGraphQLError {
  const loc = err.locations?.[0] ?? { line: 1, column: 1 };
  const description = err.message.replace(/^Syntax Error: /, "").replace(/\.$/, "")
    .replace(/<EOF>/g, "EOF").replace(QUOTED_PUNCTUATOR, "$1$2");
  const excerpt = err.source ? "\n\n" + highlight(err.source, loc.line, loc.column) : "";
  return {
    locations: [{ column: loc.column, line: loc.line }],
    message: `Syntax Error GraphQL request (${loc.line}:${loc.column}) ${description}${excerpt}`,
    path: null,
  };
}

function locationsOf(err: GraphQLError): WeaviateGraphQLError["locations"] {
  return err.locations ? err.locations.map((l) => ({ column: l.column, line: l.line })) : null;
}

/**
 * Formats a validation error (path always `null`); with the `schema`, "Did you mean" lists are
 * graphql-go's (`suggestions.ts`).
 */
export function formatValidationError(
  err: GraphQLError,
  schema?: GraphQLSchema,
): WeaviateGraphQLError {
  const message = goValidationMessage(err.message);
  return {
    locations: locationsOf(err),
    message: schema ? goSuggestions(message, schema) : message,
    path: null,
  };
}

/** Formats an execution error; unexpected errors are redacted, never given a stack trace. */
export function formatExecutionError(err: GraphQLError): WeaviateGraphQLError {
  const original = err.originalError;
  let message = err.message;
  if (original && !(original instanceof QueryError) && !(original instanceof GraphQLError)) {
    message = redactSecrets(original.message || original.name || "internal error");
  }
  return {
    locations: locationsOf(err),
    message,
    path: err.path ? err.path.map(String) : null,
  };
}
