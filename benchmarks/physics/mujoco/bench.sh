#!/usr/bin/env bash
# MuJoCo (C library, bench.c) and the reference engine (RealModelBenchmark) side by side, model by
# model in one run, on the Shadow hand files and Fetch; prints both lines and engine/MuJoCo.
#   benchmarks/physics/mujoco/bench.sh [ROUNDS] [STEPS]        (defaults 5 10000)
# Needs libmujoco-dev and gcc. Set MAVEN_REPO for a private Maven repository, SKIP_BUILD=1 to
# reuse the last build. Same protocol on both sides: single thread, controls uniform in ctrlrange
# held 20 steps, reset every 1000 steps, 30000 warm-up steps, median of the rounds.
set -euo pipefail
ROUNDS="${1:-5}"
STEPS="${2:-10000}"
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
MODELS="$ROOT/examples/models"
B="$ROOT/benchmarks/physics"
REPO=()
if [ -n "${MAVEN_REPO:-}" ]; then REPO=(-Dmaven.repo.local="$MAVEN_REPO"); fi
mkdir -p "$B/target"
if [ -z "${SKIP_BUILD:-}" ]; then
    (cd "$ROOT" && mvn -B -o -q "${REPO[@]}" -Dspotless.check.skip=true -DskipTests \
        -pl benchmarks/physics -am install)
    (cd "$ROOT" && mvn -B -o -q "${REPO[@]}" -pl benchmarks/physics dependency:build-classpath \
        -Dmdep.outputFile=target/bench.classpath)
    gcc -O2 -Wall -o "$B/target/mujoco-bench" "$(dirname "$0")/bench.c" -lmujoco -lm
fi
CP="$B/target/classes:$(cat "$B/target/bench.classpath")"
printf '%-22s %5s %5s %4s %10s %10s %8s\n' model nq nv nu median/s best/s contacts
for f in gymnasium-robotics/hand/manipulate_block.xml gymnasium-robotics/hand/reach.xml \
         gymnasium-robotics/fetch/pick_and_place.xml; do
    mj="$("$B/target/mujoco-bench" "$MODELS/$f" "$ROUNDS" "$STEPS")"
    ours="$(java -cp "$CP" armature.physics.benchmark.RealModelBenchmark "$MODELS" "$ROUNDS" "$STEPS" "$f" \
        2>/dev/null | grep "^$(basename "$f") ")"
    echo "$mj"
    echo "$ours  (reference engine)"
    # per CPU-second: the thread's own CPU time, which other engineers' load disturbs less
    awk -v a="$(echo "$ours" | awk '{print $5}')" -v b="$(echo "$mj" | awk '{print $5}')" \
        -v c="$(echo "$ours" | sed 's/.*per cpu-second median \([0-9]*\).*/\1/')" \
        -v d="$(echo "$mj" | sed 's/.*per cpu-second median \([0-9]*\).*/\1/')" \
        -v n="$(basename "$f")" \
        'BEGIN { printf "%-22s engine/MuJoCo %.2fx median steps/s, %.2fx per cpu-second\n\n", n, a / b, c / d }'
done
