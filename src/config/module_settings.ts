/**
 * Settings schemas for modules (`moduleConfig[<module>]`): a provider lists its keys and their
 * kinds and gets a zod schema whose output is typed from that list and whose issues carry the
 * gateway's texts ("unknown option (expected one of ...)", type messages), one per key, in the
 * order the keys were written.
 * @module
 */
import { z } from "zod";
import type { OptionProblem } from "../core/provider.ts";
import { didYouMean } from "./problems.ts";

export type { OptionContext, OptionProblem } from "../core/provider.ts";

/** What one option accepts; a string array is an enumeration of the allowed values. */
export type OptionKind =
  | "string"
  | "url"
  | "envName"
  | "positiveInt"
  | "nonNegativeInt"
  | "object"
  | readonly string[];

const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The value type an {@link OptionKind} accepts. */
export type OptionValue<K> = K extends "positiveInt" | "nonNegativeInt" ? number
  : K extends "object" ? Readonly<Record<string, unknown>>
  : K extends readonly (infer E)[] ? E
  : string;

/** The typed settings of a spec: every key optional except the `required` ones. */
export type SettingsOf<T extends Readonly<Record<string, OptionKind>>, R extends keyof T> =
  & { readonly [K in Exclude<keyof T, R>]?: OptionValue<T[K]> }
  & { readonly [K in R]: OptionValue<T[K]> };

/**
 * The schema of a module that takes exactly the options in `spec`; `required` ones must be set.
 * Parsing checks every key and yields the typed settings.
 */
export function settingsSchema<
  const T extends Readonly<Record<string, OptionKind>>,
  const R extends keyof T & string = never,
>(
  spec: T,
  required: readonly R[] = [],
): z.ZodType<SettingsOf<T, R>, Readonly<Record<string, unknown>>> {
  const check = optionProblems(spec, required);
  return z.record(z.string(), z.unknown()).check((ctx) => {
    for (const p of check(ctx.value)) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value[p.key],
        path: [p.key],
        message: p.message,
      });
    }
  }).transform((value) => value as SettingsOf<T, R>);
}

/** The problems of `options` against `spec` (what {@link settingsSchema} reports). */
export function optionProblems(
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
      // JSON has no undefined; a hand-built config may leave a key undefined to mean "not set".
      if (value === undefined) continue;
      const kind = spec[key];
      if (kind === undefined) {
        problems.push({
          key,
          message: known.length === 0
            ? "unknown option (this module takes none)"
            : `unknown option (expected one of ${known.join(", ")})${didYouMean(key, known)}`,
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
