#!/bin/sh
# Regenerates solver_params_*.txt from MuJoCo itself (Debian's libmujoco-dev, MuJoCo 2.2.2).
set -e
here=$(cd "$(dirname "$0")" && pwd)
models="$here/../../../../../../examples/models/gymnasium-robotics"
gcc -O1 -o /tmp/solver_params "$here/solver_params.c" -lmujoco
for m in hand/reach fetch/pick_and_place; do
  out="$here/solver_params_$(echo "$m" | tr / _).txt"
  { echo "# $m.xml, $(date -u +%Y-%m-%d)"; /tmp/solver_params "$models/$m.xml"; } > "$out"
done
{ echo "# solver_params_classes.xml, $(date -u +%Y-%m-%d)"
  /tmp/solver_params "$here/solver_params_classes.xml"; } > "$here/solver_params_classes.txt"
