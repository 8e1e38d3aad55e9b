#!/usr/bin/env bash
# Starts the gateway exactly as the README says (deno task start) on a loopback port and sends the
# seed query once; fails unless the answer has rerank scores sorted descending.
set -uo pipefail
cd "$(dirname "$0")/.."
PORT=${SMOKE_PORT:-18080}
PORT=${PORT} deno task start >/tmp/rerank-gateway-smoke.log 2>&1 &
pid=$!
trap 'kill ${pid} 2>/dev/null; wait ${pid} 2>/dev/null' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:${PORT}/v1/.well-known/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
query='{ Get { JeopardyQuestion(nearText: {concepts: \"flying\"} limit: 10) { answer question _additional { distance rerank(property: \"answer\" query: \"floating\") { score } } } } }'
body=$(curl -fsS --max-time 20 -H 'Content-Type: application/json' \
  -d "{\"query\":\"${query}\"}" "http://127.0.0.1:${PORT}/v1/graphql") || {
  echo "smoke: request failed"; cat /tmp/rerank-gateway-smoke.log; exit 1; }
echo "${body}" | head -c 600; echo
echo "${body}" | deno eval --quiet '
  const body = JSON.parse(await new Response(Deno.stdin.readable).text());
  const items = body.data?.Get?.JeopardyQuestion ?? [];
  const scores = items.map((i) => i._additional.rerank[0].score);
  const sorted = scores.every((s, i) => i === 0 || scores[i - 1] >= s);
  if (items.length === 0 || !sorted || body.errors) { console.error("smoke: bad answer"); Deno.exit(1); }
  console.log(`smoke: ${items.length} results, rerank scores sorted descending`);
'
