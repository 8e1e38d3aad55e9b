/**
 * Several worker-hosted sessions of one model used as one: a Deno server runs a model as `n`
 * single-session workers with `threads / n` threads each instead of one session with all threads.
 * Small runs (one cross-encoder pair, a short batch) use a second intra-op thread poorly, while a
 * second session on the other core runs another pair in full: MiniLM-L6 int8 100 pairs on 2 cores,
 * 3.73 s against 4.44 s for one two-thread session (1.19x, BENCHMARKS.md section 6).
 *
 * A cross-encoder job is split between the members by document length (each tokenizes and plans
 * its share in its own worker), and each chunk the caller asks for is taken from the member with
 * the fewest chunks in flight, so a slower share does not leave the other worker idle. Scores do
 * not move: int8 graphs score each pair alone anyway, and fp32 ones are padding-invariant (tested
 * to 1e-5 in any batch).
 * @module
 */
import type { PairJob, PairJobRequest, PairScores } from "./pair_scoring.ts";
import type { ModelSession } from "./session_types.ts";

/** Splits document positions between `n` members, longest first to the lightest member. */
export function splitDocuments(documents: readonly string[], n: number): number[][] {
  const parts: number[][] = Array.from({ length: n }, () => []);
  const load = new Array<number>(n).fill(0);
  const order = documents.map((_, i) => i).sort((a, b) =>
    documents[b].length - documents[a].length || a - b
  );
  for (const i of order) {
    let best = 0;
    for (let m = 1; m < n; m++) if (load[m] < load[best]) best = m;
    parts[best].push(i);
    load[best] += documents[i].length + 1;
  }
  for (const p of parts) p.sort((a, b) => a - b);
  return parts;
}

/** One session whose runs and jobs go to the least busy of `members` (all on one backend). */
export function createSessionPool(members: readonly ModelSession[]): ModelSession {
  if (members.length === 0) throw new Error("a session pool needs a member");
  if (members.length === 1) return members[0];
  const busy = new Array<number>(members.length).fill(0);
  // The members that still work (a dead worker rejects at once, so it would always look idlest);
  // when none does, all of them, whose error the caller then gets.
  const working = (among: readonly number[]) => {
    const live = among.filter((m) => !members[m].broken);
    return live.length > 0 ? live : among;
  };
  const idlest = (among: readonly number[]) => {
    const pick = working(among);
    let best = pick[0];
    for (const m of pick) if (busy[m] < busy[best]) best = m;
    return best;
  };
  const all = members.map((_, m) => m);
  const on = async <T>(m: number, work: () => Promise<T>): Promise<T> => {
    busy[m]++;
    try {
      return await work();
    } finally {
      busy[m]--;
    }
  };
  const first = members[0];
  return {
    backend: first.backend,
    inputNames: first.inputNames,
    outputNames: first.outputNames,
    dynamicQuantized: first.dynamicQuantized,
    offThread: first.offThread,
    lanes: members.reduce((n, s) => n + s.lanes, 0),
    get broken() {
      return members.every((s) => s.broken);
    },
    run(feeds) {
      const m = idlest(all);
      return on(m, () => members[m].run(feeds));
    },
    async pairJob(request: PairJobRequest, signal: AbortSignal): Promise<PairJob> {
      const targets = working(all);
      const parts = splitDocuments(request.documents, targets.length)
        .map((positions, k) => ({ positions, m: targets[k] }))
        .filter((p) => p.positions.length > 0);
      const settled = await Promise.allSettled(parts.map((p) =>
        members[p.m].pairJob({
          ...request,
          documents: p.positions.map((i) => request.documents[i]),
        }, signal)
      ));
      const jobs = settled.flatMap((s) => s.status === "fulfilled" ? [s.value] : []);
      const failed = settled.find((s) => s.status === "rejected");
      if (failed) {
        for (const j of jobs) j.release();
        throw (failed as PromiseRejectedResult).reason;
      }
      // Per part: its job, the member it runs on, and its next chunk.
      const shares = parts.map((p, k) => ({ ...p, job: jobs[k], next: 0 }));
      const chunks = shares.reduce((n, s) => n + s.job.chunks, 0);
      return {
        tokens: shares.reduce((n, s) => n + s.job.tokens, 0),
        chunks,
        async score(): Promise<PairScores> {
          const left = shares.filter((s) => s.next < s.job.chunks);
          if (left.length === 0) throw new Error("every chunk of this job is scored");
          const m = idlest(left.map((s) => s.m));
          const share = left.find((s) => s.m === m)!;
          const local = share.next++;
          const r = await on(m, () => share.job.score(local));
          return { ...r, indices: r.indices.map((i) => share.positions[i]) };
        },
        release() {
          for (const s of shares) s.job.release();
        },
      };
    },
  };
}
