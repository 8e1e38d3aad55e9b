/**
 * CSV for `deno task import` (RFC 4180): a header row, then records; fields may be quoted
 * (`"a, b"`, `""` for a quote inside, line breaks inside quotes); `\n` or `\r\n` line ends; a
 * leading UTF-8 BOM is skipped. Values are turned into a property's type by {@link csvValue}.
 * @module
 */
import type { DataType } from "../config/types.ts";

/** One CSV record: its 1-based line number (of its first line) and its fields by column name. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: Readonly<Record<string, string>>;
}

/** Parses CSV text with a header row; throws naming the line of a malformed record. */
export function parseCsv(text: string, source: string): CsvRecord[] {
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let fresh = true; // at the start of a cell
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && fresh) {
      quoted = true;
      fresh = false;
    } else if (ch === ",") {
      cells.push(cell);
      cell = "";
      fresh = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      cells.push(cell);
      if (!(cells.length === 1 && cells[0] === "")) rows.push({ line: rowLine, cells });
      cells = [];
      cell = "";
      fresh = true;
      line++;
      rowLine = line;
    } else {
      if (ch === '"') throw new Error(`${source}:${line}: a quote inside an unquoted field`);
      cell += ch;
      fresh = false;
    }
  }
  if (quoted) throw new Error(`${source}:${rowLine}: unterminated quoted field`);
  cells.push(cell);
  if (!(cells.length === 1 && cells[0] === "")) rows.push({ line: rowLine, cells });
  const [header, ...body] = rows;
  if (!header) return [];
  const names = header.cells.map((c) => c.trim());
  return body.map(({ line, cells }) => {
    if (cells.length !== names.length) {
      throw new Error(
        `${source}:${line}: ${cells.length} field(s), the header has ${names.length}`,
      );
    }
    return { line, fields: Object.fromEntries(names.map((n, i) => [n, cells[i]])) };
  });
}

/**
 * A CSV field as the JSON value of a property of `type`: `""` is no value; int/number parsed;
 * boolean `true`/`false`; arrays as a JSON array (`["a","b"]`) or `|`-separated values;
 * geoCoordinates and phoneNumber as JSON objects. Throws with the expectation.
 */
export function csvValue(raw: string, type: DataType): unknown {
  if (raw === "") return undefined;
  if (type.endsWith("[]")) {
    const base = type.slice(0, -2) as DataType;
    if (raw.trimStart().startsWith("[")) return json(raw, type);
    return raw.split("|").map((v) => csvValue(v, base) ?? null);
  }
  switch (type) {
    case "int":
    case "number": {
      const n = Number(raw.trim());
      if (raw.trim() === "" || Number.isNaN(n)) throw new Error(`expected ${type}, got "${raw}"`);
      return n;
    }
    case "boolean":
      if (raw.trim() === "true") return true;
      if (raw.trim() === "false") return false;
      throw new Error(`expected boolean (true or false), got "${raw}"`);
    case "geoCoordinates":
    case "phoneNumber":
      return json(raw, type);
    default:
      return raw;
  }
}

function json(raw: string, type: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error(`expected ${type} as JSON, got "${raw}"`);
  }
}
