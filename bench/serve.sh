#!/usr/bin/env bash
# Load test of `c4j serve` on loopback with wrk (Debian package `wrk`, installed when missing and
# run as root): POST /embed with one text per request at several concurrencies, dynamic batching by
# token budget vs no batching, the server's queue bounded (--max-concurrent-requests) below the
# largest concurrency so that its row shows the 429s; the server's peak RSS per row; then slow
# clients and disconnects mid-request during a run. Writes the table into BENCHMARKS.md (between
# the serve.sh markers) and prints it. Not run in CI.
# Usage: bench/serve.sh [seconds] [concurrencies] [queue bound]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"; conns="${2:-1 8 32 256}"; bound="${3:-128}"; port=18080
if ! command -v wrk >/dev/null; then
  [[ "$(id -u)" -eq 0 ]] || { echo "install wrk: sudo apt-get install wrk" >&2; exit 1; }
  apt-get install -y -q wrk >&2
fi
./c4j --version >/dev/null
out="$(mktemp -d)"
table="$out/table.md"
echo "| batching | connections | requests/s | p50 ms | p99 ms | 2xx | 429 | other errors | server peak RSS MB |" > "$table"
echo "|---|---|---|---|---|---|---|---|---|" >> "$table"

start_server() {
  ./c4j serve --port "$port" --max-concurrent-requests "$bound" "$@" > "$out/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return; sleep 0.5; done
  echo "the server did not start: $(tail -3 "$out/serve.log")" >&2; exit 1
}

peak_rss() {  # samples the server's RSS every 0.5 s until told to stop; prints the peak in MB
  local peak=0 rss
  while [[ ! -f "$out/stop" ]]; do
    rss=$(ps -o rss= -p "$pid" 2>/dev/null || echo 0); (( rss > peak )) && peak=$rss; sleep 0.5
  done
  echo $(( peak / 1024 ))
}

for mode in tokens off; do
  flag=(); [[ "$mode" == off ]] && flag=(--no-batching)
  start_server "${flag[@]}"
  wrk -t2 -c8 -d5s -s bench/post-embed.lua "http://127.0.0.1:$port/embed" >/dev/null   # warm-up
  for c in $conns; do
    rm -f "$out/stop"; peak_rss > "$out/rss" &
    sampler=$!
    line=$(wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${seconds}s" --timeout 10s -s bench/post-embed.lua \
      "http://127.0.0.1:$port/embed" | grep RESULT)
    touch "$out/stop"; wait "$sampler"
    field() { sed "s|.* $1=\([^ ]*\).*|\1|" <<<" $line"; }
    label=$([[ "$mode" == tokens ]] && echo "token budget 16384" || echo "off")
    echo "| $label | $c | $(field requests/s) | $(field p50_ms) | $(field p99_ms) | $(field ok) | $(field busy) | $(field errors) | $(cat "$out/rss") |" >> "$table"
    tail -1 "$table"
  done
  if [[ "$mode" == tokens ]]; then
    # misbehaving clients beside 32 well-behaved connections
    /usr/bin/python3 bench/misbehaving_clients.py 127.0.0.1 "$port" 20 > "$out/misbehaving" &
    mis=$!
    line=$(wrk -t2 -c32 -d20s --timeout 10s -s bench/post-embed.lua "http://127.0.0.1:$port/embed" | grep RESULT)
    wait "$mis"
    misbehaving="wrk at 32 connections beside them: $(sed 's/.* requests\/s=\([^ ]*\).*p99_ms=\([^ ]*\).*ok=\([^ ]*\) busy=\([^ ]*\) errors=\([^ ]*\).*/\1 requests\/s, p99 \2 ms, \3 answered, \4 429s, \5 errors/' <<<"$line"); $(cat "$out/misbehaving"); server log lines with a stack trace: $(grep -c '^\s*at ' "$out/serve.log" || true)"
    echo "$misbehaving"
  fi
  kill -TERM "$pid"; wait "$pid" || true   # TERM runs the graceful shutdown
done

cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
{
  echo "<!-- serve.sh:begin -->"
  echo "Measured $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD) ($cpu, $(nproc) cores shared by server and wrk),"
  echo "\`bench/serve.sh $seconds \"$conns\" $bound\`: ${seconds} s per row, queue bound $bound."
  echo
  cat "$table"
  echo
  echo "Misbehaving clients (8 slow senders trickling 8 bytes per 50 ms, 2 threads disconnecting right after sending, 20 s): $misbehaving."
  echo "<!-- serve.sh:end -->"
} > "$out/section.md"
/usr/bin/python3 - "$out/section.md" <<'PY'
import re, sys
section = open(sys.argv[1]).read().strip()
text = open("BENCHMARKS.md").read()
if "<!-- serve.sh:begin -->" in text:
    text = re.sub(r"<!-- serve.sh:begin -->.*?<!-- serve.sh:end -->", lambda m: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
open("BENCHMARKS.md", "w").write(text)
PY
cat "$out/section.md"
