/**
 * Reload without an outage: the current {@link Services} behind one reference. A reload builds a
 * complete new set (config and data files read again) next to the old one and swaps the
 * reference only when that succeeded; a bad file keeps the old set serving and the reason is
 * logged. Requests read the reference once, when they start, so a query in flight finishes on the
 * snapshot it started with. Reloads run one at a time, in the order they were asked for.
 * @module
 */
import { redactSecrets } from "../remote/redact.ts";
import type { Services } from "./services.ts";

/** What a reload did. */
export type ReloadOutcome =
  | { readonly ok: true; readonly classes: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** Where requests find the current services. */
export interface ServicesSource {
  /** The services new requests are served with. */
  current(): Services;
}

/** A {@link ServicesSource} that can be reloaded. */
export interface ServicesSnapshot extends ServicesSource {
  /** Builds new services and swaps them in; the old ones keep serving when that fails. */
  reload(): Promise<ReloadOutcome>;
}

/** Options of {@link createServicesSnapshot}. */
export interface ServicesSnapshotOptions {
  /** Reads the config and data files again and builds the services (main.ts: the start-up path). */
  readonly build: (signal: AbortSignal) => Promise<Services>;
  /** Operator log (one line per reload). */
  readonly log: (line: string) => void;
  /** Budget of one reload in ms (default 10 minutes: model loading can be slow). */
  readonly timeoutMs?: number;
}

/** Starts with `initial`; see the module docs. */
export function createServicesSnapshot(
  initial: Services,
  opts: ServicesSnapshotOptions,
): ServicesSnapshot {
  let current = initial;
  let last: Promise<unknown> = Promise.resolve();
  const once = async (): Promise<ReloadOutcome> => {
    const started = Date.now();
    try {
      const next = await opts.build(AbortSignal.timeout(opts.timeoutMs ?? 600_000));
      current = next;
      const classes = [...next.collections.keys()];
      opts.log(
        `rerank-gateway: reloaded in ${Date.now() - started} ms: ${classes.length} classes ` +
          `(${classes.join(", ")})`,
      );
      return { ok: true, classes };
    } catch (err) {
      const error = redactSecrets(err instanceof Error ? err.message : String(err));
      opts.log(
        `rerank-gateway: reload failed, the previous config and data keep serving: ${error}`,
      );
      return { ok: false, error };
    }
  };
  return {
    current: () => current,
    reload() {
      const run = last.then(once);
      last = run;
      return run;
    },
  };
}
