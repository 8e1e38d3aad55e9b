/**
 * The gateway's texts for zod's generic issue kinds (missing keys, wrong types, enums, minimums),
 * shared by the config schema and the store schemas of the store declarations.
 * @module
 */
import { z } from "zod";

/** Friendlier texts than zod's defaults for the generic issue kinds. */
export function issueMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return "is required";
      return `expected ${isIntSchema(iss) ? "an integer" : iss.expected}, got ${
        describe(iss.input)
      }`;
    case "invalid_value":
      return `invalid value ${JSON.stringify(iss.input)} (expected ${
        iss.values.length === 1 ? "" : "one of "
      }${iss.values.map((v) => String(v)).join(", ")})`;
    case "too_small":
      if (iss.origin === "array") return `must have at least ${iss.minimum} item(s)`;
      if (iss.origin === "string") return "must not be empty";
      return `must be >= ${iss.minimum}, got ${JSON.stringify(iss.input)}`;
    default:
      return undefined;
  }
}

function isIntSchema(iss: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidType>): boolean {
  return iss.expected === "int" ||
    (iss.inst instanceof z.ZodNumber && iss.inst.format === "safeint");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : `${value}`;
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  return typeof value;
}
