#!/usr/bin/env bash
# NT-Xent and InfoNCE forward+backward: contrastive4j vs PyTorch eager, interleaved rounds, 2 threads each.
# Needs Debian's python3-torch (apt-get install python3-torch libopenblas0-pthread); not run in CI.
# Usage: bench/ntxent.sh [rounds] [sizes] [d] [losses]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"; sizes="${2:-256,1024}"; d="${3:-128}"; losses="${4:-ntxent,infonce}"
export OMP_NUM_THREADS=2 C4J_THREADS=2
tmp="$(mktemp -d)"
./c4j --version >/dev/null
for r in $(seq "$rounds"); do
  ./c4j bench ntxent --tsv --loss "$losses" --n "$sizes" --d "$d" | tail -n +2 | sed "s/^/c4j\t/" >> "$tmp/all.tsv"
  /usr/bin/python3 bench/ntxent_torch.py 2 "$sizes" "$d" "$losses" | tail -n +2 | sed "s/^/torch\t/" >> "$tmp/all.tsv"
done
/usr/bin/python3 - "$tmp/all.tsv" "$rounds" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    who, kind, n, d, loss, gemm, spread = line.split("\t")
    rows[(who, kind, int(n), int(d))].append((float(loss), float(gemm)))
print(f"loss forward+backward, float32, 2 threads, median over {sys.argv[2]} interleaved rounds (each a median of 21)")
print(f"{'loss':<8} {'N':>6} {'d':>5} {'c4j ms':>9} {'torch ms':>9} {'torch/c4j':>10} {'c4j GEMM-floor x':>17} {'torch GEMM-floor x':>19}")
for (who, kind, n, d) in sorted(k for k in rows if k[0] == "c4j"):
    c = rows[("c4j", kind, n, d)]; t = rows[("torch", kind, n, d)]
    cl = statistics.median(x[0] for x in c); tl = statistics.median(x[0] for x in t)
    cg = statistics.median(x[1] for x in c); tg = statistics.median(x[1] for x in t)
    print(f"{kind:<8} {n:>6} {d:>5} {cl:>9.2f} {tl:>9.2f} {tl / cl:>10.2f} {cl / cg:>17.2f} {tl / tg:>19.2f}")
PY
rm -rf "$tmp"
