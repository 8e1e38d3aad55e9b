/**
 * One request's deadline: a signal that aborts when the client goes away or the deadline passes,
 * the front door's hook for the 504, and nothing left behind once the request is done.
 */
import assert from "node:assert/strict";
import { RequestDeadline } from "../../src/http/deadline.ts";
import { manualClock } from "./manual_clock.ts";

Deno.test("request deadline: passing aborts the signal with a TimeoutError and calls the hook once", () => {
  const clock = manualClock();
  const client = new AbortController();
  const deadline = new RequestDeadline(client.signal, 1000, clock, 0);
  let calls = 0;
  deadline.onExpire(() => calls++);
  assert.equal(deadline.signal.aborted, false);
  clock.started[0].expire();
  clock.started[0].expire();
  assert.equal(deadline.expired, true);
  assert.equal(deadline.signal.aborted, true);
  assert.equal((deadline.signal.reason as DOMException).name, "TimeoutError");
  assert.equal(calls, 1);
  // A hook set after the deadline passed runs at once.
  deadline.onExpire(() => calls++);
  assert.equal(calls, 2);
});

Deno.test("request deadline: the client going away aborts the signal with its reason, not the hook", () => {
  const clock = manualClock();
  const client = new AbortController();
  const deadline = new RequestDeadline(client.signal, 1000, clock, 0);
  let calls = 0;
  deadline.onExpire(() => calls++);
  const reason = new Error("client went away");
  client.abort(reason);
  assert.equal(deadline.signal.aborted, true);
  assert.equal(deadline.signal.reason, reason);
  assert.equal(deadline.expired, false);
  assert.equal(calls, 0);
});

Deno.test("request deadline: a client already gone aborts at once", () => {
  const deadline = new RequestDeadline(AbortSignal.abort("gone"), 1000, manualClock(), 0);
  assert.equal(deadline.signal.aborted, true);
  assert.equal(deadline.signal.reason, "gone");
});

Deno.test("request deadline: once disposed, neither the clock nor the client aborts it", () => {
  const clock = manualClock();
  const client = new AbortController();
  const deadline = new RequestDeadline(client.signal, 1000, clock, 0);
  const signal = deadline.signal; // handed on to the routes
  let calls = 0;
  deadline.onExpire(() => calls++);
  deadline.dispose();
  assert.equal(clock.cancelled, 1, "its timer is cancelled");
  clock.started[0].expire();
  client.abort();
  assert.equal(signal.aborted, false);
  assert.equal(deadline.expired, false);
  assert.equal(calls, 0);
});

Deno.test("request deadline: a signal first read after the deadline or the client ended is aborted", () => {
  const clock = manualClock();
  const late = new RequestDeadline(new AbortController().signal, 1000, clock, 0);
  clock.started[0].expire();
  assert.equal((late.signal.reason as DOMException).name, "TimeoutError");
  const client = new AbortController();
  const gone = new RequestDeadline(client.signal, 1000, clock, 0);
  client.abort("bye");
  assert.equal(gone.signal.reason, "bye");
});
