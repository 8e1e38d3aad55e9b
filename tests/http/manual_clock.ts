/**
 * A deadline clock whose deadlines pass only when a test says so (no real time in the tests).
 * @module
 */
import type { DeadlineClock, Expiring } from "../../src/http/deadline_clock.ts";

/** A {@link DeadlineClock} that records what it started; `started[i].expire()` passes one. */
export interface ManualClock extends DeadlineClock {
  readonly started: Expiring[];
  /** Tickets cancelled so far. */
  readonly cancelled: number;
}

/** A new {@link ManualClock}. */
export function manualClock(): ManualClock {
  const started: Expiring[] = [];
  let cancelled = 0;
  return {
    started,
    get cancelled() {
      return cancelled;
    },
    start(target) {
      started.push(target);
      return { cancel: () => void cancelled++ };
    },
  };
}
