#!/usr/bin/env bash
# Renders a digit image folder of our own making (ImageFolder format: DIR/0 .. DIR/9, 28x28 PNGs, white on black)
# with the DejaVu fonts installed here, each image at a random font, size, rotation, shear, stroke width and position
# (bench/FontDigits.java). For checking domain adaptation on digits the code never saw in development:
#   bench/make-font-digits.sh runs/font-digits && ./dsodenet demo --target runs/font-digits --out runs/demo-fonts
# Usage: bench/make-font-digits.sh DIR [PER_CLASS=300] [SEED=7]; DIR must not exist yet (it is written whole:
# a temporary folder beside it, renamed at the end). Fonts: FONT_DIR=/usr/share/fonts/truetype/dejavu
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: bench/make-font-digits.sh DIR [PER_CLASS] [SEED]" >&2; exit 2; }
out="$1"
per_class="${2:-300}"
seed="${3:-7}"
font_dir="${FONT_DIR:-/usr/share/fonts/truetype/dejavu}"
err() { echo "make-font-digits: error: $1" >&2; exit 2; }
[ ! -e "$out" ] || err "$out exists; give a new folder"
[[ "$per_class" =~ ^[1-9][0-9]*$ ]] || err "PER_CLASS must be a positive whole number, got '$per_class'"
[[ "$seed" =~ ^[0-9]+$ ]] || err "SEED must be a whole number, got '$seed'"
# Text faces only: the maths font has no ordinary digits of its own style.
mapfile -t fonts < <(find "$font_dir" -maxdepth 1 -name 'DejaVu*.ttf' ! -name '*Math*' | sort)
[ ${#fonts[@]} -gt 0 ] || err "no DejaVu fonts in $font_dir (apt-get install fonts-dejavu-core, or set FONT_DIR)"
parent="$(dirname "$out")"
mkdir -p "$parent"
tmp="$(mktemp -d "$parent/.font-digits.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
java -Djava.awt.headless=true "$(dirname "$0")/FontDigits.java" "$tmp" "$per_class" "$seed" "${fonts[@]}"
mv -T "$tmp" "$out"
trap - EXIT
echo "wrote $out: 10 classes x $per_class images from ${#fonts[@]} fonts (seed $seed)"
