#!/bin/bash
# Starts every service named in SERVICES and waits for all of them.
set -e
SERVICES="${SERVICES:-api-server queue-worker}"
mkdir -p /tmp/app/run

pids=()
for s in $SERVICES; do
  echo "starting $s"
  "$s" --pidfile "/tmp/app/run/$s.pid" &
  pids+=($!)
done

wait "${pids[@]}"
