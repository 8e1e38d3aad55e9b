/**
 * Deno entry: `deno task start`, and the Deno Deploy entry unchanged. Loads the config (`--config`
 * / `GATEWAY_CONFIG` file, or `GATEWAY_CONFIG_JSON`, else the built-in sample), pulls the models it
 * names that are missing (`GATEWAY_AUTO_PULL=0` turns that off; a failed pull only warns; model
 * URLs are never pulled), builds the services and serves the gateway on HOST:PORT. Nothing is
 * written to the file system at request time.
 *
 * `--log json` (or `GATEWAY_LOG=json`) writes the operator log as JSON lines, one `request` line
 * per request with its id; `GET /metrics` serves Prometheus metrics (an API key as for GraphQL).
 *
 * `SIGHUP` (or `POST /v1/admin/reload` with an API key) reads the config and data files again and
 * swaps the new services in; when that fails the old ones keep serving and the log says why.
 * @module
 */
import { createApp } from "./src/http/app.ts";
import { jsonLogLine, operatorLineAsJson } from "./src/http/log.ts";
import { buildServices } from "./src/pipeline/build_services.ts";
import { loadConfig } from "./src/pipeline/catalog.ts";
import { createServicesSnapshot } from "./src/pipeline/snapshot.ts";
import { ensureModels } from "./src/models/ensure.ts";
import {
  envGet,
  listenOptions,
  onReloadSignal,
  readTextFile,
  resolveConfigSource,
  resolveLogFormat,
  writeStderr,
} from "./src/runtime/deno.ts";
import { denoFiles } from "./src/runtime/files.ts";
import { denoRuntime } from "./src/runtime/deno_runtime.ts";
import {
  checkDataFiles,
  collectionLines,
  listeningLine,
  vendoredConsoleAssets,
} from "./src/runtime/deno_startup.ts";

if (import.meta.main) {
  try {
    const signal = new AbortController().signal;
    const logFormat = resolveLogFormat(Deno.args, envGet);
    const base = denoRuntime();
    const runtime = logFormat === "json"
      ? { ...base, log: (line: string) => writeStderr(`${operatorLineAsJson(line)}\n`) }
      : base;
    const source = resolveConfigSource(Deno.args, envGet);
    const config = await loadConfig({ ...source, readText: readTextFile, signal });
    await checkDataFiles(config, denoFiles, source.path ?? source.source ?? "the built-in config");
    await ensureModels(config, { env: runtime.env, fs: denoFiles, write: writeStderr, signal });
    const services = await buildServices(config, { runtime, signal });
    const snapshot = createServicesSnapshot(services, {
      // A reload reads the same source again; models are not pulled (a missing one is deferred
      // to its first query, as at start-up without a pull).
      build: async (signal) =>
        await buildServices(await loadConfig({ ...source, readText: readTextFile, signal }), {
          runtime,
          signal,
        }),
      log: runtime.log,
    });
    onReloadSignal(() => {
      runtime.log("rerank-gateway: SIGHUP: reloading the config and data files");
      void snapshot.reload();
    });
    for (const line of await collectionLines(services, denoFiles)) runtime.log(line);
    const app = createApp(snapshot, {
      // JSON lines from the front door are written as they are.
      log: logFormat === "json" ? (line) => writeStderr(`${line}\n`) : runtime.log,
      logFormat,
      models: { fs: denoFiles },
      console: vendoredConsoleAssets(denoFiles),
    });
    Deno.serve(
      {
        ...listenOptions(envGet),
        onListen: (a: { hostname: string; port: number }) =>
          logFormat === "json"
            ? writeStderr(
              `${jsonLogLine("info", "listening", { url: `http://${a.hostname}:${a.port}/` })}\n`,
            )
            : runtime.log(listeningLine(a)),
      },
      app.fetch,
    );
  } catch (err) {
    // Start-up problems (bad config, unreadable data) are the operator's to fix: no stack trace.
    console.error(`rerank-gateway: ${err instanceof Error ? err.message : err}`);
    Deno.exit(1);
  }
}
