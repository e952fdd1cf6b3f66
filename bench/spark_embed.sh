#!/usr/bin/env bash
# Embedding throughput of the same WordNet glosses: single-process `c4j embed` vs `c4j spark-embed`
# in local[1] and local[2], interleaved rounds. Each row's wall time is the whole command (JVM and
# Spark start, reading, embedding, writing). Not run in CI.
# Usage: bench/spark_embed.sh [rounds] [texts]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-1}"; n="${2:-20000}"
tmp="$(mktemp -d)"
# The first n noun glosses of WordNet 3.0 (the text after '|' on each synset line of data.noun).
awk -v n="$n" '!/^  / && k < n { sub(/^[^|]*\| */, ""); print; k++ }' /usr/share/wordnet/data.noun > "$tmp/glosses.txt"
./c4j --version >/dev/null; ./c4j spark-embed --version >/dev/null
run() {  # label cores command...
  local label="$1" cores="$2"; shift 2
  local start end
  start=$(date +%s.%N)
  "$@" > "$tmp/out.log" 2>&1 || { cat "$tmp/out.log"; exit 1; }
  end=$(date +%s.%N)
  echo -e "$label\t$cores\t$(echo "$end - $start" | bc)" >> "$tmp/all.tsv"
  rm -rf "$tmp/o.npy" "$tmp/o.parquet"
}
for r in $(seq "$rounds"); do
  C4J_THREADS=1 run "c4j embed" 1 ./c4j embed --no-progress --input "$tmp/glosses.txt" --output "$tmp/o.npy"
  run "spark-embed local[1]" 1 ./c4j spark-embed --master 'local[1]' --input "$tmp/glosses.txt" --output "$tmp/o.parquet"
  C4J_THREADS=2 run "c4j embed" 2 ./c4j embed --no-progress --input "$tmp/glosses.txt" --output "$tmp/o.npy"
  run "spark-embed local[2]" 2 ./c4j spark-embed --master 'local[2]' --input "$tmp/glosses.txt" --output "$tmp/o.parquet"
done
python3 - "$tmp/all.tsv" "$n" "$rounds" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, cores, s = line.rstrip("\n").split("\t")
    rows[(label, int(cores))].append(float(s))
n = int(sys.argv[2])
print(f"{n} WordNet noun glosses, all-MiniLM-L6-v2, median wall time over {sys.argv[3]} round(s), whole command")
print(f"{'':<22} {'cores':>5} {'wall s':>8} {'texts/s':>8} {'vs c4j embed, same cores':>25}")
for (label, cores) in sorted(rows, key=lambda k: (k[1], k[0])):
    s = statistics.median(rows[(label, cores)])
    base = statistics.median(rows[("c4j embed", cores)])
    print(f"{label:<22} {cores:>5} {s:>8.1f} {n / s:>8.1f} {base / s:>25.2f}")
PY
rm -rf "$tmp"
