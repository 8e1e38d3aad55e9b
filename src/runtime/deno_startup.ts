/**
 * What `deno task start` checks and prints around `buildServices`: data files that do not exist
 * (refused with their config key path, before anything is loaded), one line per collection
 * (store, object count, modules, model state) and the address, for main.ts; and the console's
 * vendored assets, read from `src/http/console/vendor/` next to the code (Deno Deploy included).
 * @module
 */
import { fileURLToPath } from "node:url";
import type { FileAccess } from "../core/runtime.ts";
import type { GatewayConfig } from "../config/types.ts";
import { ConfigError } from "../config/schema.ts";
import { modelStatuses } from "../http/model_status.ts";
import { CONSOLE_ASSETS, type ConsoleAssets } from "../http/console.ts";
import type { Services } from "../pipeline/services.ts";

/**
 * Refuses a config whose data files do not exist, naming each one by its key path
 * (`collections[0].store.files[1]: ...`), as the config's own problems are reported.
 */
export async function checkDataFiles(
  config: GatewayConfig,
  fs: Pick<FileAccess, "fileSize">,
  source: string,
): Promise<void> {
  const problems: string[] = [];
  for (const [i, c] of config.collections.entries()) {
    if (!("files" in c.store) || !Array.isArray(c.store.files)) continue;
    for (const [j, file] of (c.store.files as string[]).entries()) {
      if (await fs.fileSize(file) === undefined) {
        problems.push(`collections[${i}].store.files[${j}]: data file ${file} does not exist`);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems, { source });
}

/**
 * One line per collection, e.g.
 * `collection JeopardyQuestion: embedded store, 68 objects; vectorizer text2vec-transformers
 * (model all-MiniLM-L6-v2: missing, run `deno task models pull all-MiniLM-L6-v2`); reranker
 * reranker-transformers (model ms-marco-MiniLM-L-6-v2: present)`.
 */
export async function collectionLines(
  services: Services,
  fs: FileAccess | undefined,
): Promise<string[]> {
  const models = await modelStatuses(services.config, { fs });
  const lines: string[] = [];
  for (const [name, c] of services.collections) {
    const size = (c.retriever as { readonly size?: unknown }).size;
    const count = typeof size === "number" ? `, ${size} object${size === 1 ? "" : "s"}` : "";
    const parts = [`${c.config.store.kind} store${count}`];
    const modules = [
      ...(c.config.vectorizer !== "none" ? [["vectorizer", c.config.vectorizer]] : []),
      ...Object.keys(c.config.moduleConfig)
        .filter((m) => m.startsWith("reranker-"))
        .map((m) => ["reranker", m]),
    ];
    for (const [role, module] of modules) {
      const m = models.find((s) => s.class === name && s.module === module);
      const state = m === undefined
        ? ""
        : ` (model ${m.model}: ${
          m.state === "missing" && m.pull
            ? `missing, run \`${m.pull}\``
            : m.state === "url"
            ? "fetched at the first query"
            : m.state
        })`;
      parts.push(`${role} ${module}${state}`);
    }
    if (modules.length === 0) parts.push("no modules");
    lines.push(`collection ${name}: ${parts.join("; ")}`);
  }
  return lines;
}

/** The line printed once the server listens: the address and where to go from there. */
export function listeningLine(addr: { hostname: string; port: number }): string {
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  const url = `http://${host}:${addr.port}/`;
  return `Listening on ${url} (GraphQL: POST ${url}v1/graphql; console: open ${url}v1/graphql ` +
    "in a browser)";
}

/** The console's assets from `src/http/console/vendor/` (only the names the console serves). */
export function vendoredConsoleAssets(fs: Pick<FileAccess, "readBytes">): ConsoleAssets {
  const dir = new URL("../http/console/vendor/", import.meta.url);
  return {
    read: async (name) => {
      if (!Object.hasOwn(CONSOLE_ASSETS, name)) return undefined;
      return await fs.readBytes(fileURLToPath(new URL(name, dir))).catch(() => undefined);
    },
  };
}
