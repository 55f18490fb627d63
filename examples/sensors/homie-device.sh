#!/usr/bin/env bash
# A Homie 5 device with nothing but mosquitto_pub (Debian: mosquitto-clients), as the Homie convention and
# docs/sensors.md describe it: $state init, its $description (both retained), then $state ready on one
# connection whose last will sets $state to lost, then one property value per line of VALUES. After the last
# line that connection stays open until the process is killed; a kill (or a lost network) fires the will.
#
# usage: homie-device.sh DESCRIPTION.json VALUES.txt
#   VALUES.txt: one "<node>/<property> <value>" per line, e.g. "probe/temperature 21.5"
# environment: ARMATURE_HOST (127.0.0.1), ARMATURE_PORT (1883), DEVICE (the device credential's user name =
# the Homie device id: a-z, 0-9, '-'), DEVICE_PASSWORD_FILE (holds the password `armature access add DEVICE
# --role device` printed), PID_FILE (optional: where the pid of the client holding the will goes)
set -euo pipefail
description=$1
values=$2
host=${ARMATURE_HOST:-127.0.0.1}
port=${ARMATURE_PORT:-1883}
base="homie/5/${DEVICE:?DEVICE is the device user name}"
password=$(cat "${DEVICE_PASSWORD_FILE:?DEVICE_PASSWORD_FILE holds the device password}")
login=(-h "$host" -p "$port" -V mqttv5 -u "$DEVICE" -P "$password")

# 1. Coming up, then what the device is; both retained, as the convention asks of every attribute.
mosquitto_pub "${login[@]}" -i "$DEVICE-init" -q 1 -r -t "$base/\$state" -m init
mosquitto_pub "${login[@]}" -i "$DEVICE-description" -q 1 -r -t "$base/\$description" -f "$description"
# 2. The device's main connection: it carries the last will ($state lost) and says ready. It reads its
#    $state lines from a fifo this script keeps open, so it stays connected after "ready" until it is
#    killed (the broker then publishes the will) or this script ends (a clean disconnect, no will).
fifo=$(mktemp -u "${TMPDIR:-/tmp}/armature-homie.XXXXXX")
mkfifo "$fifo"
trap 'rm -f "$fifo"' EXIT
mosquitto_pub "${login[@]}" -i "$DEVICE" -q 1 -r -t "$base/\$state" -l \
  --will-topic "$base/\$state" --will-payload lost --will-qos 1 --will-retain < "$fifo" &
device=$!
exec 3> "$fifo"
if [ -n "${PID_FILE:-}" ]; then echo "$device" > "$PID_FILE"; fi
echo ready >&3
# 3. Property values, retained (the Homie default), one client each: mosquitto_pub -l has one topic.
while read -r property value; do
  [ -n "$property" ] || continue
  mosquitto_pub "${login[@]}" -i "$DEVICE-value" -q 1 -r -t "$base/$property" -m "$value"
done < "$values"
wait "$device"
