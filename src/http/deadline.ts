/**
 * The request deadline (`limits.requestTimeoutMs`): one signal per request that aborts when the
 * client goes away or the deadline passes, whichever comes first, and a hook for the front door's
 * 504. Built for the per-request path: one `AbortController`, the client's signal forwarded by
 * an event-listener object (no `AbortSignal.any`, whose dependent-signal bookkeeping costs more
 * than the rest of the front door), and a place on a {@link DeadlineClock} (one timer shared by
 * the requests in flight on a server).
 * @module
 */
import type { DeadlineClock, DeadlineTicket, Expiring } from "./deadline_clock.ts";

/** The abort reason of a passed deadline. */
export function deadlineExceeded(): DOMException {
  return new DOMException("request deadline exceeded", "TimeoutError");
}

/**
 * One request's deadline; call {@link RequestDeadline.dispose} when the request is done. The
 * signal (an `AbortController` and the forwarding of the client's signal) is made at its first
 * read: a request that never hands it on (a probe, a `GET` served at once) pays only for its
 * place on the clock.
 */
export class RequestDeadline implements Expiring {
  #controller: AbortController | undefined;
  readonly #client: AbortSignal;
  readonly #ticket: DeadlineTicket;
  #done = false;
  #expired = false;
  #onExpire: (() => void) | undefined;

  /**
   * Starts the deadline `timeoutMs` after `now` (a `performance.now()` time: the request's
   * start), over the client's signal, timed by `clock`.
   */
  constructor(client: AbortSignal, timeoutMs: number, clock: DeadlineClock, now: number) {
    this.#client = client;
    this.#ticket = clock.start(this, timeoutMs, now);
  }

  /** Aborts when the client goes away (its reason) or the deadline passes (a `TimeoutError`). */
  get signal(): AbortSignal {
    let controller = this.#controller;
    if (controller === undefined) {
      controller = this.#controller = new AbortController();
      if (this.#expired) controller.abort(deadlineExceeded());
      else if (this.#client.aborted) controller.abort(this.#client.reason);
      else if (!this.#done) this.#client.addEventListener("abort", this, { once: true });
    }
    return controller.signal;
  }

  /** True once the deadline has passed (not when only the client went away). */
  get expired(): boolean {
    return this.#expired;
  }

  /** Calls `fn` once when the deadline passes (at once if it has); replaces an earlier `fn`. */
  onExpire(fn: () => void): void {
    if (this.#expired) fn();
    else this.#onExpire = fn;
  }

  /** The deadline passes now (the clock calls this). */
  expire(): void {
    if (this.#expired || this.#done) return;
    this.#expired = true;
    this.#controller?.abort(deadlineExceeded());
    const fn = this.#onExpire;
    this.#onExpire = undefined;
    fn?.();
  }

  /** The client's signal aborted: forwarded (an `EventListener` object, so no closure). */
  handleEvent(): void {
    this.#controller?.abort(this.#client.reason);
  }

  /** Stops the timer and the forwarding; the deadline never passes after this. */
  dispose(): void {
    this.#done = true;
    this.#ticket.cancel();
    this.#onExpire = undefined;
    if (this.#controller !== undefined) this.#client.removeEventListener("abort", this);
  }
}
