#!/usr/bin/env bash
# Load test of `c4j serve` on loopback with wrk (Debian package `wrk`): /embed with one text per
# request, at several concurrencies, dynamic batching on vs off. Not run in CI.
# Usage: bench/serve.sh [seconds] [concurrencies]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"; conns="${2:-1 8 32}"
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk" >&2; exit 1; }
./c4j --version >/dev/null
printf "%-10s %6s %12s %10s %10s %8s\n" batching conns "requests/s" "p50 ms" "p99 ms" errors
for mode in on off; do
  flag=""; [ "$mode" = off ] && flag="--no-batching"
  ./c4j serve --port 18080 $flag > /tmp/c4j-serve.log 2>&1 &
  pid=$!
  for _ in $(seq 120); do curl -sf http://127.0.0.1:18080/health >/dev/null 2>&1 && break; sleep 0.5; done
  wrk -t2 -c8 -d5s -s bench/post-embed.lua http://127.0.0.1:18080/embed >/dev/null   # warm-up
  for c in $conns; do
    line=$(wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${seconds}s" --timeout 10s -s bench/post-embed.lua http://127.0.0.1:18080/embed | grep RESULT)
    rps=$(sed 's/.*requests\/s=\([^ ]*\).*/\1/' <<<"$line"); p50=$(sed 's/.*p50_ms=\([^ ]*\).*/\1/' <<<"$line")
    p99=$(sed 's/.*p99_ms=\([^ ]*\).*/\1/' <<<"$line"); err=$(sed 's/.*errors=\([^ ]*\) non2xx=\([^ ]*\).*/\1+\2/' <<<"$line")
    printf "%-10s %6s %12s %10s %10s %8s\n" "$mode" "$c" "$rps" "$p50" "$p99" "$err"
  done
  kill -TERM "$pid"; wait "$pid" || true   # background jobs ignore SIGINT; TERM runs the graceful shutdown too
done
