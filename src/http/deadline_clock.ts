/**
 * Where request deadlines are timed. A timer per request costs more than the rest of the front
 * door (creating and clearing one is ~1.5 µs in Deno), so on a server one timer serves every
 * request in flight: {@link sharedDeadlineClock} keeps the deadlines in start order (one list per
 * timeout value, so each list is sorted) and arms one timer for the earliest. A request that
 * finishes only unlinks itself; the timer is re-armed when it fires, so under load it fires about
 * once per timeout, not once per request.
 *
 * Cloudflare Workers tie a timer to the request that set it (a timer armed by a finished request
 * may never fire), so there every request keeps its own timer. The shared clock tells the two
 * apart by its first timer: a server runtime's timer can be `unref`'d (Deno, Node), a Worker's is
 * a number; from then on it hands each request a timer of its own ({@link perRequestDeadlineClock}).
 * @module
 */

/** What a deadline clock expires. */
export interface Expiring {
  /** Called once, when the deadline passes. */
  expire(): void;
}

/** The timer of one started deadline. */
export interface DeadlineTicket {
  /** Stops it (idempotent): `expire` is not called after this. */
  cancel(): void;
}

/** Times deadlines. */
export interface DeadlineClock {
  /**
   * Calls `target.expire()` once `ms` milliseconds have passed since `now` (a `performance.now()`
   * time), unless the ticket is cancelled first.
   */
  start(target: Expiring, ms: number, now: number): DeadlineTicket;
}

/** A Node-style timer handle (Deno 2, Node): it can stop holding the process open. */
interface Unrefable {
  ref(): void;
  unref(): void;
}

/** A timer handle: a number (Workers, browsers) or a Node-style object (Deno 2, Node). */
type TimerId = unknown;

function canUnref(t: TimerId): boolean {
  return typeof (t as Partial<Unrefable> | undefined)?.unref === "function";
}

/** The timer functions a clock uses (tests pass fakes). */
export interface ClockTimers {
  readonly setTimeout: (fn: () => void, ms: number) => TimerId;
  readonly clearTimeout: (id: TimerId) => void;
  /** The current `performance.now()` time. */
  readonly now: () => number;
}

const PLATFORM_TIMERS: ClockTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

class OwnTimer implements DeadlineTicket {
  #id: TimerId | undefined;
  constructor(readonly timers: ClockTimers, target: Expiring, ms: number) {
    this.#id = timers.setTimeout(() => {
      this.#id = undefined;
      target.expire();
    }, ms);
  }
  cancel(): void {
    if (this.#id !== undefined) this.timers.clearTimeout(this.#id);
    this.#id = undefined;
  }
}

/** A timer per deadline (any platform). */
export function perRequestDeadlineClock(timers: ClockTimers = PLATFORM_TIMERS): DeadlineClock {
  return { start: (target, ms) => new OwnTimer(timers, target, ms) };
}

/** Deadlines of one timeout value, oldest first (so also earliest deadline first). */
class DeadlineList {
  head: Entry | undefined;
  tail: Entry | undefined;
}

class Entry implements DeadlineTicket {
  prev: Entry | undefined;
  next: Entry | undefined;
  linked = true;
  constructor(
    readonly clock: SharedClock,
    readonly list: DeadlineList,
    readonly target: Expiring,
    readonly at: number,
  ) {}
  cancel(): void {
    this.clock.unlink(this);
  }
}

class SharedClock implements DeadlineClock {
  readonly #timers: ClockTimers;
  readonly #lists = new Map<number, DeadlineList>();
  #pending = 0;
  #timer: TimerId | undefined;
  #armedAt = Infinity;
  /** Set once the platform's timers turn out to belong to a request (Workers). */
  #perRequest: DeadlineClock | undefined;

  constructor(timers: ClockTimers) {
    this.#timers = timers;
  }

  start(target: Expiring, ms: number, now: number): DeadlineTicket {
    if (this.#perRequest) return this.#perRequest.start(target, ms, now);
    let list = this.#lists.get(ms);
    if (!list) this.#lists.set(ms, list = new DeadlineList());
    const entry = new Entry(this, list, target, now + ms);
    entry.prev = list.tail;
    if (list.tail) list.tail.next = entry;
    else list.head = entry;
    list.tail = entry;
    if (this.#pending++ === 0) this.#ref(true);
    if (entry.at < this.#armedAt) this.#arm(entry.at, now);
    return entry;
  }

  unlink(entry: Entry): void {
    if (!entry.linked) return;
    entry.linked = false;
    const list = entry.list;
    if (entry.prev) entry.prev.next = entry.next;
    else list.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else list.tail = entry.prev;
    entry.prev = entry.next = undefined;
    // An idle timer stays armed (it fires once more, finds nothing and stops) but no longer
    // holds the process open.
    if (--this.#pending === 0) this.#ref(false);
  }

  #ref(on: boolean): void {
    const t = this.#timer as Unrefable | undefined;
    if (!canUnref(t)) return;
    if (on) t!.ref();
    else t!.unref();
  }

  #arm(at: number, now: number): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(this.#fire, Math.max(0, at - now));
    this.#armedAt = at;
    // The first timer says whether one can serve them all (see the module doc); this one then
    // serves only the request that armed it, the only one in the lists yet.
    if (!canUnref(this.#timer)) this.#perRequest ??= perRequestDeadlineClock(this.#timers);
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#armedAt = Infinity;
    const now = this.#timers.now();
    let next = Infinity;
    for (const list of this.#lists.values()) {
      while (list.head !== undefined && list.head.at <= now) {
        const due = list.head;
        this.unlink(due);
        due.target.expire();
      }
      if (list.head !== undefined && list.head.at < next) next = list.head.at;
    }
    if (next < Infinity) this.#arm(next, this.#timers.now());
  };
}

/**
 * One timer for every deadline in flight where timers can outlive a request (Deno, Node); a timer
 * per deadline elsewhere (Workers). Each app has its own.
 */
export function sharedDeadlineClock(timers: ClockTimers = PLATFORM_TIMERS): DeadlineClock {
  return new SharedClock(timers);
}
