/**
 * Declarative checks for a module's class-level options (`moduleConfig[<module>]`): each provider
 * lists its keys and their kinds, and gets "unknown option" and type messages with key paths.
 * @module
 */
import { didYouMean } from "./problems.ts";

/** What one option accepts; a string array is an enumeration of the allowed values. */
export type OptionKind =
  | "string"
  | "url"
  | "envName"
  | "positiveInt"
  | "nonNegativeInt"
  | "object"
  | readonly string[];

/** What an options check may need from the rest of the config. */
export interface OptionContext {
  /** `modules.allowPrivateBaseUrls`. */
  readonly allowPrivateBaseUrls?: boolean;
}

/** One problem with a module's options: the offending option key and the message. */
export interface OptionProblem {
  readonly key: string;
  readonly message: string;
}

const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A checker for modules that take exactly the options in `spec`; `required` ones must be set. */
export function optionChecker(
  spec: Readonly<Record<string, OptionKind>>,
  required: readonly string[] = [],
): (options: Readonly<Record<string, unknown>>) => OptionProblem[] {
  const known = Object.keys(spec);
  return (options) => {
    const problems: OptionProblem[] = [];
    for (const key of required) {
      if (options[key] === undefined) problems.push({ key, message: "is required" });
    }
    for (const [key, value] of Object.entries(options)) {
      const kind = spec[key];
      if (kind === undefined) {
        problems.push({
          key,
          message: `unknown option (expected one of ${known.join(", ")})${didYouMean(key, known)}`,
        });
        continue;
      }
      const message = checkValue(kind, value);
      if (message) problems.push({ key, message });
    }
    return problems;
  };
}

function checkValue(kind: OptionKind, value: unknown): string | undefined {
  const got = JSON.stringify(value);
  if (typeof kind !== "string") {
    return kind.includes(value as string)
      ? undefined
      : `must be one of ${kind.map((k) => JSON.stringify(k)).join(", ")}, got ${got}`;
  }
  switch (kind) {
    case "string":
      return typeof value === "string" && value !== ""
        ? undefined
        : `must be a non-empty string, got ${got}`;
    case "url":
      return typeof value === "string" && /^https?:\/\/[^/]/.test(value) && URL.canParse(value)
        ? undefined
        : `must be an http(s) URL, got ${got}`;
    case "envName":
      return typeof value === "string" && ENV_NAME_RE.test(value)
        ? undefined
        : `must be an env variable name (${ENV_NAME_RE}), got ${got}`;
    case "positiveInt":
      return Number.isInteger(value) && (value as number) >= 1
        ? undefined
        : `must be a positive integer, got ${got}`;
    case "nonNegativeInt":
      return Number.isInteger(value) && (value as number) >= 0
        ? undefined
        : `must be a non-negative integer, got ${got}`;
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? undefined
        : `must be an object, got ${got}`;
  }
}
