#!/usr/bin/env bash
# Wall time of the example sweep (examples/sweep-precision.json) on the embedded Spark master with 1 and with 2
# executor cores, and the speed-up. Each run starts from an empty directory, so no cell is skipped. Not part of the
# test suite (minutes). The 2-core run's frontier.html and table.csv are the README's frontier.
# Usage: bench/sweep-speedup.sh [OUT_DIR] [GRID]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/sweep-speedup}"
grid="${2:-examples/sweep-precision.json}"
for c in 1 2; do
  [ ! -e "$out/cores-$c" ] || { echo "bench/sweep-speedup.sh: $out/cores-$c exists; give a new OUT_DIR" >&2; exit 2; }
done
./dsodenet sweep --grid "$grid" --out "$out/cores-0" --dry-run > /dev/null # builds the sweep jar outside the timing
declare -A secs cpu
for c in 1 2; do
  # Wall and CPU time (user + sys) of the whole command: on a machine others load too, CPU time still compares.
  TIMEFORMAT='%R %U %S'
  t=$({ time ./dsodenet sweep --grid "$grid" --out "$out/cores-$c" --cores "$c" >&3 2>&3; } 3>&2 2>&1)
  read -r wall user sys <<<"$t"
  secs[$c]=$wall
  cpu[$c]=$(echo "$user + $sys" | bc)
done
printf 'cores 1: %.0f s (CPU %.0f s)\ncores 2: %.0f s (CPU %.0f s)\nspeed-up: %.2fx (load average at the end: %s)\n' \
  "${secs[1]}" "${cpu[1]}" "${secs[2]}" "${cpu[2]}" "$(echo "${secs[1]} / ${secs[2]}" | bc -l)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/speedup.txt"
