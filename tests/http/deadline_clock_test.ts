/**
 * The deadline clocks over fake timers (no real time passes): one shared timer for the requests in
 * flight on a server, a timer per request where timers cannot be `unref`'d (Workers).
 */
import assert from "node:assert/strict";
import {
  type ClockTimers,
  type Expiring,
  perRequestDeadlineClock,
  sharedDeadlineClock,
} from "../../src/http/deadline_clock.ts";

interface FakeTimer {
  readonly at: number;
  readonly fn: () => void;
  refed: boolean;
}

/** Timers over a hand-moved clock; handles are objects with `ref`/`unref`, or numbers. */
class FakeTimers implements ClockTimers {
  time = 0;
  armed = 0;
  cleared = 0;
  readonly live = new Map<number, FakeTimer>();
  #next = 1;
  constructor(readonly unrefable = true) {}
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.#next++;
    const timer: FakeTimer = { at: this.time + ms, fn, refed: true };
    this.live.set(id, timer);
    this.armed++;
    if (!this.unrefable) return id;
    return { id, ref: () => (timer.refed = true), unref: () => (timer.refed = false) };
  };
  clearTimeout = (handle: unknown): void => {
    if (this.live.delete(this.#id(handle))) this.cleared++;
  };
  now = (): number => this.time;
  /** Moves the clock to `time`, firing due timers in order. */
  advanceTo(time: number): void {
    while (true) {
      const due = [...this.live].filter(([, t]) => t.at <= time).sort((a, b) => a[1].at - b[1].at);
      if (due.length === 0) break;
      const [id, t] = due[0];
      this.live.delete(id);
      this.time = Math.max(this.time, t.at);
      t.fn();
    }
    this.time = time;
  }
  /** True while some live timer holds the process open. */
  get holding(): boolean {
    return [...this.live.values()].some((t) => t.refed);
  }
  #id(handle: unknown): number {
    return typeof handle === "number" ? handle : (handle as { id: number }).id;
  }
}

function target(log: string[], name: string): Expiring {
  return { expire: () => log.push(name) };
}

Deno.test("shared clock: one timer for many deadlines, each expiring at its time, in order", () => {
  const timers = new FakeTimers();
  const clock = sharedDeadlineClock(timers);
  const expired: string[] = [];
  clock.start(target(expired, "a"), 10, 0);
  timers.time = 1;
  clock.start(target(expired, "b"), 10, 1);
  timers.time = 2;
  clock.start(target(expired, "c"), 10, 2);
  assert.equal(timers.armed, 1, "later deadlines of the same timeout arm nothing");
  timers.advanceTo(10);
  assert.deepEqual(expired, ["a"]);
  timers.advanceTo(11.5);
  assert.deepEqual(expired, ["a", "b"]);
  timers.advanceTo(100);
  assert.deepEqual(expired, ["a", "b", "c"]);
  assert.equal(timers.live.size, 0, "nothing left to wait for: no timer re-armed");
});

Deno.test("shared clock: a cancelled deadline never expires; an idle timer holds nothing open", () => {
  const timers = new FakeTimers();
  const clock = sharedDeadlineClock(timers);
  const expired: string[] = [];
  const a = clock.start(target(expired, "a"), 10, 0);
  const b = clock.start(target(expired, "b"), 10, 0);
  assert.ok(timers.holding);
  a.cancel();
  a.cancel(); // idempotent
  assert.ok(timers.holding, "b still pending");
  b.cancel();
  assert.equal(timers.holding, false, "no deadline pending: the timer is unref'd");
  assert.equal(timers.cleared, 0, "finishing requests clear no timer");
  timers.advanceTo(50);
  assert.deepEqual(expired, []);
  assert.equal(timers.live.size, 0);
  // The next request takes the timer again.
  clock.start(target(expired, "c"), 10, 50);
  assert.ok(timers.holding);
  timers.advanceTo(60);
  assert.deepEqual(expired, ["c"]);
});

Deno.test("shared clock: deadlines of different timeouts (a reload changed the limit)", () => {
  const timers = new FakeTimers();
  const clock = sharedDeadlineClock(timers);
  const expired: string[] = [];
  clock.start(target(expired, "long"), 100, 0);
  clock.start(target(expired, "short"), 10, 1);
  timers.advanceTo(11);
  assert.deepEqual(expired, ["short"]);
  timers.advanceTo(99);
  assert.deepEqual(expired, ["short"]);
  timers.advanceTo(100);
  assert.deepEqual(expired, ["short", "long"]);
});

Deno.test("shared clock: steady traffic arms about one timer per timeout, not one per request", () => {
  const timers = new FakeTimers();
  const clock = sharedDeadlineClock(timers);
  const expired: string[] = [];
  // 1,000 requests, one per ms, each done 0.5 ms after it started; timeout 100 ms.
  for (let i = 0; i < 1000; i++) {
    timers.advanceTo(i);
    const ticket = clock.start(target(expired, `r${i}`), 100, i);
    timers.advanceTo(i + 0.5);
    ticket.cancel();
  }
  timers.advanceTo(2000);
  assert.deepEqual(expired, []);
  assert.ok(timers.armed <= 12, `${timers.armed} timers armed`);
  assert.equal(timers.cleared, 0);
});

Deno.test("shared clock: timers that cannot be unref'd (Workers) give each deadline its own", () => {
  const timers = new FakeTimers(false);
  const clock = sharedDeadlineClock(timers);
  const expired: string[] = [];
  clock.start(target(expired, "first"), 10, 0);
  const second = clock.start(target(expired, "second"), 10, 0);
  clock.start(target(expired, "third"), 10, 0);
  assert.equal(timers.armed, 3, "one timer per request after the first");
  second.cancel();
  assert.equal(timers.cleared, 1, "a finished request clears its own timer");
  timers.advanceTo(10);
  assert.deepEqual(expired.sort(), ["first", "third"]);
});

Deno.test("per-request clock: a timer per deadline, cleared on cancel", () => {
  const timers = new FakeTimers(false);
  const clock = perRequestDeadlineClock(timers);
  const expired: string[] = [];
  const a = clock.start(target(expired, "a"), 10, 0);
  clock.start(target(expired, "b"), 20, 0);
  a.cancel();
  timers.advanceTo(30);
  assert.deepEqual(expired, ["b"]);
  assert.equal(timers.cleared, 1);
});
