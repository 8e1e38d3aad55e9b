/**
 * Minimal SVG line charts for BENCHMARKS.md (no dependencies): one or more series of (x, y)
 * points, linear or log10 axes, tick labels, a legend. Deterministic output (same input, same
 * bytes), so re-running the bench only changes charts whose numbers changed.
 * @module
 */

/** One line. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** Dashed line (e.g. extrapolated points). */
  readonly dashed?: boolean;
}

/** A chart to draw. */
export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly width?: number;
  readonly height?: number;
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];
const PAD = { left: 70, right: 20, top: 40, bottom: 80 };

/** Escapes text for SVG. */
function esc(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A compact number label: 1500 -> 1.5k, 0.25 -> 0.25. */
export function tickLabel(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toPrecision(3)}k`;
  return String(+v.toPrecision(3));
}

/** Tick values: powers of ten (log) or ~5 "nice" steps from 0 (linear). */
export function ticks(min: number, max: number, log: boolean): number[] {
  if (log) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
      out.push(10 ** e);
    }
    return out;
  }
  const raw = (max - Math.min(0, min)) / 5 || 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.min(0, Math.floor(min / step) * step); v <= max + step * 0.999; v += step) {
    out.push(+v.toPrecision(12));
  }
  return out;
}

/** Renders the chart as an SVG document. */
export function lineChart(o: LineChartOptions): string {
  const w = o.width ?? 640, h = o.height ?? 360;
  const pts = o.series.flatMap((s) => s.points).filter(([x, y]) => isFinite(x) && isFinite(y));
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  const xt = ticks(Math.min(...xs), Math.max(...xs), !!o.logX);
  const yt = ticks(Math.min(...ys), Math.max(...ys), !!o.logY);
  const f = (v: number, log: boolean) => (log ? Math.log10(v) : v);
  const [x0, x1] = [f(xt[0], !!o.logX), f(xt[xt.length - 1], !!o.logX)];
  const [y0, y1] = [f(yt[0], !!o.logY), f(yt[yt.length - 1], !!o.logY)];
  const px = (x: number) =>
    PAD.left + ((f(x, !!o.logX) - x0) / (x1 - x0 || 1)) * (w - PAD.left - PAD.right);
  const py = (y: number) =>
    h - PAD.bottom - ((f(y, !!o.logY) - y0) / (y1 - y0 || 1)) * (h - PAD.top - PAD.bottom);
  const r = (v: number) => v.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" ` +
    `viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${w / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">` +
    `${esc(o.title)}</text>`,
  ];
  for (const t of xt) {
    out.push(
      `<line x1="${r(px(t))}" y1="${PAD.top}" x2="${r(px(t))}" y2="${h - PAD.bottom}" ` +
        `stroke="#e0e0e0"/>`,
      `<text x="${r(px(t))}" y="${h - PAD.bottom + 16}" text-anchor="middle">${
        tickLabel(t)
      }</text>`,
    );
  }
  for (const t of yt) {
    out.push(
      `<line x1="${PAD.left}" y1="${r(py(t))}" x2="${w - PAD.right}" y2="${r(py(t))}" ` +
        `stroke="#e0e0e0"/>`,
      `<text x="${PAD.left - 6}" y="${r(py(t) + 4)}" text-anchor="end">${tickLabel(t)}</text>`,
    );
  }
  out.push(
    `<text x="${(PAD.left + w - PAD.right) / 2}" y="${h - PAD.bottom + 34}" ` +
      `text-anchor="middle">${esc(o.xLabel)}${o.logX ? " (log)" : ""}</text>`,
    `<text transform="translate(16 ${(PAD.top + h - PAD.bottom) / 2}) rotate(-90)" ` +
      `text-anchor="middle">${esc(o.yLabel)}${o.logY ? " (log)" : ""}</text>`,
  );
  o.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const good = s.points.filter(([x, y]) => isFinite(x) && isFinite(y));
    const d = good.map(([x, y], k) => `${k ? "L" : "M"}${r(px(x))} ${r(py(y))}`).join(" ");
    const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
    for (const [x, y] of good) {
      out.push(`<circle cx="${r(px(x))}" cy="${r(py(y))}" r="3" fill="${color}"/>`);
    }
    const lx = PAD.left + (i % 3) * 190, ly = h - 22 + Math.floor(i / 3) * 16;
    out.push(
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 18}" y2="${ly - 4}" stroke="${color}" ` +
        `stroke-width="2"${dash}/>`,
      `<text x="${lx + 24}" y="${ly}">${esc(s.name)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}
