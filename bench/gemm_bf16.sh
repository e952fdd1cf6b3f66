#!/usr/bin/env bash
# The practical GEMM peaks of this machine, 2 threads, 2048^3, in one script: DJL's libtorch in
# float32, DJL's libtorch in bfloat16 through a TorchScript module (bench/gemm/bf16_matmul.py), and
# Debian's PyTorch 1.13 in both. Three alternating rounds; prints the median of each.
# Needs python3-torch and libopenblas0-pthread (without it PyTorch's fp32 runs on the reference BLAS); not run in CI. Usage: bench/gemm_bf16.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
./c4j --version >/dev/null
/usr/bin/python3 bench/gemm/bf16_matmul.py "$tmp/bf16_matmul.pt"
for r in $(seq "$rounds"); do
  java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "cli/target/contrastive4j-cli.jar:cli/target/lib/*" bench/gemm/Gemm.java "$tmp/bf16_matmul.pt" >> "$tmp/all.tsv"
  OMP_NUM_THREADS=2 /usr/bin/python3 bench/gemm/gemm_torch.py >> "$tmp/all.tsv"
done
/usr/bin/python3 - "$tmp/all.tsv" "$rounds" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list); err = []
for line in open(sys.argv[1]):
    f = line.split()
    rows[f[0]].append(float(f[1]))
    if len(f) > 2: err.append(float(f[2]))
print(f"2048^3 matmul, 2 threads, GFLOP/s, median of {sys.argv[2]} rounds (each a median of 9)")
for who in ("djl-fp32", "djl-bf16", "torch-fp32", "torch-bf16"):
    print(f"{who:>11} {statistics.median(rows[who]):8.1f}   rounds: {' '.join(f'{x:.1f}' for x in rows[who])}")
print(f"djl bf16 / djl fp32: {statistics.median(rows['djl-bf16']) / statistics.median(rows['djl-fp32']):.2f}; "
      f"djl bf16 / torch bf16: {statistics.median(rows['djl-bf16']) / statistics.median(rows['torch-bf16']):.2f}; "
      f"relative Frobenius error of the bf16 product: {max(err):.2e}")
PY
