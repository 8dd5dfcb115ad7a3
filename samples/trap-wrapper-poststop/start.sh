#!/bin/bash
# The server runs in the background so that the stop trap can shut it down and run the post-stop step after it,
# as pi-hole's start.sh does for pihole-FTL.
trap stop TERM INT

stop() {
  local code=${1:-}
  if [ -z "$code" ]; then
    kill -s TERM "$server_pid"
    wait "$server_pid"
    code=$?
    stopped=1
  fi
  /opt/app/poststop
  exit "$code"
}

start() {
  /opt/app/prestart
  /opt/app/server --config /etc/app.toml &
  server_pid=$!
  wait "$server_pid"
  code=$?
  if [ "$stopped" -eq 0 ]; then
    stop "$code"
  fi
}

stopped=0
start
