#!/usr/bin/env bash
# Produces the README's accuracy tables: the demo pipeline on the three bundled domain pairs (source-only, teacher,
# adapted float / fx16 / mixed / fx8 bit-exact, target oracle, share of the gap closed), then the same pipeline
# with an ODENet student of the same shape (dsODENet against ODENet under the same adaptation and precision), and
# dsODENet against ODENet trained source-only. Long (about an hour on 2 cores); not part of the test suite.
# Usage: bench/results.sh [OUT_DIR] [PART...]   PART: demos, odenet-demos, source-only (default: all three)
#   env: DEMO_ARGS: more demo arguments for every pair, e.g. DEMO_ARGS="--augment none"
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/results}"
shift || true
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(demos odenet-demos source-only)
wants() { [[ " ${parts[*]} " == *" $1 "* ]]; }
mkdir -p "$out"
./dsodenet --help > /dev/null
pairs=("mnist-uci:--target uci-digits" "mnist-mnistm:--target mnistm-like" "mnist-mnistm-rgb:--target mnistm-like --in-channels 3")
demo() {   # demo NAME ARGS...: runs once; a finished run (its summary.json) is kept
  local dir="$out/$1"; shift
  # shellcheck disable=SC2086 # DEMO_ARGS are words
  [ -f "$dir/summary.json" ] || ./dsodenet demo --out "$dir" --source mnist "$@" ${DEMO_ARGS:-} > "$dir.log"
}
if wants demos; then
  for p in "${pairs[@]}"; do
    # shellcheck disable=SC2086 # the pair's arguments are words
    demo "${p%%:*}" ${p#*:}
  done
fi
if wants odenet-demos; then
  for p in "${pairs[@]}"; do
    # shellcheck disable=SC2086
    demo "${p%%:*}-odenet" ${p#*:} --arch odenet
  done
fi
if wants source-only; then
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
fi
# The README's tables, in Markdown, from the runs' summary.json files.
command -v jq > /dev/null || { echo "results.sh: error: jq not found (apt-get install jq); the runs are in $out" >&2; exit 2; }
jqlib='
def pct: if . == null then "n/a" else (. * 10000 | round) as $x
  | "\($x / 100 | floor).\($x % 100 | tostring | if length < 2 then "0" + . else . end) %" end;
def acc($m; $p): . as $s | [$s.accuracy[] | select(.domain == $s.target and .method == $m and .precision == $p)
  | .accuracy][0];
def share($m; $p): [.gap.closed[] | select(.method == $m and .precision == $p) | .closed][0];
def qd: "distill + QAT-DA";'
echo
echo "| pair | source-only | teacher | adapted float | adapted fx16 (QAT-DA) | adapted fx8 (QAT-DA) | fx8 PTQ | oracle | gap closed (float / fx16 / fx8) |"
echo "|---|---|---|---|---|---|---|---|---|"
for p in "${pairs[@]}"; do
  f="$out/${p%%:*}/summary.json"
  [ -f "$f" ] || continue
  jq -r --arg pair "${p%%:*}" "$jqlib"'
    "| \($pair) | \(.gap.sourceOnly | pct) | \(acc("teacher (float, MMD-aligned)"; "float") | pct) "
    + "| \(acc("distill"; "float") | pct) | \(acc(qd; "fx16") | pct) | \(acc(qd; "fx8") | pct) "
    + "| \(acc("distill"; "fx8") | pct) | \(.gap.oracle | pct) | \(share("distill"; "float") | pct) / "
    + "\(share(qd; "fx16") | pct) / \(share(qd; "fx8") | pct) |"' "$f"
done
echo
echo "| pair | student | parameters | source-only | adapted float | adapted fx8 | oracle | gap closed (fx8) |"
echo "|---|---|---|---|---|---|---|---|"
for p in "${pairs[@]}"; do
  for f in "$out/${p%%:*}/summary.json" "$out/${p%%:*}-odenet/summary.json"; do
    [ -f "$f" ] || continue
    jq -r --arg pair "${p%%:*}" "$jqlib"'
      "| \($pair) | \(.config.arch) \(.config.channels | map(tostring) | join("-")) | \(.params.student) "
      + "| \(.gap.sourceOnly | pct) | \(acc("distill"; "float") | pct) | \(acc(qd; "fx8") | pct) "
      + "| \(.gap.oracle | pct) | \(share(qd; "fx8") | pct) |"' "$f"
  done
done
if wants source-only; then
  grep -h '"accuracy"' "$out"/*.json | head -50
fi
