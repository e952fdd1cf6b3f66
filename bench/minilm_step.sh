#!/usr/bin/env bash
# One MiniLM retriever training step (batch 64 pairs x 32 tokens, AdamW): contrastive4j through its
# trainer vs a hand-written BERT of the same shape in PyTorch eager, on the same token ids,
# interleaved rounds, 2 threads each. Needs Debian's python3-torch and python3-numpy; not run in CI.
# Usage: bench/minilm_step.sh [rounds] [batch] [tokens]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"; batch="${2:-64}"; tokens="${3:-32}"
export OMP_NUM_THREADS=2 C4J_THREADS=2
tmp="$(mktemp -d)"
./c4j --version >/dev/null
./c4j bench minilm-step --batch "$batch" --tokens "$tokens" --repeats 1 --warmup 0 --dump-tokens "$tmp/tokens.npy" >/dev/null
for r in $(seq "$rounds"); do
  ./c4j bench minilm-step --tsv --batch "$batch" --tokens "$tokens" | tail -n +2 | sed "s/^/c4j\t/" >> "$tmp/all.tsv"
  /usr/bin/python3 bench/minilm_step_torch.py 2 "$tmp/tokens.npy" | tail -n +2 | sed "s/^/torch\t/" >> "$tmp/all.tsv"
done
/usr/bin/python3 - "$tmp/all.tsv" "$rounds" "$batch" "$tokens" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    parts = line.rstrip("\n").split("\t")
    rows[parts[0]].append([float(x) for x in parts[1:]])
c, t = rows["c4j"], rows["torch"]
cm = statistics.median(x[1] for x in c); tm = statistics.median(x[0] for x in t)
gflop = c[0][3]; peak = statistics.median(x[4] for x in c)
batch = int(sys.argv[3])
print(f"MiniLM retriever training step, {batch} pairs x {sys.argv[4]} tokens, 2 threads, median over {sys.argv[2]} interleaved rounds (each a median of 21)")
print(f"{'':>6} {'step ms':>9} {'pairs/s':>9} {'share of c4j-measured GEMM peak':>32}")
for who, ms in (("c4j", cm), ("torch", tm)):
    print(f"{who:>6} {ms:>9.1f} {batch / ms * 1e3:>9.1f} {gflop / (ms / 1e3) / peak * 100:>31.1f}%")
print(f"c4j throughput / torch throughput: {tm / cm:.2f} (step {gflop:.2f} GFLOP, GEMM peak {peak:.1f} GFLOP/s)")
PY
rm -rf "$tmp"
