#!/usr/bin/env bash
# Regenerates every MuJoCo parity fixture (MujocoParityTest in bundles/armature.physics.compiler).
# Needs MuJoCo as a C library (Debian/Ubuntu: apt-get install libmujoco-dev, MuJoCo 2.2.2) and gcc.
# Run from anywhere:  benchmarks/physics/mujoco/record.sh
# The fixtures are committed data; CI never runs this.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
MODELS="$ROOT/examples/models"
TESTMODELS="$ROOT/bundles/armature.physics.compiler/src/test/resources/models"
OUT="$ROOT/bundles/armature.physics.compiler/src/test/resources/mujoco/parity"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
gcc -O2 -Wall -o "$WORK/record" "$HERE/record.c" -lmujoco -lm
mkdir -p "$OUT"

# MuJoCo cannot resolve package:// URIs and the visual .dae meshes are not shipped: load a temporary
# copy with absolute collision-mesh paths, without <visual> elements, and with strippath="false" (MuJoCo
# 2.2.2 otherwise keeps only the mesh file names of a URDF). The shipped file is untouched; MuJoCo's
# other URDF defaults (fusestatic on) stay as a user loading the file gets them.
urdf_copy() {
    local src="$MODELS/$1" dst="$WORK/$(basename "$1")"
    perl -0pe "s#package://#$MODELS/#g; s#<visual>.*?</visual>##gs;
        s#(<robot[^>]*>)#\$1<mujoco><compiler strippath=\"false\"/></mujoco>#" "$src" > "$dst"
    echo "$dst"
}

# record NAME MODEL_PATH_FOR_MUJOCO SHIPPED_FILE SECONDS [record options]
record() {
    local name="$1" file="$2" shipped="$3" seconds="$4"
    shift 4
    "$WORK/record" "$file" "$OUT/$name.csv" "$seconds" --source "$shipped" \
        --label "benchmarks/physics/mujoco/record.sh ($name: record $shipped $seconds $*)" "$@"
    echo "$name.csv: $(grep -vc '^#' "$OUT/$name.csv") lines"
}

# Contact scenarios: also with RK4, MuJoCo's spread against itself (positions only). Their targets
# are 1e-3 rad and 0.5 mm, so 9 significant digits are plenty and keep the files small.
contact() {
    local name="$1"
    shift
    record "$name" "$@" --digits 9
    record "${name}_rk4" "$@" --digits 9 --rk4 --no-velocities
}

HAND=gymnasium-robotics/hand
FETCH=gymnasium-robotics/fetch
ROBOTS=example-robot-data/robots
record hand_reach_nocontact "$MODELS/$HAND/reach.xml" "examples/models/$HAND/reach.xml" 1 --no-contact
contact hand_reach "$MODELS/$HAND/reach.xml" "examples/models/$HAND/reach.xml" 1
contact hand_block "$MODELS/$HAND/manipulate_block.xml" "examples/models/$HAND/manipulate_block.xml" 2 \
    --bodies object
# Fetch: no RK4 companion. Its joint damping (up to 1e11) makes explicit RK4 blow up in the first
# step ("Nan, Inf or huge value in QVEL"); MuJoCo's Euler treats damping implicitly.
record fetch_pick_and_place "$MODELS/$FETCH/pick_and_place.xml" \
    "examples/models/$FETCH/pick_and_place.xml" 2 --bodies robot0:gripper_link,object0 --digits 9
for u in panda_description/urdf/panda.urdf ur_description/urdf/ur5_robot.urdf \
         double_pendulum_description/urdf/double_pendulum_simple.urdf; do
    name="$(basename "$u" .urdf)_nocontact"
    record "$name" "$(urdf_copy "$ROBOTS/$u")" "examples/models/$ROBOTS/$u" 1 --no-contact
done
T=bundles/armature.physics.compiler/src/test/resources/models
contact cube_drop "$ROOT/$T/cube_drop.xml" "$T/cube_drop.xml" 1 --bodies cube
contact box_stack "$ROOT/$T/box_stack.xml" "$T/box_stack.xml" 1 --bodies box1,box2,box3
du -ch "$OUT"/*.csv | tail -1
