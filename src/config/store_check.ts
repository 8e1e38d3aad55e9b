/**
 * Validates each collection's `store` member with its store's declaration (the catalog's store
 * schema for that `kind`): problems with key paths, and the parsed store values (defaults
 * applied) for the typed config.
 * @module
 */
import { z } from "zod";
import type { ProviderCatalog } from "../core/provider.ts";
import { issueMessage } from "./issues.ts";
import { didYouMean, type KeyPath, type Problem } from "./problems.ts";

/** What {@link checkStores} found, by collection index. */
export interface StoreCheck {
  readonly problems: Problem[];
  /** The parsed store of each collection (undefined where it has problems). */
  readonly parsed: unknown[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Checks every `collections[i].store` of the raw config. */
export function checkStores(raw: unknown, catalog: ProviderCatalog<unknown>): StoreCheck {
  const out: StoreCheck = { problems: [], parsed: [] };
  if (!isObject(raw) || !Array.isArray(raw.collections)) return out;
  const kinds = catalog.stores.map((s) => s.kind);
  raw.collections.forEach((c, i) => {
    if (!isObject(c) || !isObject(c.store)) return;
    const path: KeyPath = ["collections", i, "store"];
    const kindPath: KeyPath = [...path, "kind"];
    const kind = c.store.kind;
    const provider = catalog.stores.find((s) => s.kind === kind);
    if (provider === undefined) {
      out.problems.push({
        path: kindPath,
        message: kind === undefined
          ? "is required"
          : `unknown store kind ${JSON.stringify(kind)} (expected one of ${
            kinds.map((k) => JSON.stringify(k)).join(", ")
          })`,
      });
      return;
    }
    const parsed = provider.settings.safeParse(c.store, { error: issueMessage });
    if (parsed.success) {
      out.parsed[i] = parsed.data;
      return;
    }
    const known = provider.settings instanceof z.ZodObject
      ? Object.keys(provider.settings.shape)
      : [];
    for (const issue of parsed.error.issues) {
      const at = [...path, ...issue.path as KeyPath];
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          out.problems.push({
            path: [...at, key],
            message: `unknown key${didYouMean(key, known)}`,
          });
        }
      } else out.problems.push({ path: at, message: issue.message });
    }
  });
  return out;
}
