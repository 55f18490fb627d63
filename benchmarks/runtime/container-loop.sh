#!/bin/bash
# The default run's control loop as a user has it (issue 15): starts `./armature run` with the
# default features (simulated hand, its baseline policy at 50 Hz, dashboard) in a fresh home, waits
# for ready and SECONDS more for the JIT, then reads WINDOWS of the loop's 1 s statistics documents
# from the bus and summarises them. With --no-realtime the container runs without CAP_SYS_NICE
# (setpriv), so the loop's SCHED_FIFO request is refused the way a normal account's is.
# --loop-hz sets the loop's rate (configuration rateHz of armature.control~hand, applied live);
# --policy-hz the baseline policy's (its setting rateHz), 0 uninstalls the policy's feature.
#
#   benchmarks/runtime/container-loop.sh [--windows 60] [--settle 20] [--no-realtime]
#                                        [--loop-hz 500] [--policy-hz 50]
#
# Run from the repository root after a build; prints one line per window and a summary.
set -euo pipefail
windows=60; settle=20; prefix=(); pid=; loophz=; policyhz=
while [ $# -gt 0 ]; do
  case "$1" in
    --windows) windows=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --loop-hz) loophz=$2; shift 2 ;;
    --policy-hz) policyhz=$2; shift 2 ;;
    --no-realtime) prefix=(setpriv --bounding-set=-sys_nice --inh-caps=-sys_nice --ambient-caps=-sys_nice prlimit --rtprio=0); shift ;;
    *) echo "unknown option $1; allowed: --windows N --settle S --no-realtime --loop-hz HZ --policy-hz HZ" >&2; exit 2 ;;
  esac
done
[ -x ./armature ] || { echo "run from the repository root" >&2; exit 2; }
home=$(mktemp -d /tmp/armature-loopcheck.XXXXXX)
trap '[ -n "$pid" ] && { kill $pid 2>/dev/null; wait $pid 2>/dev/null; }; rm -rf "$home"' EXIT
mkdir -p "$home/config"
cp config/armature.features.cfg "$home/config/"
ln -s "$PWD/examples" "$home/examples"
"${prefix[@]}" ./armature run --home "$home" --id loopcheck --port 0 --http-port 0 > "$home/run.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  grep -q "is ready" "$home/run.log" && break
  kill -0 $pid 2>/dev/null || { cat "$home/run.log"; exit 1; }
  sleep 1
done
grep -q "is ready" "$home/run.log" || { echo "not ready after 120 s:" >&2; cat "$home/run.log" >&2; exit 1; }
grep -E "is ready|loop 'hand'|not real-time" "$home/run.log" | cut -c1-200
# A fresh home may start latched (fail safe); clear it and let the baseline policy act.
cli=(--home "$home" --id loopcheck)
if ./armature estop status "${cli[@]}" | grep -q LATCHED; then
  ./armature estop acknowledge "${cli[@]}" > /dev/null
  ./armature estop reset "${cli[@]}" > /dev/null
fi
if [ -n "$loophz" ]; then
  ./armature config set armature.control~hand "rateHz=$loophz" "${cli[@]}" > /dev/null
fi
if [ "$policyhz" = 0 ]; then
  ./armature feature uninstall hand-baseline "${cli[@]}" > /dev/null
elif [ -n "$policyhz" ]; then
  ./armature config set armature.policy~hand \
    "settings=[rateHz=$policyhz, speedFraction=0.25, dwellSeconds=0.5, poseFractions=0.15 0.5 0.85 0.5]" \
    "${cli[@]}" > /dev/null
fi
./armature policy resume hand "${cli[@]}" > /dev/null 2>&1 || true
echo "e-stop $(./armature estop status "${cli[@]}" | head -1); policy: $(./armature policy list "${cli[@]}" 2>&1 | tail -n +2 | head -1)"
echo "loop: $(./armature loop stats --loop hand "${cli[@]}" 2>&1 | grep -iE 'rate|Hz' | head -1)"
sleep "$settle"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
./armature echo armature/v1/loopcheck/control/hand/statistics --count "$windows" "${cli[@]}" > "$home/stats.jsonl"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$home/stats.jsonl" <<'PY'
import json, sys
rows = []
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith('{'):
        line = line[line.find('{'):]
    if line:
        rows.append(json.loads(line))
if not rows:
    sys.exit("no statistics documents")
us = lambda n: n / 1000
t = [r["timing"] for r in rows]
print(f"thread: {rows[-1].get('scheduling')}")
for i, w in enumerate(t):
    print(f"window {i+1:3d}: ticks {w['ticks']} lateness p50 {us(w['latenessP50Nanos']):7.1f} p99 {us(w['latenessP99Nanos']):8.1f} p99.9 {us(w.get('latenessP999Nanos', 0)):8.1f} max {us(w['latenessMaxNanos']):8.1f} us, tick p99 {us(w['durationP99Nanos']):7.1f} us, overruns {w['overruns']}")
p50 = sorted(us(w['latenessP50Nanos']) for w in t)
p99 = sorted(us(w['latenessP99Nanos']) for w in t)
p999 = sorted(us(w.get('latenessP999Nanos', 0)) for w in t)
mx = max(us(w['latenessMaxNanos']) for w in t)
over = sum(w['overruns'] for w in t)
withover = sum(1 for w in t if w['overruns'] > 0)
print(f"{len(t)} windows, {sum(w['ticks'] for w in t)} ticks: window p50 median {p50[len(p50)//2]:.1f} us; window p99 median {p99[len(p99)//2]:.1f} us, worst {p99[-1]:.1f} us; window p99.9 median {p999[len(p999)//2]:.1f} us; max {mx:.1f} us; overruns {over} in {withover} of {len(t)} windows")
PY
