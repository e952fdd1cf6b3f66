#!/usr/bin/env bash
# The SimCLR training step of an earlier commit against this tree's, in one script: the earlier
# commit is checked out into a worktree and built there, then the two `c4j bench simclr-step`
# runs alternate, 2 threads each, never at the same time. Prints the median step of each side and
# their ratio. Usage: bench/before_after.sh [commit, default b4dada9: before the library API] [rounds] [batch]
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-b4dada9}"; rounds="${2:-5}"; batch="${3:-256}"
export C4J_THREADS=2
tmp="$(mktemp -d)"
trap 'git worktree remove --force "$tmp/base" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add --detach "$tmp/base" "$base" >/dev/null 2>&1
(cd "$tmp/base" && ./c4j --version >/dev/null)
./c4j --version >/dev/null
for r in $(seq "$rounds"); do
  (cd "$tmp/base" && ./c4j bench simclr-step --tsv --batch "$batch") | tail -n +2 | sed "s/^/before\t/" >> "$tmp/all.tsv"
  ./c4j bench simclr-step --tsv --batch "$batch" | tail -n +2 | sed "s/^/after\t/" >> "$tmp/all.tsv"
done
python3 - "$tmp/all.tsv" "$rounds" "$base" "$(git rev-parse --short HEAD)" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    who, batch, ms = line.split("\t")[:3]
    rows[who].append(float(ms))
print(f"SimCLR training step, batch {batch} (x2 views), 2 threads, {sys.argv[2]} alternating rounds (each a median of 21 steps)")
print(f"{'':>8} {'commit':>8} {'median ms':>10} {'rounds ms':>40}")
for who, commit in (("before", sys.argv[3]), ("after", sys.argv[4])):
    print(f"{who:>8} {commit:>8} {statistics.median(rows[who]):>10.1f} {' '.join(f'{x:.1f}' for x in rows[who]):>40}")
print(f"after / before: {statistics.median(rows['after']) / statistics.median(rows['before']):.3f}")
PY
