#!/usr/bin/env bash
# One SimCLR training step: contrastive4j (through its trainer) vs PyTorch eager on the same views,
# interleaved rounds, 2 threads each. Needs Debian's python3-torch and python3-numpy
# (apt-get install python3-torch python3-numpy libopenblas0-pthread); not run in CI.
# Usage: bench/train_step.sh [rounds] [batch]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"; batch="${2:-256}"
export OMP_NUM_THREADS=2 C4J_THREADS=2
tmp="$(mktemp -d)"
./c4j --version >/dev/null
./c4j bench simclr-step --batch "$batch" --repeats 1 --warmup 0 --dump-views "$tmp/views.npy" >/dev/null
for r in $(seq "$rounds"); do
  ./c4j bench simclr-step --tsv --batch "$batch" | tail -n +2 | sed "s/^/c4j\t/" >> "$tmp/all.tsv"
  /usr/bin/python3 bench/simclr_step_torch.py 2 "$tmp/views.npy" "$batch" | tail -n +2 | sed "s/^/torch\t/" >> "$tmp/all.tsv"
done
/usr/bin/python3 - "$tmp/all.tsv" "$rounds" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    who, batch, ms, spread, gflop, peak = line.split("\t")
    rows[who].append((float(ms), float(gflop), float(peak)))
c, t = rows["c4j"], rows["torch"]
cm = statistics.median(x[0] for x in c); tm = statistics.median(x[0] for x in t)
gflop = c[0][1]
cp = statistics.median(x[2] for x in c); tp = statistics.median(x[2] for x in t)
print(f"SimCLR training step, batch {line.split(chr(9))[1]} (x2 views), 2 threads, median over {sys.argv[2]} interleaved rounds (each a median of 21)")
print(f"{'':>6} {'step ms':>9} {'images/s':>9} {'GEMM peak GFLOP/s':>18} {'share of own peak':>18}")
for who, ms, peak in (("c4j", cm, cp), ("torch", tm, tp)):
    b = int(line.split(chr(9))[1])
    print(f"{who:>6} {ms:>9.2f} {b / ms * 1e3:>9.1f} {peak:>18.1f} {gflop / (ms / 1e3) / peak * 100:>17.1f}%")
print(f"c4j throughput / torch throughput: {tm / cm:.2f} (step {gflop:.3f} GFLOP)")
PY
rm -rf "$tmp"
