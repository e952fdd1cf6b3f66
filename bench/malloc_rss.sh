#!/usr/bin/env bash
# Resident memory of MiniLM inference under changing batch shapes (bench/EmbedRss.java) with glibc's tunables as
# ./c4j set them before tcmalloc, glibc's defaults, jemalloc and tcmalloc (each preloaded where installed), one after
# the other in one run, 1 GB heap committed up front, 2 threads. Prints RSS at the first sample and at the end,
# the growth in between, and the time. Usage: bench/malloc_rss.sh [batches, default 600] [sample every, default 100]
set -euo pipefail
cd "$(dirname "$0")/.."
batches="${1:-600}"; every="${2:-100}"
tuned="glibc.malloc.trim_threshold=17179869184:glibc.malloc.mmap_threshold=33554432:glibc.malloc.top_pad=268435456"
lib=/usr/lib/x86_64-linux-gnu
./c4j --version >/dev/null
out="$(mktemp -d)"
printf "%-16s %10s %10s %10s %9s\n" allocator "first MiB" "last MiB" growth seconds
for mode in glibc-tunables glibc-defaults jemalloc tcmalloc; do
  preload=""; tunables=""
  case $mode in
    glibc-tunables) tunables="$tuned" ;;
    jemalloc) preload="$lib/libjemalloc.so.2" ;;
    tcmalloc) preload="$lib/libtcmalloc_minimal.so.4" ;;
  esac
  if [[ -n "$preload" && ! -f "$preload" ]]; then echo "$mode: not installed ($preload), skipped"; continue; fi
  LD_PRELOAD="$preload" GLIBC_TUNABLES="$tunables" java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -Dai.djl.offline=true \
    -Dai.djl.pytorch.num_threads=2 -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -cp "cli/target/contrastive4j-cli.jar:cli/target/lib/*" bench/EmbedRss.java "$batches" "$every" 7 > "$out/$mode.tsv"
  awk -v m="$mode" 'NR == 2 {first = $2} END {printf "%-16s %10d %10d %+10d %9.1f\n", m, first, $2, $2 - first, $3}' "$out/$mode.tsv"
done
echo "samples in $out"
