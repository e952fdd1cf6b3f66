#!/usr/bin/env bash
# CoSENT and AnglE against the in-batch loss on scored WordNet pairs (path similarity), in one run:
# base all-MiniLM-L6-v2 and the three fine-tuned models, Spearman and Pearson on held-out test pairs.
# Usage: bench/scored_losses.sh [training pairs, default 8000] [test pairs, default 2000] [batch, default 32]
set -euo pipefail
cd "$(dirname "$0")/.."
./c4j --version >/dev/null
exec java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${C4J_THREADS:-2}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "cli/target/contrastive4j-cli.jar:cli/target/lib/*" bench/ScoredLosses.java "$@"
