#!/usr/bin/env bash
# Starts the gateway exactly as the README says (deno task start) on a loopback port, twice:
# 1. the built-in sample config (MiniLM embedder + cross-encoder). CI has no internet, so the
#    start-up pull fails: the gateway must still start, /v1/meta must answer, and the seed query
#    must be HTTP 200 with a GraphQL error naming `deno task models pull` and no scores at all (with
#    the models on disk, it must instead be reranked and sorted);
# 2. the weightless sample (--config gateway.offline.json): the seed query reranked, sorted.
# Each run is bounded (start-up <= 60 s, requests <= 20 s).
set -uo pipefail
cd "$(dirname "$0")/.."
PORT=${SMOKE_PORT:-18080}
LOG=/tmp/rerank-gateway-smoke.log
query='{ Get { JeopardyQuestion(nearText: {concepts: \"flying\"} limit: 10) { answer question _additional { distance rerank(property: \"answer\" query: \"floating\") { score } } } } }'
pid=""
stop() { [ -n "${pid}" ] && { kill "${pid}" 2>/dev/null; wait "${pid}" 2>/dev/null; }; pid=""; }
trap stop EXIT

# start <label> [deno task start arguments...]: starts the gateway and waits until it is ready.
start() {
  local label=$1
  shift
  PORT=${PORT} deno task start "$@" >"${LOG}" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -fsS --max-time 2 "http://127.0.0.1:${PORT}/v1/.well-known/ready" >/dev/null 2>&1 && return 0
    kill -0 "${pid}" 2>/dev/null || break
    sleep 0.5
  done
  echo "smoke (${label}): the gateway did not start"; cat "${LOG}"; return 1
}

# seed <label> <mode>: sends the seed query; mode `neural` accepts the clear pull error.
seed() {
  local label=$1 mode=$2 status body
  body=$(curl -sS --max-time 20 -w '\n%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"query\":\"${query}\"}" "http://127.0.0.1:${PORT}/v1/graphql") || {
    echo "smoke (${label}): request failed"; cat "${LOG}"; return 1; }
  status=${body##*$'\n'}
  body=${body%$'\n'*}
  echo "${body}" | head -c 600; echo
  echo "${body}" | SMOKE_STATUS="${status}" SMOKE_MODE="${mode}" SMOKE_LABEL="${label}" \
    deno eval --quiet '
    const fail = (why) => { console.error(`smoke (${Deno.env.get("SMOKE_LABEL")}): ${why}`); Deno.exit(1); };
    const text = await new Response(Deno.stdin.readable).text();
    if (Deno.env.get("SMOKE_STATUS") !== "200") fail(`HTTP ${Deno.env.get("SMOKE_STATUS")}`);
    const body = JSON.parse(text);
    const label = Deno.env.get("SMOKE_LABEL");
    if (body.errors && Deno.env.get("SMOKE_MODE") === "neural") {
      const [e] = body.errors;
      if (body.errors.length !== 1 || !/deno task models pull [\w.-]+/.test(e.message)) fail("no pull command");
      if (JSON.stringify(e.path) !== "[\"Get\",\"JeopardyQuestion\"]") fail("error path");
      if (body.data?.Get?.JeopardyQuestion !== null || text.includes("\"rerank\"")) fail("scores");
      console.log(`smoke (${label}): models missing, clear error: ${e.message.match(/deno task models pull [\w.-]+/)[0]}`);
      Deno.exit(0);
    }
    const items = body.data?.Get?.JeopardyQuestion ?? [];
    const scores = items.map((i) => i._additional.rerank[0].score);
    const sorted = scores.every((s, i) => i === 0 || scores[i - 1] >= s);
    if (items.length === 0 || !sorted || body.errors) fail("bad answer");
    console.log(`smoke (${label}): ${items.length} results, rerank scores sorted descending`);
  '
}

start "sample config" || exit 1
curl -fsS --max-time 5 "http://127.0.0.1:${PORT}/v1/meta" >/dev/null ||
  { echo "smoke (sample config): /v1/meta failed"; cat "${LOG}"; exit 1; }
seed "sample config" neural || exit 1
grep -q "deno task models pull" "${LOG}" && echo "smoke (sample config): start-up said how to pull"
stop

start "gateway.offline.json" --config gateway.offline.json || exit 1
seed "gateway.offline.json" full || exit 1
