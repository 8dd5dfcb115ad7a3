#!/bin/bash
set -euo pipefail
# Keeps a debug container running until it is stopped.
echo "idle: attach with docker exec"

cleanup() {
  kill -s SIGTERM $!
  exit 0
}

trap cleanup SIGINT SIGTERM

while true
do
  sleep 60 &
  wait $!
done
