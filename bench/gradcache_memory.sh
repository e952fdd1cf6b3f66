#!/usr/bin/env bash
# Peak memory and step time of a MiniLM retriever step (WordNet pairs, 32 tokens, in-batch
# negatives) with and without GradCache, each setting in its own JVM (the allocator keeps freed
# pages, so one process per row keeps the peaks honest). Not run in CI.
# Usage: bench/gradcache_memory.sh [chunk] [uncached batches] [cached batches]
set -euo pipefail
cd "$(dirname "$0")/.."
chunk="${1:-64}"; plain="${2:-128 256 512}"; cached="${3:-128 256 512 1024}"
export C4J_THREADS=2
./c4j --version >/dev/null
echo -e "batch\tGradCache\tstep s\tresident MiB\tstep peak MiB\tloss"
for b in $plain; do
  ./c4j bench gradcache --tsv --steps 1 --batch "$b" --chunk 0 | tail -n +2 | awk -F'\t' '{printf "%s\toff\t%s\t%s\t%s\t%s\n", $1, $3, $4, $5, $6}'
done
for b in $cached; do
  ./c4j bench gradcache --tsv --steps 1 --batch "$b" --chunk "$chunk" | tail -n +2 | awk -F'\t' '{printf "%s\tchunk %s\t%s\t%s\t%s\t%s\n", $1, $2, $3, $4, $5, $6}'
done
