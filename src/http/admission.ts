/**
 * The concurrency queue: at most `maxConcurrent` requests are served at once, at most `maxQueued`
 * wait for a slot (first come, first served), and one more is refused at once (the caller answers
 * 503 with `Retry-After`). A waiting request leaves the queue when its signal aborts.
 * @module
 */

/** Current bounds; read at every admission, so a reload can change them. */
export interface AdmissionLimits {
  readonly maxConcurrent: number;
  readonly maxQueued: number;
}

/** Frees the slot; idempotent. */
export type Release = () => void;

/** A concurrency gate. */
export interface Admission {
  /** A slot at once when one is free and nobody waits, else `undefined` (then {@link acquire}). */
  tryAcquire(): Release | undefined;
  /**
   * A slot (resolves once one is free), `undefined` when every slot and queue place is taken.
   * Rejects with the signal's reason when it aborts while waiting.
   */
  acquire(signal: AbortSignal): Promise<Release> | undefined;
  /** Requests being served now. */
  readonly active: number;
  /** Requests waiting now. */
  readonly queued: number;
}

interface Waiter {
  readonly grant: (release: Release) => void;
}

/** Builds an {@link Admission} over `limits()`. */
export function createAdmission(limits: () => AdmissionLimits): Admission {
  let active = 0;
  const queue: Waiter[] = [];
  const releaser = (): Release => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = queue.shift();
      if (next) next.grant(releaser());
      else active--;
    };
  };
  return {
    get active() {
      return active;
    },
    get queued() {
      return queue.length;
    },
    tryAcquire() {
      if (queue.length > 0 || active >= limits().maxConcurrent) return undefined;
      active++;
      return releaser();
    },
    acquire(signal) {
      const { maxConcurrent, maxQueued } = limits();
      if (active < maxConcurrent && queue.length === 0) {
        active++;
        return Promise.resolve(releaser());
      }
      if (queue.length >= maxQueued) return undefined;
      return new Promise<Release>((resolve, reject) => {
        const onAbort = () => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(signal.reason);
        };
        const waiter: Waiter = {
          grant: (release) => {
            signal.removeEventListener("abort", onAbort);
            resolve(release);
          },
        };
        queue.push(waiter);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
