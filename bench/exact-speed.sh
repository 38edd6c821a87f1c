#!/usr/bin/env bash
# Speed of the bit-exact Java forward against Java float inference and the exported C++ (the issue's targets), all
# on the same images in one run: exports MODEL's HLS project (ROM weights) into a temporary directory, checks it
# bit for bit against the Java forward in C simulation (verify-hls), builds a timing driver with g++ -O2 against
# the bundled host model of ap_fixed (and Xilinx's headers with --ap-include), and times Java float, Java bit-exact
# (one thread and every core) and C++ (one thread) on the testbench's images. Times are per image: thread CPU on one
# thread (robust on a shared machine), process CPU and wall clock on every core.
# Usage: bench/exact-speed.sh MODEL.dsod [--ap-include DIR] [--images N]
set -euo pipefail
fail() {
  echo "exact-speed.sh: error: $1" >&2
  exit 2
}
usage="usage: bench/exact-speed.sh MODEL.dsod [--ap-include DIR] [--images N]"
model=""
ap=""
images=20
while [ $# -gt 0 ]; do
  case "$1" in
    --ap-include) [ $# -ge 2 ] || fail "--ap-include needs a directory ($usage)"; ap="$2"; shift 2 ;;
    --images) [ $# -ge 2 ] || fail "--images needs a number ($usage)"; images="$2"; shift 2 ;;
    -h|--help) echo "$usage"; exit 0 ;;
    -*) fail "unknown option $1 ($usage)" ;;
    *) [ -z "$model" ] || fail "one model only, got '$model' and '$1' ($usage)"; model="$1"; shift ;;
  esac
done
[ -n "$model" ] || fail "no model given ($usage)"
[ -f "$model" ] || fail "$model: no such model file"
[[ "$images" =~ ^[1-9][0-9]{0,4}$ ]] || fail "--images must be a whole number from 1 to 99999, got '$images'"
if [ -n "$ap" ]; then
  [ -f "$ap/ap_fixed.h" ] && [ -f "$ap/ap_int.h" ] || fail "$ap holds no ap_fixed.h and ap_int.h (Xilinx's include directory)"
  ap="$(cd "$ap" && pwd)"
fi
command -v g++ >/dev/null || fail "g++ not found (apt-get install g++)"
model="$(cd "$(dirname "$model")" && pwd)/$(basename "$model")"
cd "$(dirname "$0")/.."

work="$(mktemp -d "${TMPDIR:-/tmp}/exact-speed.XXXXXX")"
trap 'rm -rf "$work"' EXIT # only the directory this run created
proj="$work/proj"
./dsodenet export-hls --model "$model" --out "$proj" --weights rom --tb-images "$images" >"$work/export.log" \
  || fail "export-hls failed (see above)"
top="$(sed -n 's/.*"top" *: *"\([^"]*\)".*/\1/p' "$proj/dsodenet-project.json" | head -1)"
[ "$top" = dsodenet_top ] || fail "the timing driver needs the top function dsodenet_top, the project has '${top:-?}'"
tb="$proj/tb/data/tb_data.txt"

echo "# C simulation against the Java forward on the same $images images:"
./dsodenet verify-hls --hls "$proj" --model "$model" --images "$images" | tail -1 | sed 's/^/#   host model: /'
if [ -n "$ap" ]; then
  ./dsodenet verify-hls --hls "$proj" --model "$model" --images "$images" --ap-include "$ap" | tail -1 \
    | sed 's/^/#   Xilinx headers: /'
fi

build() { # NAME INCLUDE
  g++ -O2 -std=c++14 -w -I"$proj/firmware" -I"$proj/tb" -isystem "$2" "$proj/firmware/$top.cpp" \
    bench/exact-speed-driver.cpp -o "$work/$1" || fail "g++ could not build the timing driver against $2"
}
build driver-host "$proj/host"
[ -z "$ap" ] || build driver-xilinx "$ap"

{
  bench/measure.sh ExactSpeed "$model" "$tb"
  "$work/driver-host" cpp-host-model "$tb"
  [ -z "$ap" ] || "$work/driver-xilinx" cpp-xilinx "$tb"
} | tee "$work/results.txt" | grep -v '^RESULT' || true

awk -v model="$model" '
  $1 == "RESULT" { cpu[$2 " " $3] = $4; wall[$2 " " $3] = $5; order[n++] = $2 " " $3 }
  END {
    printf "\n%s, %s\n\n", model, "time per image (us); one thread: thread CPU; every core: process CPU and wall"
    printf "| run | threads | CPU us/image | wall us/image |\n|---|---|---|---|\n"
    for (i = 0; i < n; i++) { split(order[i], k, " "); printf "| %s | %s | %.1f | %.1f |\n", k[1], k[2], cpu[order[i]], wall[order[i]] }
    e = cpu["java-exact 1"]
    printf "\n| ratio | value | target |\n|---|---|---|\n"
    printf "| Java float / Java bit-exact, one thread (CPU) | %.2f | >= 1 |\n", cpu["java-float 1"] / e
    for (r in wall) if (r ~ /^java-exact / && r != "java-exact 1") { t = substr(r, 12)
      printf "| Java float / Java bit-exact, %s threads (wall) | %.2f | >= 1 |\n", t, wall["java-float " t] / wall[r] }
    printf "| C++ host model (g++ -O2) / Java bit-exact, one thread (CPU) | %.2f | > 1 |\n", cpu["cpp-host-model 1"] / e
    if ("cpp-xilinx 1" in cpu) printf "| C++ Xilinx headers / Java bit-exact, one thread (CPU) | %.2f | >= 10 |\n", cpu["cpp-xilinx 1"] / e
  }' "$work/results.txt"
