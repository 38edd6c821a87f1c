#!/usr/bin/env bash
# Times the README's main job on the bundled data and prints its summary; the number goes into README.md.
# Usage: bench/demo-timing.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/demo-timing}"
./dsodenet --help > /dev/null   # build the jar first, so the time below is the job alone
start=$(date +%s)
./dsodenet demo --out "$out"
end=$(date +%s)
echo "demo wall time: $((end - start)) s on $(nproc) cores ($(uname -m)), summary in $out/summary.json"
