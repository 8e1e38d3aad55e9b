/**
 * The request id: a sane incoming `X-Request-Id` (a proxy's) is kept so log lines can be joined
 * across hops; anything else is replaced by a random UUID. Sent back on every response and
 * written in every operator log line about the request.
 * @module
 */

/** Accepted incoming ids: 1-128 visible ASCII characters of a safe set (no spaces, no markup). */
const SANE_ID = /^[A-Za-z0-9._:\-]{1,128}$/;

/** The id of a request: its `X-Request-Id` when sane, else a new UUID. */
export function requestIdOf(incoming: string | null | undefined): string {
  return incoming && SANE_ID.test(incoming) ? incoming : crypto.randomUUID();
}
