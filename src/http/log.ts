/**
 * Structured logs (opt-in: `--log json` or `GATEWAY_LOG=json`): one JSON object per line, `time`
 * (ISO 8601) and `level` first, then `msg` and the fields of the event; the front door adds
 * `request_id` to every line about a request and writes one `request` line per request. Lines
 * never carry a header, a query text or a key: messages are redacted like the text log's.
 * @module
 */

/** The operator log's format. */
export type LogFormat = "text" | "json";

/** Log levels of the JSON lines. */
export type LogLevel = "info" | "warn" | "error";

/** One JSON log line (no trailing newline). */
export function jsonLogLine(
  level: LogLevel,
  msg: string,
  fields: Readonly<Record<string, unknown>> = {},
): string {
  return JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
}

/** A text operator line (`rerank-gateway: ...`, `warning: ...`) as a JSON line. */
export function operatorLineAsJson(line: string): string {
  const level: LogLevel = /^(rerank-gateway: )?warning\b/i.test(line)
    ? "warn"
    : /\b(failed|error)\b/i.test(line)
    ? "error"
    : "info";
  return jsonLogLine(level, line.replace(/^rerank-gateway: /, ""));
}
