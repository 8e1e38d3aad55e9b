/**
 * The texts of the per-request limits (`limits.*` in the config), each naming the limit and its
 * value so an operator knows what to raise. Query-level ones are GraphQL errors without location
 * or path (answered as `{"errors":[{"locations":null,"message":...,"path":null}]}`, HTTP 200).
 * @module
 */
import { GraphQLError } from "graphql";

/** A query nested deeper than `limits.maxQueryDepth`. */
export function queryTooDeep(max: number): GraphQLError {
  return new GraphQLError(
    `query too deep: it nests more than limits.maxQueryDepth (${max}) levels`,
  );
}

/** A query whose processing overflowed the stack although it passed the depth checks. */
export function queryTooComplex(max: number): GraphQLError {
  return new GraphQLError(
    `query too deep or complex to process: simplify it (limits.maxQueryDepth is ${max})`,
  );
}

/** `variables` nested deeper than `limits.maxQueryDepth`. */
export function variablesTooDeep(max: number): GraphQLError {
  return new GraphQLError(
    `variables too deep: they nest more than limits.maxQueryDepth (${max}) levels`,
  );
}

/** More fields after fragment expansion than `limits.maxExpandedFields`. */
export function tooManyFields(count: number, max: number): GraphQLError {
  return new GraphQLError(
    `query too complex: ${count} fields after fragment expansion, more than ` +
      `limits.maxExpandedFields (${max})`,
  );
}

/** More class fields in one query than `limits.maxClassFields`. */
export function tooManyClassFields(count: number, max: number): GraphQLError {
  return new GraphQLError(
    `too many class fields: the query selects ${count} (Get { Class } entries, aliases ` +
      `included), more than limits.maxClassFields (${max})`,
  );
}

/** A batch whose items together select more class fields than `limits.maxClassFields`. */
export function batchTooManyClassFields(max: number): GraphQLError {
  return new GraphQLError(
    `too many class fields: this batch's items together select more than ` +
      `limits.maxClassFields (${max})`,
  );
}

/** An answer longer than `limits.maxResponseBytes`. */
export function responseTooLarge(max: number): GraphQLError {
  return new GraphQLError(
    `response too large: the answer exceeds limits.maxResponseBytes (${max} bytes); ` +
      `ask for fewer objects or fields`,
  );
}

/** True for V8's stack overflow (`RangeError: Maximum call stack size exceeded`). */
export function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}
