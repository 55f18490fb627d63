#!/bin/sh
# Rebuilds bundles/armature.physics.compiler/src/test/resources/mujoco/box_contacts.csv from MuJoCo
# (Debian's libmujoco-dev 2.2.2: gcc, /usr/include/mujoco, libmujoco.so) for the box-contact
# parity test (ADR 0087): the models in .../mujoco/box_contacts/, each in 300 seeded poses.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
models="$root/bundles/armature.physics.compiler/src/test/resources/mujoco/box_contacts"
out="$root/bundles/armature.physics.compiler/src/test/resources/mujoco/box_contacts.csv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -o "$tmp/box_contacts" "$here/box_contacts.c" -lmujoco -lm
{
  echo "# MuJoCo 2.2.2 contacts, $(date -u +%Y-%m-%d), benchmarks/physics/box-contacts/box_contacts.sh"
  for model in capsule_box box_capsule capsule_box_margin sphere_box box_box cube_cube \
               box_box_margin plane_box; do
    "$tmp/box_contacts" "$model" "$models/$model.xml" 300
  done
} > "$out"
echo "wrote $out"
