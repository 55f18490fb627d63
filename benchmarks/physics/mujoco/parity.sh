#!/usr/bin/env bash
# How far the reference engine is from MuJoCo on every recorded fixture (no MuJoCo needed):
#   benchmarks/physics/mujoco/parity.sh [NAME_FILTER]
# Builds armature.physics.reference and the compiler's test classes offline, then runs
# MujocoParityReport (a plain main in the compiler's test tree). Set MAVEN_REPO to use a private
# Maven repository (default ~/.m2/repository); set SKIP_BUILD=1 to rerun without building.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
M="$ROOT/bundles/armature.physics.compiler"
REPO=()
if [ -n "${MAVEN_REPO:-}" ]; then REPO=(-Dmaven.repo.local="$MAVEN_REPO"); fi
if [ -z "${SKIP_BUILD:-}" ]; then
    (cd "$ROOT" && mvn -B -o -q "${REPO[@]}" -Dspotless.check.skip=true -DskipTests \
        -pl bundles/armature.physics.reference install)
    (cd "$ROOT" && mvn -B -o -q "${REPO[@]}" -Dspotless.check.skip=true \
        -pl bundles/armature.physics.compiler test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/test.classpath)
fi
cd "$M" # the test models are found relative to the module, as in the tests
exec java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
    armature.physics.compiler.MujocoParityReport "$@"
