#!/usr/bin/env bash
# Produces the README's accuracy tables: the demo pipeline on two domain pairs, and dsODENet against ODENet
# trained the same way. Long (tens of minutes on 2 cores); not part of the test suite.
# Usage: bench/results.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/results}"
mkdir -p "$out"
./dsodenet --help > /dev/null
./dsodenet demo --out "$out/mnist-uci" --source mnist --target uci-digits
./dsodenet demo --out "$out/mnist-mnistm" --source mnist --target mnistm-like
./dsodenet demo --out "$out/mnist-mnistm-rgb" --source mnist --target mnistm-like --in-channels 3
for arch in dsodenet odenet; do
  ./dsodenet train --arch "$arch" --data mnist --max-images 4000 --epochs 4 --lr 0.01 --out "$out/$arch.dsod"
  for p in fx16 fx8; do
    ./dsodenet quantize --model "$out/$arch.dsod" --precision "$p" --out "$out/$arch-$p.dsod"
    for d in mnist uci-digits; do
      ./dsodenet eval --model "$out/$arch-$p.dsod" --data "$d" --fixed --json > "$out/$arch-$p-$d.json"
    done
  done
  for d in mnist uci-digits; do
    ./dsodenet eval --model "$out/$arch.dsod" --data "$d" --json > "$out/$arch-float-$d.json"
  done
  ./dsodenet params "$arch" > "$out/$arch-params.txt"
done
grep -h '"accuracy"' "$out"/*.json | head -50
