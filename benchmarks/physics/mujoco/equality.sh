#!/usr/bin/env bash
# Regenerates MuJoCo's numbers for EqualityMujocoTest (bundles/armature.physics.compiler) from the
# test's own MJCF files. Needs MuJoCo as a C library (libmujoco-dev, MuJoCo 2.2.2) and gcc.
# Run from anywhere:  benchmarks/physics/mujoco/equality.sh   (committed data; CI never runs it)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
DIR="$ROOT/bundles/armature.physics.compiler/src/test/resources/mujoco/equality"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
gcc -O2 -Wall -o "$WORK/equality" "$HERE/equality.c" -lmujoco -lm
for model in connect joint tendon soft; do
    "$WORK/equality" "$DIR/$model.xml" | sed "s#$ROOT/##" > "$DIR/$model.mujoco.txt"
done
# the weld model's mocap target is moved before the first step (EqualityMujocoTest does the same)
"$WORK/equality" "$DIR/weld.xml" 0.05 -0.03 1.1 0.9848078 0.1736482 0 0 | sed "s#$ROOT/##" \
    > "$DIR/weld.mujoco.txt"
