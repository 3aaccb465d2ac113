#!/usr/bin/env bash
# Starts throwaway PostgreSQL and Redis servers on loopback in a temporary
# directory, runs the given command with MEDIAFLOW_TEST_POSTGRES_URL and
# MEDIAFLOW_TEST_REDIS_URL set, and stops both servers whatever happens.
set -euo pipefail

work=$(mktemp -d -t mediaflow-services-XXXXXX)
pgbin=$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }
pgport=$(free_port)
redisport=$(free_port)

as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$work"
  as_pg=(runuser -u postgres --)
fi

redis_pid=""
cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"${as_pg[@]}" "$pgbin/initdb" -D "$work/pg" -A trust -U postgres --no-sync -E UTF8 >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $pgport -k $work -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null

mkdir -p "$work/redis"
redis-server --bind 127.0.0.1 --port "$redisport" --save '' --appendonly no --dir "$work/redis" --loglevel warning >"$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do
  redis-cli -p "$redisport" ping >/dev/null 2>&1 && break
  sleep 0.1
done

export MEDIAFLOW_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pgport/postgres?sslmode=disable"
export MEDIAFLOW_TEST_REDIS_URL="redis://127.0.0.1:$redisport/0"
echo "test services: PostgreSQL on 127.0.0.1:$pgport, Redis on 127.0.0.1:$redisport"
"$@"
