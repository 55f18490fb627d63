#!/usr/bin/env bash
# A third-party sensor with nothing but mosquitto_pub (Debian: mosquitto-clients), as docs/sensors.md
# describes it: publishes its descriptor (retained), says it is online (retained), then streams one
# sample per line of SAMPLES over one connection whose last will says offline. After the last line the
# connection stays open until the process is killed; a kill (or a lost network) fires the will.
#
# usage: mqtt-device.sh DESCRIPTOR.json SAMPLES.jsonl
# environment: ARMATURE_HOST (127.0.0.1), ARMATURE_PORT (1883), ARMATURE_ID (local), DEVICE (the device
# credential's user name = the sensor id), DEVICE_PASSWORD_FILE (holds the password `armature access add
# DEVICE --role device` printed), SAMPLE_QOS (0), PID_FILE (optional: where the streaming client's pid goes)
set -euo pipefail
descriptor=$1
samples=$2
host=${ARMATURE_HOST:-127.0.0.1}
port=${ARMATURE_PORT:-1883}
base="armature/v1/${ARMATURE_ID:-local}/sensors/${DEVICE:?DEVICE is the device user name}"
password=$(cat "${DEVICE_PASSWORD_FILE:?DEVICE_PASSWORD_FILE holds the device password}")
login=(-h "$host" -p "$port" -V mqttv5 -u "$DEVICE" -P "$password")

# 1. What the sensor is, retained so the registry knows it whenever it (re)starts.
mosquitto_pub "${login[@]}" -i "$DEVICE-descriptor" -q 1 -r -t "$base/descriptor" -f "$descriptor"
# 2. Alive, retained; the will of step 3 replaces it when the device dies.
mosquitto_pub "${login[@]}" -i "$DEVICE-birth" -q 1 -r -t "$base/state" -m '{"state":"online"}'
# 3. Samples, one per line, on one connection that carries the last will. The client reads a fifo this
#    script keeps open, so the connection stays up after the last line until the client is killed (the
#    broker then publishes the will) or this script ends (end of input: a clean disconnect, no will).
fifo=$(mktemp -u "${TMPDIR:-/tmp}/armature-device.XXXXXX")
mkfifo "$fifo"
trap 'rm -f "$fifo"' EXIT
mosquitto_pub "${login[@]}" -i "$DEVICE-samples" -q "${SAMPLE_QOS:-0}" -t "$base/samples" -l \
  --will-topic "$base/state" --will-payload '{"state":"offline"}' --will-qos 1 --will-retain < "$fifo" &
streamer=$!
exec 3> "$fifo"
if [ -n "${PID_FILE:-}" ]; then echo "$streamer" > "$PID_FILE"; fi
cat "$samples" >&3
wait "$streamer"
