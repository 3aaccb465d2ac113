#!/usr/bin/env bash
# Compares the tenant route with a bare route of the same server using wrk on
# loopback: GET /api/v1/config/tenant (host resolution, tenant JSON, ETag)
# against GET /healthz (no tenant). Usage: scripts/bench-http.sh BINARY [SECONDS]
set -euo pipefail

bin=${1:?usage: bench-http.sh BINARY [SECONDS]}
secs=${2:-10}
work=$(mktemp -d -t mediaflow-bench-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

APP_ENV=production SECRET_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') LOG_LEVEL=warn \
  HOST=127.0.0.1 PORT=$port DATA_DIR="$work" "$bin" serve --demo --env-file "" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.05
done

run() { # label path
  local out rps
  out=$(wrk -t2 -c20 -d"${secs}s" -H "Host: demo.localhost" -H "Accept-Encoding: identity" "http://127.0.0.1:$port$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  lat=$(awk '/Latency/ {print $2; exit}' <<<"$out")
  printf '%-32s %12s req/s   avg latency %s\n' "$1" "$rps" "$lat" >&2
  echo "$rps"
}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); date: $(date -u +%F)" >&2
run "warm-up" /api/v1/config/tenant >/dev/null
bare=$(run "GET /healthz (bare)" /healthz)
tenant=$(run "GET /api/v1/config/tenant" /api/v1/config/tenant)
awk -v t="$tenant" -v b="$bare" 'BEGIN { printf "tenant route / bare route = %.1f%%\n", 100*t/b }' >&2
