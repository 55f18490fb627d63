#!/bin/sh
# Rebuilds bundles/armature.physics.compiler/src/test/resources/mujoco/contact_set.csv from
# MuJoCo (Debian's libmujoco-dev 2.2.2: gcc, /usr/include/mujoco, libmujoco.so). MuJoCo looks
# for a URDF's meshes by file name beside the URDF, so each URDF is copied with its collision
# meshes into a temporary folder first; MJCF files are read where they are.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
models="$root/examples/models"
out="$root/bundles/armature.physics.compiler/src/test/resources/mujoco/contact_set.csv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -o "$tmp/contact_set" "$here/contact_set.c" -lmujoco -lm
{
  echo "# MuJoCo 2.2.2 contact sets, $(date -u +%Y-%m-%d), benchmarks/physics/contact-set/contact_set.sh"
  for rel in example-robot-data/robots/panda_description/urdf/panda.urdf \
             example-robot-data/robots/panda_description/urdf/panda_collision.urdf \
             example-robot-data/robots/ur_description/urdf/ur5_robot.urdf \
             example-robot-data/robots/double_pendulum_description/urdf/double_pendulum_simple.urdf; do
    dir="$tmp/$(echo "$rel" | tr / _)"
    mkdir -p "$dir"
    sed -E 's#filename="[^"]*/([^/"]+)"#filename="\1"#g' "$models/$rel" > "$dir/model.urdf"
    grep -o 'filename="[^"]*\.[sS][tT][lL]"' "$models/$rel" | sed -E 's#filename="package://##; s#"$##' |
      while read -r mesh; do cp "$models/$mesh" "$dir/"; done
    "$tmp/contact_set" "$rel" "$dir/model.urdf"
  done
  for rel in gymnasium-robotics/hand/manipulate_block.xml gymnasium-robotics/fetch/pick_and_place.xml; do
    "$tmp/contact_set" "$rel" "$models/$rel"
  done
} > "$out"
echo "wrote $out"
