#!/usr/bin/env bash
# Runs one of the measurement programs of the benchmarks module (org.dsodenet.bench.measure), which the build
# compiles with everything else, so they cannot fall behind the code they measure.
# Usage: bench/measure.sh QatMeasure|BnFreezeMeasure|CpuTime|FloatMeasure|FakeQuantMeasure|ExactSpeed|AbTime|AbStep|AbThreads|AbRatio|AbExact|FloatThreads|RowPlacement [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/measure.sh QatMeasure|BnFreezeMeasure|CpuTime|FloatMeasure|FakeQuantMeasure|ExactSpeed|AbTime|AbStep|AbThreads|AbRatio|AbExact|FloatThreads|RowPlacement [ARGS...]" >&2; exit 2; }
main="$1"
shift
[ -f "benchmarks/src/main/java/org/dsodenet/bench/measure/$main.java" ] \
  || { echo "bench/measure.sh: error: no measurement program $main (QatMeasure, BnFreezeMeasure, CpuTime, FloatMeasure, FakeQuantMeasure, ExactSpeed, AbTime, AbStep, AbThreads, AbRatio, AbExact, FloatThreads, RowPlacement)" >&2; exit 2; }
./mvnw -B -q -Dstyle.color=never -DskipTests -pl benchmarks -am package >&2
exec java ${DSODENET_JAVA_OPTS:--Xmx8g} -cp benchmarks/target/benchmarks.jar "org.dsodenet.bench.measure.$main" "$@"
