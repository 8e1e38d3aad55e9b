/**
 * Config problems: a message at a key path, formatted as `collections[0].properties[2].dataType:
 * ...`, plus the "did you mean" helper used for typos.
 * @module
 */

/** A key path into the raw config: object keys and array indices. */
export type KeyPath = readonly (string | number)[];

/** One thing wrong with a config, at the key it concerns. */
export interface Problem {
  readonly path: KeyPath;
  readonly message: string;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Formats a key path: `collections[0].moduleConfig.reranker-dummy`; `(root)` when empty. */
export function formatPath(path: KeyPath): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (PLAIN_KEY.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out === "" ? "(root)" : out;
}

/** `path: message`. */
export function formatProblem(p: Problem): string {
  return `${formatPath(p.path)}: ${p.message}`;
}

/** Orders problems by path (indices numerically), keeping the original order within a key. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => comparePaths(a.p.path, b.p.path) || a.i - b.i)
    .map(({ p }) => p);
}

function comparePaths(a: KeyPath, b: KeyPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i], y = b[i];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

/** True when `path` equals `prefix` or lies below it. */
export function isUnder(path: KeyPath, prefix: KeyPath): boolean {
  return prefix.length <= path.length && prefix.every((k, i) => path[i] === k);
}

/** ` (did you mean "x"?)` for the closest candidate within edit distance 2, else `""`. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = c.toLowerCase() === input.toLowerCase() ? 0 : editDistance(input, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best === undefined ? "" : ` (did you mean ${JSON.stringify(best)}?)`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = row;
  }
  return prev[b.length];
}
