/**
 * Weaviate's autocut (`entities/autocut/autocut.go`, spec §7.6), re-implemented from its
 * description.
 *
 * The y values are normalised against the first and the last value, `(y[i] - y[0]) / (y[n-1] -
 * y[0])`, and compared with the straight line `x = i / (n - 1)`. Local maxima of `yNorm - x` are
 * the "jumps". Because the normalisation divides by `y[n-1] - y[0]`, the same function works for
 * ascending distances (near*) and descending scores (bm25, hybrid): both map to a curve rising
 * from 0 to 1, and a big step between neighbours (a big distance increase or a big score drop)
 * is a local maximum of the difference. So scores are passed as they are, exactly as Weaviate
 * passes `fused[i].Score`.
 *
 * Arithmetic is rounded to float32 as in Go. Degenerate inputs follow IEEE semantics like Go:
 * when first and last value are equal the normalised values are NaN or infinite and usually no
 * extremum is found, so nothing is cut. With n = 2, Go would index `diff[-1]`; here that
 * comparison is simply false (no cut).
 * @module
 */

/**
 * Returns how many of `values` to keep: the index at which the `cutOff`-th extremum is reached,
 * or `values.length` when it never is. `cutOff <= 0` keeps everything.
 */
export function autocut(values: readonly number[], cutOff: number): number {
  const n = values.length;
  if (n <= 1 || cutOff <= 0) return n;
  const f = Math.fround;
  const step = f(1 / (n - 1));
  const first = f(values[0]);
  const span = f(f(values[n - 1]) - first);
  const diff = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = f(i * step);
    const yNorm = f(f(f(values[i]) - first) / span);
    diff[i] = f(yNorm - x);
  }
  let extrema = 0;
  for (let i = 1; i < n; i++) {
    const isLast = i === n - 1;
    const peak = isLast
      ? i >= 2 && diff[i] > diff[i - 1] && diff[i] > diff[i - 2]
      : diff[i] > diff[i - 1] && diff[i] > diff[i + 1];
    if (peak && ++extrema >= cutOff) return i;
  }
  return n;
}
