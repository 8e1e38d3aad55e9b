/**
 * Go's `github.com/google/uuid` `Parse` acceptance, for Weaviate's error texts that quote its
 * error (`after parameter 'x' is not a valid uuid: invalid UUID length: 1`). Lengths are in UTF-8
 * bytes, as Go measures strings.
 * @module
 */

const HEX = /^[0-9a-fA-F]{2}$/;

/** The error text `uuid.Parse(s)` returns, or `undefined` when `s` parses. */
export function goUuidParseError(s: string): string | undefined {
  const length = new TextEncoder().encode(s).length;
  let body = s;
  switch (length) {
    case 36:
      break;
    case 45:
      if (s.slice(0, 9).toLowerCase() !== "urn:uuid:") {
        return `invalid urn prefix: ${JSON.stringify(s.slice(0, 9))}`;
      }
      body = s.slice(9);
      break;
    case 38:
      body = s.slice(1);
      break;
    case 32:
      for (let i = 0; i < 32; i += 2) {
        if (!HEX.test(s.slice(i, i + 2))) return "invalid UUID format";
      }
      return undefined;
    default:
      return `invalid UUID length: ${length}`;
  }
  if (body[8] !== "-" || body[13] !== "-" || body[18] !== "-" || body[23] !== "-") {
    return "invalid UUID format";
  }
  for (const at of [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34]) {
    if (!HEX.test(body.slice(at, at + 2))) return "invalid UUID format";
  }
  return undefined;
}
