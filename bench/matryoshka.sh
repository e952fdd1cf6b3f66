#!/usr/bin/env bash
# Matryoshka against plain truncation, in one script: the same MiniLM retriever recipe trained twice
# on the same WordNet pairs and seed, once with MultipleNegativesRankingLoss and once with
# MatryoshkaLoss around it, then both evaluated on the held-out test nouns with their vectors cut
# to each size (re-normalised). Prints Recall@1 and MRR@10 per size and the share of each model's
# own full-size Recall@1 it keeps. Rerun with the same arguments after an interruption: a finished training
# or evaluation is kept, an unfinished training continues from its latest checkpoint (--resume).
# Usage: bench/matryoshka.sh [pairs, default 4000] [out dir] [more flags for the Matryoshka training, e.g. --matryoshka-weights 1,1,2,4,2]
set -euo pipefail
cd "$(dirname "$0")/.."
limit="${1:-4000}"; out="${2:-runs/matryoshka}"; matryoshka_flags=("${@:3}")
dims=(384 256 128 64 32)
export C4J_THREADS=2
mkdir -p "$out"
common=(--limit "$limit" --negatives none --eval-every 0 --no-progress)
train() {  # run dir, then extra flags
  local dir="$1"; shift
  if [[ -f "$dir/results.json" ]]; then return; fi
  local resume=(); [[ -e "$dir/checkpoints/latest" ]] && resume=(--resume)
  ./c4j train retriever "${common[@]}" "$@" "${resume[@]}" --out "$dir"
}
train "$out/plain"
train "$out/matryoshka" --matryoshka "$(IFS=,; echo "${dims[*]}")" "${matryoshka_flags[@]}"
for run in plain matryoshka; do
  for d in "${dims[@]}"; do
    [[ -f "$out/$run/test-$d.json" ]] || ./c4j eval retrieval --model "$out/$run/model" --dimensions "$d" --output "$out/$run/test-$d.json" >/dev/null
  done
done
python3 - "$out" "${dims[@]}" <<'PY'
import json, sys
out, dims = sys.argv[1], [int(d) for d in sys.argv[2:]]
r = {run: {d: json.load(open(f"{out}/{run}/test-{d}.json")) for d in dims} for run in ("plain", "matryoshka")}
def metric(m, name):
    return m["retrieval"][name]
print(f"{'dims':>5} {'plain R@1':>10} {'kept':>7} {'MRR@10':>7}   {'matryoshka R@1':>14} {'kept':>7} {'MRR@10':>7}")
for d in dims:
    cells = []
    for run in ("plain", "matryoshka"):
        r1 = metric(r[run][d], "recallAt1")
        full = metric(r[run][dims[0]], "recallAt1")
        cells.append((r1, 100 * r1 / full, metric(r[run][d], "mrrAt10")))
    (a, ka, ma), (b, kb, mb) = cells
    print(f"{d:>5} {a:>10.4f} {ka:>6.1f}% {ma:>7.4f}   {b:>14.4f} {kb:>6.1f}% {mb:>7.4f}")
PY
