#!/usr/bin/env bash
# glibc's malloc defaults vs the tunables ./c4j sets (keep freed memory: no trim, fixed mmap threshold, top pad) vs
# tcmalloc (Debian's libtcmalloc-minimal4, preloaded; skipped when not installed), on the same training steps,
# interleaved rounds, 2 threads: SimCLR (stages 16/32/64, 2x256 views) and MiniLM (32 pairs).
# Usage: bench/malloc.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
export C4J_THREADS=2
tuned="glibc.malloc.trim_threshold=17179869184:glibc.malloc.mmap_threshold=33554432:glibc.malloc.top_pad=268435456"
tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
modes=(default tuned); [[ -f $tcmalloc ]] && modes+=(tcmalloc)
tmp="$(mktemp -d)"
./c4j --version >/dev/null
for r in $(seq "$rounds"); do
  for mode in "${modes[@]}"; do
    value=""; [[ $mode == tuned ]] && value="$tuned"
    preload=""; [[ $mode == tcmalloc ]] && preload="$tcmalloc"
    for step in simclr-step minilm-step; do
      C4J_MALLOC=glibc LD_PRELOAD="$preload" GLIBC_TUNABLES="$value" ./c4j bench "$step" --tsv | tail -n 1 | awk -v m="$mode" -v s="$step" '{print s "\t" m "\t" $2}' >> "$tmp/all.tsv"
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
modes = [m for m in ("default", "tuned", "tcmalloc") if ("simclr-step", m) in ms]
names = {"default": "glibc defaults", "tuned": "glibc tunables", "tcmalloc": "tcmalloc"}
print(f"{'step':<14} " + " ".join(f"{names[m]:>15}" for m in modes) + "   speed-up over glibc defaults; rounds")
for step in ("simclr-step", "minilm-step"):
    med = {m: statistics.median(ms[(step, m)]) for m in modes}
    print(f"{step:<14} " + " ".join(f"{med[m]:>15.1f}" for m in modes) + "   "
          + ", ".join(f"{names[m]} {med['default'] / med[m]:.2f}x" for m in modes[1:]) + "; " + " | ".join(str(ms[(step, m)]) for m in modes))
PY
