#!/usr/bin/env bash
# One SimCLR training step: contrastive4j (through its trainer) vs PyTorch eager on the same views,
# interleaved rounds, 2 threads each; PyTorch runs twice per round, NCHW (its default) and channels-last.
# Needs Debian's python3-torch and python3-numpy
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
  CHANNELS_LAST=0 /usr/bin/python3 bench/simclr_step_torch.py 2 "$tmp/views.npy" "$batch" | tail -n +2 | sed "s/^/torch\t/" >> "$tmp/all.tsv"
  CHANNELS_LAST=1 /usr/bin/python3 bench/simclr_step_torch.py 2 "$tmp/views.npy" "$batch" | tail -n +2 | sed "s/^/torch-cl\t/" >> "$tmp/all.tsv"
done
/usr/bin/python3 - "$tmp/all.tsv" "$rounds" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    who, batch, ms, spread, gflop, peak = line.split("\t")
    rows[who].append((float(ms), float(gflop), float(peak)))
gflop = rows["c4j"][0][1]
ms = {who: statistics.median(x[0] for x in r) for who, r in rows.items()}
peak = {who: statistics.median(x[2] for x in r) for who, r in rows.items()}
print(f"SimCLR training step, batch {line.split(chr(9))[1]} (x2 views), 2 threads, median over {sys.argv[2]} interleaved rounds (each a median of 21)")
print(f"{'':>8} {'step ms':>9} {'images/s':>9} {'GEMM peak GFLOP/s':>18} {'share of own peak':>18}")
b = int(line.split(chr(9))[1])
for who in ("c4j", "torch", "torch-cl"):
    print(f"{who:>8} {ms[who]:>9.2f} {b / ms[who] * 1e3:>9.1f} {peak[who]:>18.1f} {gflop / (ms[who] / 1e3) / peak[who] * 100:>17.1f}%")
print(f"c4j throughput / torch throughput: {ms['torch'] / ms['c4j']:.2f}; / torch channels-last: {ms['torch-cl'] / ms['c4j']:.2f} (step {gflop:.3f} GFLOP)")
PY
rm -rf "$tmp"
