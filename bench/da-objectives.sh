#!/usr/bin/env bash
# Measures the label-free target objectives of `adapt` (issue 10) on a short demo-like schedule: one source-only
# student and one MMD-aligned teacher, then one adapt run per combination, each from the same student. Prints the
# float target test accuracy of each. Hyperparameters are fixed in advance, not tuned on target labels (see the
# report): --im-weight 1 (SHOT's equal weights), --pseudo-weight 1 at --pseudo-threshold 0.9, the demo's adapt
# learning rate and epochs.
# Usage: bench/da-objectives.sh [OUT_DIR] [COMBINATION...]
#   env: IMAGES=2000 EPOCHS=2 ADAPT_EPOCHS=1 SEED=1 TARGET=uci-digits AUGMENT=none TEACHER_IM_EPOCHS=0 PRECISION=
#        STUDENT=, TEACHER=: start from these model files instead of training them (e.g. a demo's
#        models/student-source-only.dsod and, from `demo --teacher-im-epochs 0`, models/teacher.dsod)
#        TEACHER_IM_EPOCHS: epochs of MMD + IM (weight 1) that end the teacher's alignment, as `demo
#        --teacher-im-epochs` (0 = the MMD teacher, as the tables measured before it)
#        PRECISION: e.g. fx8, adds the demo's QAT-DA (--precision P --qat-epochs QAT_EPOCHS --qat-lr 1e-3) to each
#        run and prints its bit-exact line too
#        QAT_EPOCHS=2: the demo's quantized epochs (1 before the demo took 2; set 1 to reproduce older tables)
#        AUGMENT: --augment of every run on labels (student, teacher, each adapt run's source batches, the oracle)
#        DSODENET=./dsodenet (e.g. "java -jar /tmp/frozen.jar", so that editing sources does not rebuild the jar
#        under a running measurement)
#   COMBINATION: names from the list below (default: all), e.g. distill distill+im
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/da-objectives}"
shift || true
images="${IMAGES:-2000}"
epochs="${EPOCHS:-2}"
adapt_epochs="${ADAPT_EPOCHS:-1}"
seed="${SEED:-1}"
target="${TARGET:-uci-digits}"
augment=(--augment "${AUGMENT:-none}")
read -r -a cli <<< "${DSODENET:-./dsodenet}"
mkdir -p "$out"
"${cli[@]}" --help > /dev/null   # build the jar first
common=(--source mnist --target "$target" --max-images "$images" --seed "$seed" "${augment[@]}")
[ -z "${STUDENT:-}" ] || [ -f "$out/student.dsod" ] || cp "$STUDENT" "$out/student.dsod"
[ -z "${TEACHER:-}" ] || [ -f "$out/teacher.dsod" ] || cp "$TEACHER" "$out/teacher.dsod"
[ -f "$out/student.log" ] || [ -z "${STUDENT:-}" ] || echo "from $STUDENT" > "$out/student.log"
[ -f "$out/teacher.log" ] || [ -z "${TEACHER:-}" ] || echo "from $TEACHER" > "$out/teacher.log"
[ -f "$out/student.dsod" ] || "${cli[@]}" train --data mnist --max-images "$images" --epochs "$epochs" --lr 0.01 \
    --seed "$seed" "${augment[@]}" --out "$out/student.dsod" > "$out/student.log"
[ -f "$out/teacher.dsod" ] || {
    # The source-trained models do not depend on the target: copy them from another target's directory to save time.
    [ -f "$out/teacher-src.dsod" ] || "${cli[@]}" train --data mnist --channels 16,32,64 --max-images "$images" --epochs "$epochs" --lr 0.01 \
        --seed "$((seed + 1))" "${augment[@]}" --out "$out/teacher-src.dsod" > "$out/teacher-src.log"
    "${cli[@]}" adapt --model "$out/teacher-src.dsod" --method mmd --epochs "$adapt_epochs" --lr 0.003 "${common[@]}" \
        --out "$out/teacher.dsod" > "$out/teacher.log"
}
teacher="$out/teacher.dsod"
teacher_im="${TEACHER_IM_EPOCHS:-0}"
if [ "$teacher_im" -gt 0 ]; then
    teacher="$out/teacher-im$teacher_im.dsod"
    [ -f "$teacher" ] || "${cli[@]}" adapt --model "$out/teacher.dsod" --method mmd --im-weight 1 \
        --epochs "$teacher_im" --lr 0.003 "${common[@]}" --out "$teacher" > "$out/teacher-im$teacher_im.log"
fi
qat=()
[ -z "${PRECISION:-}" ] || qat=(--precision "$PRECISION" --qat-epochs "${QAT_EPOCHS:-2}" --qat-lr 1e-3)
wanted=("$@")
run() {
    local name="$1"; shift
    if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $name "* ]]; then
        return 0
    fi
    local f="$out/$name.dsod"
    local q=("${qat[@]}")
    [ "$name" != target-oracle ] || q=()   # the oracle is the float ceiling
    [ -f "$f" ] || "${cli[@]}" adapt --model "$out/student.dsod" --epochs "$adapt_epochs" --lr 0.003 "${common[@]}" \
        --out "$f" "${q[@]}" "$@" > "$out/$name.log"
    printf '%-34s %s\n' "$name" "$(tail -1 "$out/$name.log")"
    [ ${#q[@]} -eq 0 ] || printf '%-34s %s\n' "" "$(grep 'after QAT-DA' "$out/$name.log")"
}
echo "student: $(tail -1 "$out/student.log")"
echo "teacher: $(tail -1 "$out/teacher.log")"
[ "$teacher_im" -eq 0 ] || echo "teacher + $teacher_im MMD + IM: $(tail -1 "$out/teacher-im$teacher_im.log")"
run source-only          --method source-only
run source-only+adabn    --method source-only --adabn
run source-only+im       --method source-only --im-weight 1
run source-only+pl       --method source-only --pseudo-weight 1 --pseudo-threshold 0.9
run distill              --method distill --teacher "$teacher"
run distill+adabn        --method distill --teacher "$teacher" --adabn
run distill+im           --method distill --teacher "$teacher" --im-weight 1
run distill+pl           --method distill --teacher "$teacher" --pseudo-weight 1 --pseudo-threshold 0.9
run distill+im+pl        --method distill --teacher "$teacher" --im-weight 1 --pseudo-weight 1 \
    --pseudo-threshold 0.9
run distill+im+pl+adabn  --method distill --teacher "$teacher" --im-weight 1 --pseudo-weight 1 \
    --pseudo-threshold 0.9 --adabn
run target-oracle        --method target-oracle
