// The load generator of bench/load.ts, run by Node (`node bench/load_client.cjs`) so that it
// never shares an event loop with the gateway. Reads a LoadSpec (bench/load_spec.ts) as JSON on
// stdin, drives each case with autocannon (package.json devDependency, installed by `npm ci`):
// an unrecorded warm-up run, then the measured run, whose every 2xx latency (float ms, from the
// `response` event: autocannon's own histogram keeps whole milliseconds only) is kept. Prints one
// JSON object on stdout; exits 3 when autocannon is not installed. No logic beyond driving:
// bench/load_result.ts turns the output into numbers.
"use strict";

let autocannon;
try {
  autocannon = require("autocannon");
} catch {
  console.log(JSON.stringify({ error: "autocannon is not installed: run `npm ci`" }));
  process.exit(3);
}

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (c) => chunks.push(c));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function run(spec, c, duration, record) {
  return new Promise((resolve, reject) => {
    const samples = [];
    let next = 0;
    const bodies = c.bodies ?? [];
    const request = { method: c.method, path: c.path, headers: c.headers ?? {} };
    if (bodies.length === 1) request.body = bodies[0];
    if (bodies.length > 1) {
      request.body = bodies[0];
      request.setupRequest = (req) => ({ ...req, body: bodies[next++ % bodies.length] });
    }
    const check = c.check;
    const instance = autocannon({
      url: spec.url,
      connections: spec.connections,
      pipelining: 1,
      duration,
      timeout: spec.timeoutSeconds,
      requests: [request],
      verifyBody: check
        ? (body) => body.startsWith(check.prefix) && !body.includes(check.forbidden)
        : undefined,
    }, (err, result) => err ? reject(err) : resolve({ result, samples }));
    if (record) {
      instance.on("response", (_client, status, _bytes, ms) => {
        if (status >= 200 && status < 300) samples.push(Math.round(ms * 1000) / 1000);
      });
    }
  });
}

async function main() {
  const spec = JSON.parse(await readStdin());
  const cases = [];
  for (const c of spec.cases) {
    if (spec.warmupSeconds > 0) await run(spec, c, spec.warmupSeconds, false);
    const { result, samples } = await run(spec, c, spec.durationSeconds, true);
    const keep = ["duration", "errors", "timeouts", "mismatches", "non2xx", "2xx", "resets"];
    const summary = Object.fromEntries(keep.map((k) => [k, result[k]]));
    summary.requestsTotal = result.requests.total;
    summary.statusCodeStats = result.statusCodeStats;
    cases.push({ id: c.id, result: summary, samples });
  }
  const version = require("autocannon/package.json").version;
  console.log(JSON.stringify({ autocannon: version, node: process.version, cases }));
}

main().catch((err) => {
  console.log(JSON.stringify({ error: String(err && err.stack || err) }));
  process.exit(1);
});
