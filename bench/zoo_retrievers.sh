#!/usr/bin/env bash
# The zoo's text models as retrievers on the WordNet reverse dictionary, one recipe for all: zero-shot
# (their own prompts: bge's query instruction, e5's "query: " / "passage: ") and fine-tuned on the first
# N training noun pairs with in-batch negatives, both scored on the held-out test split in the same run.
# Prints Recall@1/10, MRR@10, nDCG@10 before and after, and the wall time of each run (2 threads).
# Usage: bench/zoo_retrievers.sh [pairs, default 4000] [out dir] [models...]
set -euo pipefail
cd "$(dirname "$0")/.."
limit="${1:-4000}"; out="${2:-runs/zoo}"
models=(bge-small-en-v1.5 e5-small-v2)
if (( $# > 2 )); then models=("${@:3}"); fi
export C4J_THREADS=2
./c4j --version >/dev/null
for m in "${models[@]}"; do
  start=$(date +%s)
  ./c4j train retriever --model "$m" --limit "$limit" --negatives none --eval-every 0 --no-progress --out "$out/$m" >/dev/null
  echo $(( $(date +%s) - start )) > "$out/$m/wall-seconds"
done
python3 - "$out" "${models[@]}" <<'PY'
import json, sys
out, models = sys.argv[1], sys.argv[2:]
print(f"{'model':<20} {'':<10} {'R@1':>7} {'R@10':>7} {'MRR@10':>7} {'nDCG@10':>7} {'wall':>7} {'pairs/s':>8}")
for m in models:
    r = json.load(open(f"{out}/{m}/results.json"))
    wall = open(f"{out}/{m}/wall-seconds").read().strip()
    for row, label in zip(r["results"], ("zero-shot", "fine-tuned")):
        x = row["retrieval"]
        extra = f"{wall:>6}s {r['pairs_per_second']:>8.1f}" if label == "fine-tuned" else ""
        print(f"{m:<20} {label:<10} {x['recallAt1']:>7.4f} {x['recallAt10']:>7.4f} {x['mrrAt10']:>7.4f} {x['ndcgAt10']:>7.4f} {extra}")
PY
