#!/usr/bin/env bash
# The four captioning decoders on full Fashion-MNIST (60k training images, the 10k test images),
# the same epochs and batch for each, then one table from their results.json. prefix and zeroshot
# read a CLIP model (trained first with './c4j train clip' unless one is given). Not run in CI.
# Usage: bench/decoders.sh [clip-model-dir] [epochs] [out-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
clip="${1:-}"; epochs="${2:-3}"; out="${3:-runs/decoders}"
if [ -z "$clip" ]; then
  ./c4j train clip --out "$out/clip" --no-progress
  clip="$out/clip/model"
fi
for kind in prefix zeroshot prefixlm coca; do
  ./c4j train decoder --kind "$kind" --clip "$clip" --epochs "$epochs" --batch-size 128 --eval-every 200 \
    --out "$out/$kind" --no-progress 2>&1 | tail -6
done
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
print("| kind | captions naming the right class (init -> trained) | perplexity (init -> trained) | zero-shot | train s |")
print("|---|---|---|---|---|")
for kind in ["prefix", "zeroshot", "prefixlm", "coca"]:
    r = json.load(open(f"{out}/{kind}/results.json"))
    rows = {x["name"]: x for x in r["rows"]}
    i, t = rows["decoder at initialisation"], rows["decoder trained"]
    num = lambda v: float(v)  # Jackson writes NaN as the string "NaN"
    zs = num(t["zeroShot"]) if num(t["zeroShot"]) == num(t["zeroShot"]) else None
    ref = [x for x in r["rows"] if x["name"].startswith("frozen CLIP")]
    zs_text = f"{100*zs:.2f}%" if zs is not None else (f"(frozen CLIP {100*num(ref[0]['zeroShot']):.2f}%)" if ref else "-")
    print(f"| {kind} | {100*i['captionAccuracy']:.2f}% -> {100*t['captionAccuracy']:.2f}% | "
          f"{i['perplexity']:.1f} -> {t['perplexity']:.2f} | {zs_text} | {r['train_seconds']:.0f} |")
PY
