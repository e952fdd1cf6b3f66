#!/usr/bin/env bash
# glibc's malloc defaults vs the tunables ./c4j sets (keep freed memory: no trim, fixed mmap threshold, top pad),
# on the same training steps, interleaved rounds, 2 threads: SimCLR (stages 16/32/64, 2x256 views) and MiniLM (32 pairs).
# Usage: bench/malloc.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
export C4J_THREADS=2
tuned="glibc.malloc.trim_threshold=17179869184:glibc.malloc.mmap_threshold=33554432:glibc.malloc.top_pad=268435456"
tmp="$(mktemp -d)"
./c4j --version >/dev/null
for r in $(seq "$rounds"); do
  for mode in default tuned; do
    value=""; [[ $mode == tuned ]] && value="$tuned"
    for step in simclr-step minilm-step; do
      GLIBC_TUNABLES="$value" ./c4j bench "$step" --tsv | tail -n 1 | awk -v m="$mode" -v s="$step" '{print s "\t" m "\t" $2}' >> "$tmp/all.tsv"
    done
  done
done
/usr/bin/python3 - "$tmp/all.tsv" "$rounds" <<'PY'
import sys, statistics, collections
ms = collections.defaultdict(list)
for line in open(sys.argv[1]):
    step, mode, t = line.rstrip("\n").split("\t")
    ms[(step, mode)].append(float(t))
print(f"training step time (ms), median of {sys.argv[2]} interleaved rounds (each a median of 21 steps), 2 threads")
print(f"{'step':<14} {'glibc defaults':>15} {'c4j tunables':>13} {'speed-up':>9}   rounds (defaults | tunables)")
for step in ("simclr-step", "minilm-step"):
    d, t = statistics.median(ms[(step, "default")]), statistics.median(ms[(step, "tuned")])
    print(f"{step:<14} {d:>15.1f} {t:>13.1f} {d / t:>8.2f}x   {ms[(step, 'default')]} | {ms[(step, 'tuned')]}")
PY
