#!/usr/bin/env bash
# Soak of `c4j serve`: wrk (installed when missing and run as root) at the queue bound (as many
# connections as --max-concurrent-requests, or more) for MINUTES, POST /embed with 1-4 texts of 1-60 words per request (bench/soak-embed.lua),
# so the queue stays full (and, above the bound, the server sheds load with 429s) and its batches change shape every time. The
# server's VmRSS is sampled every 10 s into a TSV and drawn; prints the answers by kind and the RSS
# slope after the first WARMUP minutes; the JVM heap (committed, used) is read from the server's /metrics
# beside it, so heap growth and native memory are told apart. C4J_JAVA_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch"
# commits the heap up front. The JVM's native memory tracking (NMT, summary level) is on: its baseline is taken after the
# warm-up and its diff at the end (nmt-diff.txt), so growth of the JVM's own native memory (code cache, metaspace, threads,
# GC, direct buffers) is told apart from the rest of RSS (libtorch's allocations through malloc); with tcmalloc, its own
# account at exit tells memory the program still holds from memory kept in tcmalloc's free lists. Not run in CI.
# Usage: bench/serve_soak.sh [minutes] [connections] [queue bound] [warm-up minutes] [out dir]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-30}"; conns="${2:-64}"; bound="${3:-64}"; warmup="${4:-5}"; out="${5:-runs/serve-soak}"; port=18081
if ! command -v wrk >/dev/null; then
  [[ "$(id -u)" -eq 0 ]] || { echo "install wrk: sudo apt-get install wrk" >&2; exit 1; }
  apt-get install -y -q wrk >&2
fi
./c4j --version >/dev/null
mkdir -p "$out"
# MALLOCSTATS: tcmalloc prints its own account at exit (bytes in use by the program vs held in its free lists)
MALLOCSTATS=1 C4J_JAVA_OPTS="${C4J_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary" \
  ./c4j serve --port "$port" --max-concurrent-requests "$bound" > "$out/serve.log" 2>&1 &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { echo "the server did not start: $(tail -3 "$out/serve.log")" >&2; exit 1; }
echo -e "seconds\trss_mib\theap_committed_mib\theap_used_mib\tbatch_tokens_max\tbatch_inputs_max" > "$out/rss.tsv"
rm -f "$out/stop" "$out/nmt-diff.txt"
start=$(date +%s)
( baseline=no
  while kill -0 "$pid" 2>/dev/null && [[ ! -f "$out/stop" ]]; do
    if [[ $baseline == no ]] && (( $(date +%s) - start >= warmup * 60 )); then
      jcmd "$pid" VM.native_memory baseline > /dev/null && baseline=yes
    fi
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    # from the server's own /metrics (Micrometer): the JVM heap, to tell heap growth from native memory, and the
    # largest batch of the last two minutes (padded tokens, inputs), to see whether RSS rises with a new largest batch
    metrics=$(curl -sf --max-time 5 "http://127.0.0.1:$port/metrics" | awk '/^jvm_memory_committed_bytes\{.*area="heap"/ {c += $NF}
      /^jvm_memory_used_bytes\{.*area="heap"/ {u += $NF} /^c4j_batch_tokens_max\{/ {t = $NF} /^c4j_batch_inputs_max\{/ {i = $NF}
      END {printf "%.1f\t%.1f\t%d\t%d", c / 1048576, u / 1048576, t, i}')
    echo -e "$(( $(date +%s) - start ))\t$(awk -v k="$rss" 'BEGIN {printf "%.1f", k / 1024}')\t${metrics:-0\t0\t0\t0}" >> "$out/rss.tsv"
    sleep 10
  done ) &
sampler=$!
line=$(wrk -t2 -c"$conns" -d"${minutes}m" --timeout 10s -s bench/soak-embed.lua "http://127.0.0.1:$port/embed" | grep RESULT)
touch "$out/stop"; wait "$sampler"
alive=$(kill -0 "$pid" 2>/dev/null && echo yes || echo no)
jcmd "$pid" VM.native_memory summary.diff > "$out/nmt-diff.txt" 2>&1 || true
kill -TERM "$pid"; wait "$pid" || true; trap - EXIT
traces=$(grep -c '^\s*at ' "$out/serve.log" || true)
grep '^MALLOC:.*(' "$out/serve.log" | sed -E 's/^MALLOC: *[=+]? *[0-9]+ \( *([0-9.]+ MiB)\) /tcmalloc at exit: \1 /' || true
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "cli/target/contrastive4j-cli.jar:cli/target/lib/*" bench/PlotRss.java \
  "$out/rss.tsv" "$out/rss.png" "c4j serve under wrk, $conns connections, queue bound $bound, $minutes min" "seconds"
/usr/bin/python3 - "$out/rss.tsv" "$warmup" "$line" "$alive" "$traces" "$out/nmt-diff.txt" <<'PY'
import re, sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]).read().splitlines()[1:]]
native = [(r[0], r[1] - r[2]) for r in rows]
warm = [r for r in rows if r[0] >= float(sys.argv[2]) * 60]
def slope_of(points):
    """Least-squares slope of (seconds, MiB) points, in MiB per hour."""
    n = len(points); sx = sum(p[0] for p in points); sy = sum(p[1] for p in points)
    sxx = sum(p[0] ** 2 for p in points); sxy = sum(p[0] * p[1] for p in points)
    return (n * sxy - sx * sy) / (n * sxx - sx * sx) * 3600
slope, n = slope_of(warm), len(warm)
f = dict(kv.split("=") for kv in sys.argv[3].split()[1:])
print(f"{f['requests/s']} requests/s, {f['ok']} answered 200, {f['busy']} 429, {f['errors']} other errors "
      f"({f['4xx']} other 4xx, {f['5xx']} 5xx, {f['connect']} connect, {f['read']} read, {f['write']} write, {f['timeouts']} timeouts), p50 {f['p50_ms']} ms, p99 {f['p99_ms']} ms; server alive at the end: {sys.argv[4]}; "
      f"stack traces in its log: {sys.argv[5]}")
warm_native = [p for p in native if p[0] >= float(sys.argv[2]) * 60]
print(f"RSS minus the committed heap (libtorch, threads, JIT, buffers): {warm_native[0][1]:.0f} MiB after the warm-up, "
      f"{warm_native[-1][1]:.0f} MiB at the end, slope {slope_of(warm_native):.1f} MiB per hour; heap committed at the end "
      f"{rows[-1][2]:.0f} MiB, used {rows[-1][3]:.0f} MiB")
# NMT's diff: "Total: reserved=...KB +...KB, committed=...KB +...KB", then "-  Class (reserved=..., committed=...KB +...KB)"
diff = open(sys.argv[6]).read()
def committed_change(line):
    m = re.search(r"committed=(\d+)KB(?: ([+-]\d+)KB)?", line)
    return (int(m.group(1)) / 1024, int(m.group(2) or 0) / 1024) if m else None
total = next((committed_change(l) for l in diff.splitlines() if l.startswith("Total:")), None)
if total:
    parts = []
    for l in diff.splitlines():
        m = re.match(r"-\s+(.+?) \(reserved=", l)
        c = committed_change(l) if m else None
        if c and abs(c[1]) >= 1:
            parts.append((c[1], m.group(1)))
    parts.sort(reverse=True)
    print(f"JVM native memory tracking since the warm-up: committed {total[0]:.0f} MiB ({total[1]:+.0f} MiB); "
          + ", ".join(f"{n} {c:+.0f}" for c, n in parts[:6]))
else:
    print(f"no NMT diff: {diff.strip()[:200]}")
# RSS rises against the largest batch so far: a rise of 16 MiB or more between two samples, and whether the largest
# padded batch seen so far (the server's two-minute max, carried forward) grew in that interval or the one before
if len(rows[0]) >= 6:
    record, grew = 0, []
    for r in rows:
        grew.append(r[4] > record)
        record = max(record, r[4])
    rises = [(i, rows[i][1] - rows[i - 1][1]) for i in range(1, len(rows)) if rows[i][1] - rows[i - 1][1] >= 16]
    with_record = [x for x in rises if grew[x[0]] or grew[x[0] - 1]]
    records = [(r[0], r[4]) for r, g in zip(rows, grew) if g and r[4] > 0]
    print(f"RSS rises of 16 MiB or more in 10 s: {len(rises)} ({sum(d for _, d in rises):.0f} MiB in all), of them "
          f"{len(with_record)} ({sum(d for _, d in with_record):.0f} MiB) when the largest batch so far grew; "
          f"the largest batch grew {len(records)} times, last at {records[-1][0]:.0f} s to {records[-1][1]:.0f} padded tokens"
          if records else "no batch sizes in /metrics")
print(f"RSS: {rows[0][1]:.0f} MiB at start, {warm[0][1]:.0f} MiB after {sys.argv[2]} min, {rows[-1][1]:.0f} MiB at the end, "
      f"max {max(r[1] for r in rows):.0f} MiB; slope after the warm-up {slope:.1f} MiB per hour ({n} samples)")
PY
echo "wrote $out/rss.tsv and $out/rss.png"
