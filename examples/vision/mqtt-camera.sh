#!/usr/bin/env bash
# A network camera with nothing but mosquitto_pub (Debian: mosquitto-clients), as docs/vision.md
# describes it: logs in as a device whose user name is the camera id, publishes its camera model
# (retained), then each PNG given as a frame of that camera, with the user properties the container
# reads, at RATE_HZ, REPEAT times over. One connection per frame: mosquitto_pub cannot stream binary
# files on one connection (a real camera would keep one).
#
# usage: mqtt-camera.sh INFO.json FRAME.png...
# environment: ARMATURE_HOST (127.0.0.1), ARMATURE_PORT (1883), ARMATURE_ID (local), DEVICE (the device
# credential's user name = the camera id), DEVICE_PASSWORD_FILE (holds the password `armature access
# add DEVICE --role device` printed), RATE_HZ (5), REPEAT (1)
set -euo pipefail
info=$1
shift
host=${ARMATURE_HOST:-127.0.0.1}
port=${ARMATURE_PORT:-1883}
base="armature/v1/${ARMATURE_ID:-local}/vision/cameras/${DEVICE:?DEVICE is the device user name}"
password=$(cat "${DEVICE_PASSWORD_FILE:?DEVICE_PASSWORD_FILE holds the device password}")
login=(-h "$host" -p "$port" -V mqttv5 -u "$DEVICE" -P "$password")
period=$(awk -v r="${RATE_HZ:-5}" 'BEGIN { printf "%.3f", 1 / r }')

# A PNG's width, height and pixel format from its header (IHDR: width, height, bit depth, colour type).
png_header() {
  local bytes
  bytes=$(od -A n -t u1 -j 16 -N 10 "$1" | tr -s ' \n' ' ')
  read -r w1 w2 w3 w4 h1 h2 h3 h4 depth colour <<<"$bytes"
  width=$(( (w1 << 24) | (w2 << 16) | (w3 << 8) | w4 ))
  height=$(( (h1 << 24) | (h2 << 16) | (h3 << 8) | h4 ))
  if [ "$depth" != 8 ]; then
    echo "mqtt-camera: $1 has $depth-bit samples; allowed: 8" >&2
    exit 2
  fi
  case "$colour" in
    0) format=grey8 ;;
    2) format=rgb8 ;;
    *) echo "mqtt-camera: $1 has PNG colour type $colour; allowed: 0 (grey) or 2 (RGB)" >&2; exit 2 ;;
  esac
}

# 1. The camera's model, retained so the container and viewers know it whenever they (re)start.
mosquitto_pub "${login[@]}" -i "$DEVICE-info" -q 1 -r -t "$base/info" -f "$info"
# 2. Frames: the PNG is the payload, its description the MQTT 5 user properties.
for ((round = 0; round < ${REPEAT:-1}; round++)); do
  for png in "$@"; do
    png_header "$png"
    mosquitto_pub "${login[@]}" -i "$DEVICE-frames" -q 0 -t "$base/frames" -f "$png" \
      -D publish content-type image/png \
      -D publish user-property armature-timestamp-ns "$(date +%s%N)" \
      -D publish user-property armature-width-px "$width" \
      -D publish user-property armature-height-px "$height" \
      -D publish user-property armature-pixel-format "$format"
    sleep "$period"
  done
done
