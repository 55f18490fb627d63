#!/usr/bin/env bash
# Issue 10's physics benchmark: the batched OpenCL engine against the batched reference engine on 1 and
# 2 threads, in one run, for N = 1, 64, 1024, 4096, 16384 worlds, 10 substeps per control step, on
#  - the Shadow hand with its block (manipulate_block.xml, 2 ms step) as written: contacts (forearm
#    hull, finger capsules, block), joint and tendon limits, friction loss;
#  - the double pendulum (URDF) with --no-contacts;
#  - box_stack.xml here: boxes, a ball and a capsule on a plane with a servoed paddle, contacts on;
#  - the Fetch pick-and-place scene (gymnasium-robotics), its gripper welded to a mocap body, contacts on.
# Both engines run the same compiled model, so they do the same work. One JSON line per run goes to the
# results file; a table follows on stdout.
#
#   benchmarks/physics-opencl/run.sh [--device NAME] [--seconds S] [--worlds "1 64 ..."] [--out FILE]
#
# Needs the built distribution (mvn -B -o -DskipTests install). On a GPU machine:
#   benchmarks/physics-opencl/run.sh --device NVIDIA --worlds "1024 4096 16384 65536" --no-reference
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dist=${ARMATURE_DIST:-$repo/distribution/container/target/armature}
device=auto
seconds=5
worlds="1 64 1024 4096 16384"
reference=yes
out=$here/results/$(date -u +%Y-%m-%d)-$(hostname -s).jsonl
while [ $# -gt 0 ]; do
  case "$1" in
    --device) device=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --worlds) worlds=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-reference) reference=no; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
only=${ONLY_MODELS:-}
models=(
  "$repo/examples/models/gymnasium-robotics/hand/manipulate_block.xml|"
  "$repo/examples/models/example-robot-data/robots/double_pendulum_description/urdf/double_pendulum_simple.urdf|--no-contacts"
  "$here/models/box_stack.xml|"
  "$repo/examples/models/gymnasium-robotics/fetch/pick_and_place.xml|"
)
bench() { java -Xmx12g -cp "$dist/lib/*" armature.launcher.Main sim bench "$@" --substeps 10 --seconds "$seconds" --json --package-path "$repo/examples/models"; }
# a run that fails (the reference engine runs out of a 12 GB heap at 16384 hand worlds) is recorded, not fatal
try() { local line; if line=$(bench "$@" 2>/tmp/armature-bench-err); then echo "$line"; else
  printf '{"failed":true,"args":"%s","error":"%s"}\n' "$*" "$(grep -m1 -E 'Error|error' /tmp/armature-bench-err | tr '"' "'")"; fi; }
: > "$out"
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -srm); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# java: $(java -version 2>&1 | head -1)"
  command -v clinfo >/dev/null && echo "# opencl: $(clinfo -l 2>/dev/null | tr '\n' ' ')"
} >> "$out"
for entry in "${models[@]}"; do
  model=${entry%%|*}
  if [ -n "$only" ] && [[ "$model" != *"$only"* ]]; then continue; fi
  flags=(${entry#*|})
  for n in $worlds; do
    try "$model" "${flags[@]}" --engine opencl --device "$device" --worlds "$n" | tee -a "$out"
    if [ "$reference" = yes ]; then
      try "$model" "${flags[@]}" --engine reference --worlds "$n" --threads 1 | tee -a "$out"
      if [ "$n" -ge 2 ]; then try "$model" "${flags[@]}" --engine reference --worlds "$n" --threads 2 | tee -a "$out"; fi
    fi
  done
done
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
for r in [r for r in rows if r.get("failed")]:
    print("failed:", r["args"], "-", r["error"])
rows = [r for r in rows if not r.get("failed")]
print(f"{'model':18} {'worlds':>6} {'engine':22} {'physics steps/s':>16} {'control steps/s':>16} {'B/ctrl step':>12} {'B/world':>8}")
for r in rows:
    eng = r["engine"] + (f" {r['threads']} thr" if r["engine"] == "reference" else f" {r['precision']}")
    moved = r.get("bytesToDevicePerControlStep", 0) + r.get("bytesFromDevicePerControlStep", 0)
    print(f"{r['model']:18} {r['worlds']:>6} {eng:22} {r['stepsPerSecond']:>16,.0f} {r['controlStepsPerSecond']:>16,.0f} {moved:>12,.0f} {r.get('deviceBytesPerWorld', 0):>8}")
PY
